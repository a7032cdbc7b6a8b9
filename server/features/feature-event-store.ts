// The feature_events table: one row per X-Apps-Event-Id, holding the event, the outcome Hookboard
// gave (sync) or reports (async), and the state of the callback to back_to_url.
import type { PrismaClient, Tx } from "../db/client.ts";
import type { FeatureMode } from "./feature-event.ts";
import { syncAnswerOf, type FeatureOutcome } from "./outcome.ts";

export interface NewFeatureEvent {
  eventId: string;
  deliveryId: string;
  accountId: string;
  type: string;
  /** null when the type is not one Hookboard knows */
  featureType: string | null;
  mode: FeatureMode;
  eventActionOrigin: string | null;
  payload: Record<string, unknown>;
  backToUrl: string | null;
  receivedAt: Date;
  /** async: the end of monday's window for the result */
  callbackDeadline: Date | null;
}

/**
 * Creates the event's row once; a second call for the same event changes nothing. No conflict
 * target: two copies inserting at once on PostgreSQL may collide on delivery_id before event_id,
 * and both keys name the same event.
 */
export async function insertFeatureEvent(db: PrismaClient | Tx, e: NewFeatureEvent): Promise<void> {
  const callbackStatus = e.mode === "async" ? "pending" : "none";
  await db.$executeRaw`
    INSERT INTO feature_events (event_id, delivery_id, account_id, type, feature_type, mode, event_action_origin, payload, back_to_url, callback_status, callback_attempts, callback_deadline, received_at)
    VALUES (${e.eventId}, ${e.deliveryId}, ${e.accountId}, ${e.type}, ${e.featureType}, ${e.mode}, ${e.eventActionOrigin}, ${JSON.stringify(e.payload)}, ${e.backToUrl}, ${callbackStatus}, 0, ${e.callbackDeadline}, ${e.receivedAt})
    ON CONFLICT DO NOTHING`;
}

/** The event an outcome belongs to, and where an async one is reported. */
export interface OutcomeTarget {
  eventId: string;
  mode: FeatureMode;
  backToUrl: string | null;
}

/**
 * Records the outcome unless one is recorded already; true when this call recorded it. An async
 * outcome becomes due for its callback at `now` (or fails at once when there is nowhere to send it).
 */
export async function recordOutcome(tx: Tx, event: OutcomeTarget, outcome: FeatureOutcome, now: Date): Promise<boolean> {
  const result = JSON.stringify(outcome);
  const callback =
    event.mode === "sync"
      ? {}
      : event.backToUrl
        ? { callbackNextAt: now }
        : { callbackStatus: "failed", callbackLastError: "the event carried no back_to_url" };
  const updated = await tx.featureEvent.updateMany({
    where: { eventId: event.eventId, result: null },
    data: {
      result,
      resultStatus: event.mode === "sync" ? syncAnswerOf(event.eventId, outcome).status : null,
      unrecognised: outcome.success ? (outcome.unrecognised ?? null) : null,
      processedAt: now,
      ...callback,
    },
  });
  return updated.count === 1;
}

export interface StoredEvent {
  mode: FeatureMode;
  result: string | null;
}

export async function findStoredEvent(prisma: PrismaClient, eventId: string): Promise<StoredEvent | null> {
  const row = await prisma.featureEvent.findUnique({ where: { eventId }, select: { mode: true, result: true } });
  return row ? { mode: row.mode === "sync" ? "sync" : "async", result: row.result } : null;
}
