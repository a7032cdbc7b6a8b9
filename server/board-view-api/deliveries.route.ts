// The board view's operations console on the inbox: GET /api/deliveries (the account's deliveries of
// every source, newest first: for one board the user can see at monday, or (account admins only) of
// every board at once; by status and event),
// GET /api/deliveries/:id (one with its payload, attempts and timeline), POST /api/deliveries/:id/retry
// (admins put a dead one back for the worker), and GET /api/boards/:boardId/deliveries/daily (each of
// the board's webhooks' deliveries and failures per day, for its 7-day chart).
import { Router } from "express";
import { z } from "zod";
import { sessionOf } from "../auth/session-token.ts";
import type { PrismaClient } from "../db/client.ts";
import { badRequest, HttpError, notFound } from "../http/http-error.ts";
import type { Inbox } from "../inbox/inbox.ts";
import { olderThan, pageOf, readPage } from "./pagination.ts";
import { signedOf } from "../inbox/delivery.ts";
import { deliveriesPerDay } from "../board-webhooks/delivery-counts.ts";

const boardQuery = z.object({
  boardId: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
  status: z.enum(["pending", "done", "retrying", "dead"]).optional(),
  type: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]{1,100}$/)
    .optional(),
});
// Stryker disable next-line Regex: an id outside this shape is answered 404 with or without it; the check only spares the database a lookup that cannot match
const deliveryId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const dailyQuery = z.object({ days: z.coerce.number().int().min(1).max(30).default(7) });
const DAY_MS = 24 * 3600_000;
/** the webhooks the board view lists */
const LISTED_WEBHOOK_STATES = ["pending", "active", "missing"];

/** Resolves when the user can see the board at monday (with their own connection, or an admin's the account's); otherwise throws the HttpError to answer (another account's board is a 404). */
export type BoardCheck = (user: { accountId: string; userId: string; isAdmin: boolean }, boardId: string) => Promise<void>;

