// GET /api/deliveries: the account's deliveries of every source, newest first: for one board the
// user can see at monday, or (account admins only) of every board at once.
import { Router } from "express";
import { z } from "zod";
import { sessionOf } from "../auth/session-token.ts";
import type { PrismaClient } from "../db/client.ts";
import { badRequest, HttpError } from "../http/http-error.ts";
import { olderThan, pageOf, readPage } from "./pagination.ts";

const boardQuery = z.object({
  boardId: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
});

/** Resolves when the user can see the board at monday (with their own connection, or an admin's the account's); otherwise throws the HttpError to answer (another account's board is a 404). */
export type BoardCheck = (user: { accountId: string; userId: string; isAdmin: boolean }, boardId: string) => Promise<void>;

export function deliveriesRouter(prisma: PrismaClient, requireBoard: BoardCheck): Router {
  const router = Router();
  router.get("/api/deliveries", async (req, res) => {
    const { accountId, userId, isAdmin } = sessionOf(req);
    const page = readPage(req.query);
    const board = boardQuery.safeParse(req.query);
    if (!board.success) throw badRequest("boardId must be a monday board id", "invalid_query");
    // a board id is the board view's claim: another account's board answers like the webhook routes do
    if (board.data.boardId) await requireBoard({ accountId, userId, isAdmin }, board.data.boardId);
    // every board's deliveries at once would show boards the user may not see at monday
    else if (!isAdmin) throw new HttpError(403, "forbidden", "Deliveries of every board are for account admins; name a board with boardId");
    const rows = await prisma.delivery.findMany({
      where: { accountId, ...(board.data.boardId ? { boardId: board.data.boardId } : {}), ...olderThan("receivedAt", page.after) },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: page.limit + 1,
      select: { id: true, source: true, type: true, receivedAt: true, status: true, attempts: true, boardId: true, webhookId: true, lastError: true },
    });
    const { items, nextCursor } = pageOf(rows, page.limit, (r) => [r.receivedAt.toISOString(), r.id]);
    const featureIds = items.filter((d) => d.source === "feature").map((d) => d.id);
    const featureEvents = featureIds.length
      ? await prisma.featureEvent.findMany({
          where: { deliveryId: { in: featureIds } },
          select: { deliveryId: true, mode: true, callbackStatus: true, unrecognised: true },
        })
      : [];
    const featureOf = new Map(featureEvents.map((f) => [f.deliveryId, f]));
    res.json({
      deliveries: items.map((d) => ({
        id: d.id,
        source: d.source,
        type: d.type,
        receivedAt: d.receivedAt.toISOString(),
        status: d.status,
        attempts: d.attempts,
        boardId: d.boardId,
        webhookId: d.webhookId,
        error: d.status === "done" ? null : d.lastError,
        ...(d.source === "feature"
          ? {
              mode: featureOf.get(d.id)?.mode ?? null,
              callbackStatus: featureOf.get(d.id)?.callbackStatus ?? null,
              // Hookboard could not read it: answered as a success, kept for the developer to look at
              unrecognised: featureOf.get(d.id)?.unrecognised ?? null,
            }
          : {}),
      })),
      nextCursor,
    });
  });
  return router;
}
