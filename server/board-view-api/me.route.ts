// GET /api/me: the session's account, its install, subscription, the user's rights and the state of
// the monday connection the user acts with.
import { Router } from "express";
import { sessionOf } from "../auth/session-token.ts";
import type { PrismaClient } from "../db/client.ts";
import type { AccountRef } from "../monday-api/account-api.ts";

/** The connection a user acts with (the OAuth capability's token store). */
export interface Connections {
  connectionOf(actor: AccountRef): Promise<{ connected: boolean; scopes: string[]; needsReconnect: boolean }>;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function meRouter(prisma: PrismaClient, connections: Connections): Router {
  const router = Router();
  router.get("/api/me", async (req, res) => {
    const { accountId, userId, isAdmin, canEdit } = sessionOf(req);
    const [account, install, subscription, oauth] = await Promise.all([
      prisma.account.findUnique({ where: { id: accountId } }),
      prisma.install.findUnique({ where: { accountId } }),
      prisma.subscription.findUnique({ where: { accountId } }),
      connections.connectionOf({ accountId, userId, isAdmin }),
    ]);
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
      user: { id: userId, isAdmin, canEdit },
      oauth,
    });
  });
  return router;
}