export function deliveriesRouter(prisma: PrismaClient, requireBoard: BoardCheck, inbox: Inbox): Router {
  const router = Router();
  router.get("/api/deliveries", async (req, res) => {
    const { accountId, userId, isAdmin } = sessionOf(req);
    const page = readPage(req.query);
    const board = boardQuery.safeParse(req.query);
    if (!board.success) throw badRequest("boardId must be a monday board id, status one of pending, done, retrying, dead, type an event name", "invalid_query");
    // a board id is the board view's claim: another account's board answers like the webhook routes do
    if (board.data.boardId) await requireBoard({ accountId, userId, isAdmin }, board.data.boardId);
    // every board's deliveries at once would show boards the user may not see at monday
    else if (!isAdmin) throw new HttpError(403, "forbidden", "Deliveries of every board are for account admins; name a board with boardId");
    const rows = await prisma.delivery.findMany({
      where: {
        accountId,
        ...(board.data.boardId ? { boardId: board.data.boardId } : {}),
        ...(board.data.status ? { status: board.data.status } : {}),
        ...(board.data.type ? { type: board.data.type } : {}),
        ...olderThan("receivedAt", page.after),
      },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: page.limit + 1,
      select: {
        id: true,
        source: true,
        type: true,
        receivedAt: true,
        status: true,
        attempts: true,
        boardId: true,
        webhookId: true,
        lastError: true,
        meta: true,
      },
    });
    const { items, nextCursor } = pageOf(rows, page.limit, (r) => [r.receivedAt.toISOString(), r.id]);
    // Stryker disable next-line MethodExpression,ConditionalExpression: only a feature delivery has a feature event; looking the others up finds nothing
    const featureIds = items.filter((d) => d.source === "feature").map((d) => d.id);
    const featureEvents = featureIds.length
      ? // Stryker disable next-line ObjectLiteral: without its arguments the read takes every event and column, and featureOf still answers only this page's ids the same four fields
        await prisma.featureEvent.findMany({
          // Stryker disable next-line ObjectLiteral: events of other deliveries, read without the filter, are never looked up (featureOf is read by this page's ids); the filter only keeps the read to the page
          where: { deliveryId: { in: featureIds } },
          // Stryker disable next-line ObjectLiteral: every column reads the same four fields; the select only leaves the stored payloads unread
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
        // applying a delivery clears its error (claims.ts): a done one shows none
        error: d.lastError,
        // false: a board webhook made with a personal token or in the Webhooks recipe; nothing proves monday sent it
        signed: signedOf(d.source, d.meta),
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

  router.get("/api/deliveries/:id", async (req, res) => {
    const { accountId, userId, isAdmin } = sessionOf(req);
    const id = deliveryId.safeParse(req.params.id);
    // another account's delivery is as unknown as one that does not exist
    const found = id.success ? await prisma.delivery.findFirst({ where: { id: id.data, accountId } }) : null;
    if (!found) throw notFound("No such delivery", "delivery_not_found");
    // a board's delivery is for those who can see the board at monday; the others (lifecycle, feature, tasks) for admins, as the list is
    if (found.boardId) await requireBoard({ accountId, userId, isAdmin }, found.boardId);
    else if (!isAdmin) throw new HttpError(403, "forbidden", "Deliveries that belong to no board are for account admins");
    const failures = await prisma.deliveryAttempt.findMany({
      where: { deliveryId: found.id },
      // Stryker disable next-line ObjectLiteral: attempts are only ever inserted, in time order, and found through the (delivery_id, at) index, so no test can make a database return them otherwise; the orderBy states the order instead of leaning on that
      orderBy: { at: "asc" },
      select: { at: true, error: true },
    });
    res.json({ delivery: deliveryDetail(found, failures) });
  });

  router.post("/api/deliveries/:id/retry", async (req, res) => {
    const session = sessionOf(req);
    if (!session.isAdmin || !session.canEdit) throw new HttpError(403, "forbidden", "Only an account admin can retry a delivery");
    const id = deliveryId.safeParse(req.params.id);
    const found = id.success
      ? await prisma.delivery.findFirst({ where: { id: id.data, accountId: session.accountId }, select: { id: true, status: true } })
      : null;
    if (!found) throw notFound("No such delivery", "delivery_not_found");
    // requeue decides, on the row as it is then: a delivery read dead here may have been retried meanwhile
    const outcome = await inbox.requeue(found.id, { onlyDead: true });
    if (!outcome.requeued)
      throw new HttpError(
        409,
        "not_dead",
        found.status === "dead"
          ? "The delivery changed meanwhile (a worker or another retry took it); look at it again"
          : `Only a failed delivery can be retried; this one is ${found.status}`,
      );
    res.status(202).json({ id: found.id, status: "pending" });
  });

  router.get("/api/boards/:boardId/deliveries/daily", async (req, res) => {
    const { accountId, userId, isAdmin } = sessionOf(req);
    const boardId = z
      .string()
      .regex(/^\d{1,20}$/)
      .safeParse(req.params.boardId);
    const query = dailyQuery.safeParse(req.query);
    if (!boardId.success || !query.success) throw badRequest("boardId must be a monday board id and days 1 to 30", "invalid_query");
    await requireBoard({ accountId, userId, isAdmin }, boardId.data);
    const webhooks = await prisma.boardWebhook.findMany({
      where: { accountId, boardId: boardId.data, state: { in: LISTED_WEBHOOK_STATES } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      // Stryker disable next-line ObjectLiteral: every column reads the same id; the select only reads less
      select: { id: true },
    });
    const days = utcDays(new Date(), query.data.days);
    res.json({
      days: days.map((d) => d.toISOString().slice(0, 10)),
      webhooks: await Promise.all(webhooks.map(async (w) => ({ webhookId: w.id, days: await dailyCounts(prisma, w.id, days) }))),
    });
  });
  return router;
}

/** The last `n` UTC days, oldest first, as their midnights. */
function utcDays(now: Date, n: number): Date[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: n }, (_, i) => new Date(today - (n - 1 - i) * DAY_MS));
}

/** Each day's deliveries (from the webhook's delivery counts) and failures (retrying or dead: a range count per day on their index) of a webhook. */
async function dailyCounts(prisma: PrismaClient, webhookId: string, days: Date[]) {
  const [received, failures] = await Promise.all([
    deliveriesPerDay(prisma, webhookId, days[0]!),
    Promise.all(
      days.map((start) =>
        prisma.delivery.count({
          where: { webhookId, status: { in: ["retrying", "dead"] }, receivedAt: { gte: start, lt: new Date(start.getTime() + DAY_MS) } },
        }),
      ),
    ),
  ]);
  return days.map((start, i) => ({ date: start.toISOString().slice(0, 10), deliveries: received.get(start.getTime()) ?? 0, failures: failures[i]! }));
}

type StoredDelivery = NonNullable<Awaited<ReturnType<PrismaClient["delivery"]["findFirst"]>>>;

/** A delivery with what arrived and what happened to it: each attempt (failed ones from their records, the last from the delivery) and its timeline. */
function deliveryDetail(d: StoredDelivery, failures: { at: Date; error: string }[]) {
  let payload: unknown = d.payload;
  try {
    payload = JSON.parse(d.payload);
  } catch {
    // kept as the text that arrived
  }
  const attempts: { number: number; at: string; outcome: "failed" | "applied"; error: string | null }[] = failures.map((f, i) => ({
    number: i + 1,
    at: f.at.toISOString(),
    outcome: "failed",
    error: f.error,
  }));
  // only an applied delivery has a time it was applied (claims.ts sets it with `done`, a requeue clears it)
  if (d.processedAt) attempts.push({ number: attempts.length + 1, at: d.processedAt.toISOString(), outcome: "applied", error: null });
  const timeline: { at: string; event: "received" | "failed" | "applied" | "dead"; detail: string | null }[] = [
    { at: d.receivedAt.toISOString(), event: "received", detail: null },
    ...attempts.map((a) => ({
      at: a.at,
      event: a.outcome === "applied" ? ("applied" as const) : d.status === "dead" && a.number === attempts.length ? ("dead" as const) : ("failed" as const),
      detail: a.error,
    })),
  ];
  return {
    id: d.id,
    source: d.source,
    type: d.type,
    status: d.status,
    receivedAt: d.receivedAt.toISOString(),
    processedAt: d.processedAt?.toISOString() ?? null,
    boardId: d.boardId,
    webhookId: d.webhookId,
    error: d.lastError,
    nextAttemptAt: d.status === "retrying" ? d.nextAttemptAt.toISOString() : null,
    payload,
    attempts,
    timeline,
  };
}
