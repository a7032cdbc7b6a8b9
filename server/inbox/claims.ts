// The one claim protocol on stored deliveries. A claim is a random token written on the row with an
// expiry; whoever holds it may apply the delivery. Every commit of a delivery's effects checks the
// token inside its own transaction, so an effect is committed exactly once even when a claim expired
// and another process took the delivery over. The worker claims due deliveries in batches
// (`FOR UPDATE SKIP LOCKED` on PostgreSQL); the sync feature route claims its own delivery while
// monday waits. Nothing outside server/inbox writes these columns.
import { randomUUID } from "node:crypto";
import { Prisma, type Db, type PrismaClient, type Tx } from "../db/client.ts";
import type { ClaimedDelivery, DeliverySource } from "./delivery.ts";

/** The delivery's claim was taken over (or it was applied elsewhere): this transaction is rolled back. */
export class LostClaimError extends Error {
  override name = "LostClaimError";
}

interface ClaimRow {
  id: string;
  source: string;
  type: string;
  idempotency_key: string;
  account_id: string | null;
  board_id: string | null;
  webhook_id: string | null;
  payload: string;
  meta: string;
  attempts: number | bigint;
  request_id: string | null;
  received_at: Date | string;
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function toClaimed(r: ClaimRow, claimToken: string): ClaimedDelivery {
  return {
    id: r.id,
    source: r.source as DeliverySource,
    type: r.type,
    idempotencyKey: r.idempotency_key,
    accountId: r.account_id,
    boardId: r.board_id,
    webhookId: r.webhook_id,
    payload: r.payload,
    meta: safeJson(r.meta),
    attempts: Number(r.attempts),
    requestId: r.request_id,
    receivedAt: new Date(r.received_at),
    claimToken,
  };
}

/** Claims up to `limit` deliveries that are due and unclaimed (or whose claim expired), oldest due first. */
export async function claimDue(db: Db, by: string, limit: number, ttlMs: number): Promise<ClaimedDelivery[]> {
  const token = randomUUID();
  const now = new Date();
  const expires = new Date(now.getTime() + ttlMs);
  const skipLocked = db.provider === "postgresql" ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
  const rows = await db.prisma.$queryRaw<ClaimRow[]>`
    UPDATE deliveries
    SET claim_token = ${token}, claimed_by = ${by}, claim_expires_at = ${expires}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM deliveries
      WHERE status IN ('pending', 'retrying') AND next_attempt_at <= ${now}
        AND (claim_expires_at IS NULL OR claim_expires_at < ${now})
      ORDER BY next_attempt_at
      LIMIT ${limit}
      ${skipLocked}
    )
    RETURNING id, source, type, idempotency_key, account_id, board_id, webhook_id, payload, meta, attempts, request_id, received_at`;
  return rows.map((r) => toClaimed(r, token));
}

/** Claims one delivery if nobody holds it and it is not finished; null when it could not be claimed. */
export async function claimOne(prisma: PrismaClient, id: string, by: string, ttlMs: number): Promise<ClaimedDelivery | null> {
  const token = randomUUID();
  const now = new Date();
  const rows = await prisma.$queryRaw<ClaimRow[]>`
    UPDATE deliveries
    SET claim_token = ${token}, claimed_by = ${by}, claim_expires_at = ${new Date(now.getTime() + ttlMs)}, attempts = attempts + 1
    WHERE id = ${id} AND status IN ('pending', 'retrying')
      AND (claim_expires_at IS NULL OR claim_expires_at < ${now})
    RETURNING id, source, type, idempotency_key, account_id, board_id, webhook_id, payload, meta, attempts, request_id, received_at`;
  return rows[0] ? toClaimed(rows[0], token) : null;
}

/** Marks deliveries of one claim done; the count tells whether the claim still held for all. */
export function markDone(tx: Tx, claimToken: string, ids: string[]): Promise<number> {
  // claimed_by stays: it tells which process applied the delivery
  return tx.$executeRaw`
    UPDATE deliveries SET status = 'done', processed_at = ${new Date()}, claim_token = NULL, claim_expires_at = NULL, last_error = NULL
    WHERE claim_token = ${claimToken} AND id IN (${Prisma.join(ids)})`;
}

/** Inside a transaction: throws LostClaimError unless `d` is still claimed with its token. */
export async function assertClaimed(tx: Tx, d: Pick<ClaimedDelivery, "id" | "claimToken">): Promise<void> {
  const held = await tx.delivery.count({ where: { id: d.id, claimToken: d.claimToken } });
  if (held !== 1) throw new LostClaimError(`claim on ${d.id} was lost`);
}

/** Records that one handler's database work for `d` has committed (in that work's transaction). */
export async function recordStep(tx: Tx, d: Pick<ClaimedDelivery, "id" | "claimToken">, step: string, result: string | null): Promise<void> {
  await assertClaimed(tx, d);
  await tx.deliveryStep.create({ data: { deliveryId: d.id, step, result, doneAt: new Date() } });
}

/** Steps of `deliveryId` that earlier attempts committed, with their results. */
export async function completedSteps(prisma: PrismaClient, deliveryId: string): Promise<Map<string, string | null>> {
  const rows = await prisma.deliveryStep.findMany({ where: { deliveryId }, select: { step: true, result: true } });
  return new Map(rows.map((r) => [r.step, r.result]));
}

/** A failed attempt: back to `retrying` at `nextAttemptAt`, or `dead`. False when the claim was gone. */
export async function recordFailure(
  prisma: PrismaClient,
  d: Pick<ClaimedDelivery, "id" | "claimToken">,
  failure: { message: string; dead: boolean; nextAttemptAt: Date },
): Promise<boolean> {
  const updated = await prisma.delivery.updateMany({
    where: { id: d.id, claimToken: d.claimToken },
    data: {
      status: failure.dead ? "dead" : "retrying",
      nextAttemptAt: failure.nextAttemptAt,
      lastError: failure.message,
      claimToken: null,
      claimedBy: null,
      claimExpiresAt: null,
    },
  });
  if (updated.count !== 1) return false;
  // the attempt's history, for the delivery's detail (informational: not in the claim's transaction)
  await prisma.deliveryAttempt.create({ data: { id: randomUUID(), deliveryId: d.id, at: new Date(), error: failure.message.slice(0, 2000) } });
  return true;
}

/** Gives a claimed but unstarted delivery back, without counting the attempt. */
export async function release(prisma: PrismaClient, d: Pick<ClaimedDelivery, "id" | "claimToken">): Promise<void> {
  await prisma.delivery.updateMany({
    where: { id: d.id, claimToken: d.claimToken },
    data: { claimToken: null, claimedBy: null, claimExpiresAt: null, attempts: { decrement: 1 } },
  });
}

/** Extends the claims a live process still holds, so a long handler is not taken over while it runs. */
export async function renew(prisma: PrismaClient, claimToken: string, ids: string[], ttlMs: number): Promise<number> {
  // Stryker disable next-line ConditionalExpression: an update of no ids counts 0 too; the check only spares the database the query
  if (ids.length === 0) return 0;
  const updated = await prisma.delivery.updateMany({
    where: { claimToken, id: { in: ids } },
    data: { claimExpiresAt: new Date(Date.now() + ttlMs) },
  });
  return updated.count;
}

export type RequeueOutcome =
  { requeued: true; previous: { status: string; attempts: number } } | { requeued: false; reason: "not_found" | "claimed" | "done" | "changed" };

/**
 * Puts a stored delivery back to `pending` with a fresh budget of attempts, for the worker to apply
 * again (replay, retry of a dead delivery). A delivery a worker holds right now is left alone; a
 * done one only when `allowDone` (its handlers run again); only the row as it was read is changed.
 */
export async function requeue(prisma: PrismaClient, id: string, options: { allowDone?: boolean; onlyDead?: boolean } = {}): Promise<RequeueOutcome> {
  const found = await prisma.delivery.findUnique({ where: { id }, select: { status: true, attempts: true, claimToken: true, claimExpiresAt: true } });
  if (!found) return { requeued: false, reason: "not_found" };
  const now = new Date();
  // Stryker disable next-line EqualityOperator: > and >= differ only when the claim expires in the very millisecond of `now`, which no test can land on
  if (found.claimToken && found.claimExpiresAt && found.claimExpiresAt > now) return { requeued: false, reason: "claimed" };
  if (found.status === "done" && !options.allowDone) return { requeued: false, reason: "done" };
  if (options.onlyDead && found.status !== "dead") return { requeued: false, reason: found.status === "done" ? "done" : "changed" };
  const changed = await prisma.$transaction(async (tx) => {
    const reset = await tx.delivery.updateMany({
      where: { id, status: found.status, attempts: found.attempts, OR: [{ claimExpiresAt: null }, { claimExpiresAt: { lte: now } }] },
      data: { status: "pending", attempts: 0, nextAttemptAt: now, claimToken: null, claimedBy: null, claimExpiresAt: null, processedAt: null },
    });
    // replaying a done delivery runs every handler again; a failed one keeps the handlers that committed
    if (reset.count === 1 && found.status === "done") await tx.deliveryStep.deleteMany({ where: { deliveryId: id } });
    return reset.count;
  });
  if (changed !== 1) return { requeued: false, reason: "changed" };
  return { requeued: true, previous: { status: found.status, attempts: found.attempts } };
}
