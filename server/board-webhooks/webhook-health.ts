// A webhook's health, from its stored deliveries, in one statement. Each figure is a short range read
// on an index (the newest delivery, the day's failures on (webhook_id, status, received_at), the
// day's count from the delivery counts' buckets), so the answer costs the same with a hundred
// deliveries or a hundred thousand.
import type { PrismaClient } from "../db/client.ts";
import { deliveriesSinceSql } from "./delivery-counts.ts";

/**
 * `waiting`: nothing received yet (nothing has shown that monday's deliveries arrive); `silent`:
 * nothing received since the last delivery for longer than the threshold.
 */
export type HealthState = "waiting" | "healthy" | "silent" | "failing" | "missing";

export interface WebhookHealth {
  state: HealthState;
  lastDeliveryAt: string | null;
  deliveries24h: number;
  failures24h: number;
}

export interface HealthSubject {
  id: string;
  state: string;
  /** the newest applied delivery's time, kept on the webhook: it outlives the deliveries retention deletes */
  lastDeliveryAt?: Date | null;
}

const DAY_MS = 24 * 3600_000;
type Figure = bigint | number | string | null;

export async function webhookHealth(prisma: PrismaClient, webhook: HealthSubject, silentAfterMs: number, now = new Date()): Promise<WebhookHealth> {
  const since = new Date(now.getTime() - DAY_MS);
  // one statement: the newest delivery, the day's count, and its processing failures (deliveries of
  // the last day the worker could not apply: still retrying, or dead)
  const [figures] = await prisma.$queryRaw<{ last_at: Date | string | null; received: Figure; failures: Figure }[]>`
    SELECT (SELECT MAX(received_at) FROM deliveries WHERE webhook_id = ${webhook.id}) AS last_at,
      ${deliveriesSinceSql(webhook.id, since)} AS received,
      (SELECT COUNT(*) FROM deliveries WHERE webhook_id = ${webhook.id} AND status IN ('retrying', 'dead') AND received_at >= ${since}) AS failures`;
  const stored = figures?.last_at ? new Date(figures.last_at) : null;
  const kept = webhook.lastDeliveryAt ?? null;
  const lastDeliveryAt = stored && kept ? (stored > kept ? stored : kept) : (stored ?? kept);
  const deliveries24h = Number(figures?.received ?? 0);
  const failures24h = Number(figures?.failures ?? 0);
  const state = healthState({ state: webhook.state, failures24h, lastDeliveryAt }, silentAfterMs, now);
  return { state, lastDeliveryAt: lastDeliveryAt?.toISOString() ?? null, deliveries24h, failures24h };
}

/** The one rule from a webhook's figures to its health state (the view's and /metrics'). */
export function healthState(w: { state: string; failures24h: number; lastDeliveryAt: Date | null }, silentAfterMs: number, now = new Date()): HealthState {
  if (w.state === "missing") return "missing";
  if (w.failures24h > 0) return "failing";
  if (!w.lastDeliveryAt) return "waiting";
  return now.getTime() - w.lastDeliveryAt.getTime() > silentAfterMs ? "silent" : "healthy";
}
