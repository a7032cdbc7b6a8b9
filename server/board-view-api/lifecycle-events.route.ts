// GET /api/lifecycle-events: the account's app lifecycle timeline, newest first.
import { Router } from "express";
import { sessionOf } from "../auth/session-token.ts";
import type { PrismaClient } from "../db/client.ts";
import { pageOf, readPage } from "./pagination.ts";

export function lifecycleEventsRouter(prisma: PrismaClient): Router {
  const router = Router();
  router.get("/api/lifecycle-events", async (req, res) => {
    const { accountId } = sessionOf(req);
    const page = readPage(req.query);
    // ordered like the state is: time, then the natural order of event types at the same instant
    const rows = await prisma.lifecycleEvent.findMany({
      where: { accountId, ...(page.after ? { orderKey: { lt: page.after[0] } } : {}) },
      orderBy: { orderKey: "desc" },
      take: page.limit + 1,
    });
    const { items, nextCursor } = pageOf(rows, page.limit, (r) => [r.orderKey]);
    res.json({
      events: items.map((e) => ({
        id: e.id,
        type: e.type,
        occurredAt: e.occurredAt.toISOString(),
        receivedAt: e.receivedAt.toISOString(),
        planId: e.planId,
        // delivered by monday, or a correction from monday's records (reconcile)
        origin: e.origin,
      })),
      nextCursor,
    });
  });
  return router;
}
