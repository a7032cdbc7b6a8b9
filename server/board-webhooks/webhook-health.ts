// A webhook's health, from its stored deliveries. Each figure is one range read on an index of
// deliveries (webhook_id, received_at) or (webhook_id, status, received_at), so the answer costs
// the same with a hundred deliveries or a hundred thousand.
import type { PrismaClient } from "../db/client.ts";

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
}

const DAY_MS = 24 * 3600_000;

export async function webhookHealth(prisma: PrismaClient, webhook: HealthSubject, silentAfterMs: number, now = new Date()): Promise<WebhookHealth> {
  const since = new Date(now.getTime() - DAY_MS);
  const [last, recent, failures] = await Promise.all([
    prisma.$queryRaw<{ received_at: Date | string }[]>`
      SELECT received_at FROM deliveries WHERE webhook_id = ${webhook.id} ORDER BY received_at DESC LIMIT 1`,
    prisma.$queryRaw<{ n: bigint | number }[]>`
      SELECT COUNT(*) AS n FROM deliveries WHERE webhook_id = ${webhook.id} AND received_at >= ${since}`,
    // processing failures: deliveries of the last day the worker could not apply (still retrying, or dead)
    prisma.$queryRaw<{ n: bigint | number }[]>`
      SELECT COUNT(*) AS n FROM deliveries WHERE webhook_id = ${webhook.id} AND status IN ('retrying', 'dead') AND received_at >= ${since}`,
  ]);
  const lastDeliveryAt = last[0] ? new Date(last[0].received_at) : null;
  const deliveries24h = Number(recent[0]?.n ?? 0);
  const failures24h = Number(failures[0]?.n ?? 0);
  const state: HealthState =
    webhook.state === "missing"
      ? "missing"
      : failures24h > 0
        ? "failing"
        : !lastDeliveryAt
          ? "waiting"
          : now.getTime() - lastDeliveryAt.getTime() > silentAfterMs
            ? "silent"
            : "healthy";
  return { state, lastDeliveryAt: lastDeliveryAt?.toISOString() ?? null, deliveries24h, failures24h };
}
