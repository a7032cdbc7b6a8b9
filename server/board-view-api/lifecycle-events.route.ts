// GET /api/lifecycle-events: the account's app lifecycle timeline, newest first.
import { Router } from "express";
import { sessionOf } from "../auth/session-token.ts";
import type { PrismaClient } from "../db/client.ts";
import { olderThan, pageOf, readPage } from "./pagination.ts";

export function lifecycleEventsRouter(prisma: PrismaClient): Router {
  const router = Router();
  router.get("/api/lifecycle-events", async (req, res) => {
    const { accountId } = sessionOf(req);
    const page = readPage(req.query);
    const rows = await prisma.lifecycleEvent.findMany({
      where: { accountId, ...olderThan("occurredAt", page.after) },
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      take: page.limit + 1,
    });
    const { items, nextCursor } = pageOf(rows, page.limit, (r) => ({ at: r.occurredAt, id: r.id }));
    res.json({
      events: items.map((e) => ({
        id: e.id,
        type: e.type,
        occurredAt: e.occurredAt.toISOString(),
        receivedAt: e.receivedAt.toISOString(),
        planId: e.planId,
      })),
      nextCursor,
    });
  });
  return router;
}
