// GET /api/me: the session's account, its install, subscription and OAuth state.
import { Router } from "express";
import { sessionOf } from "../auth/session-token.ts";
import type { PrismaClient } from "../db/client.ts";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function meRouter(prisma: PrismaClient): Router {
  const router = Router();
  router.get("/api/me", async (req, res) => {
    const { accountId, userId } = sessionOf(req);
    const [account, install, subscription, tokens] = await Promise.all([
      prisma.account.findUnique({ where: { id: accountId } }),
      prisma.install.findUnique({ where: { accountId } }),
      prisma.subscription.findUnique({ where: { accountId } }),
      prisma.oAuthToken.findMany({ where: { accountId }, select: { userId: true, scopes: true, needsReconnect: true, updatedAt: true } }),
    ]);
    // the user's own token if they connected, else the account's most recent one
    const token = tokens.find((t) => t.userId === userId) ?? tokens.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
    res.json({
      account: { id: accountId, name: account?.name ?? null, slug: account?.slug ?? null, tier: account?.tier ?? null },
      install: {
        status: install?.status ?? "unknown",
        installedAt: iso(install?.installedAt),
        uninstalledAt: iso(install?.uninstalledAt),
      },
      subscription: {
        planId: subscription?.planId ?? null,
        isTrial: subscription?.isTrial ?? false,
        billingPeriod: subscription?.billingPeriod ?? null,
        renewalDate: iso(subscription?.renewalDate),
        daysLeft: subscription?.daysLeft ?? null,
        status: subscription?.status ?? "none",
      },
      oauth: {
        connected: Boolean(token && !token.needsReconnect),
        scopes: token ? token.scopes.split(/[\s,]+/).filter(Boolean) : [],
        needsReconnect: Boolean(token?.needsReconnect),
      },
    });
  });
  return router;
}
