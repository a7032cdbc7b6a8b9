// The sync route claims its own stored delivery so it can answer monday with the handler's result
// instead of waiting for the worker. The claim is the worker's kind (a token with an expiry, checked
// when the delivery is marked done), so whichever of the two claims first runs the handler, once.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { PrismaClient } from "../db/client.ts";
import { LostClaimError } from "../inbox/worker.ts";
import type { Fence } from "./run-feature-event.ts";

const CLAIMED_BY = `sync-route:${hostname()}:${process.pid}`;

/**
 * Claims the delivery if nobody holds it and it is not done; null when it could not be claimed.
 * Once `stopping` is aborted nothing more is committed: the claim expires and the worker of the next
 * start records the event.
 */
export async function claimDelivery(prisma: PrismaClient, deliveryId: string, ttlMs: number, stopping: AbortSignal): Promise<Fence | null> {
  const token = randomUUID();
  const now = new Date();
  const expires = new Date(now.getTime() + ttlMs);
  const claimed = await prisma.$executeRaw`
    UPDATE deliveries
    SET claim_token = ${token}, claimed_by = ${CLAIMED_BY}, claim_expires_at = ${expires}, attempts = attempts + 1
    WHERE id = ${deliveryId} AND status IN ('pending', 'retrying')
      AND (claim_expires_at IS NULL OR claim_expires_at < ${now})`;
  if (claimed !== 1) return null;
  return {
    commit: async (fn, timeoutMs = ttlMs) => {
      if (stopping.aborted) throw new LostClaimError(`Hookboard is stopping; ${deliveryId} is left to the next start`);
      return prisma.$transaction(
        async (tx) => {
          const value = await fn(tx);
          const done = await tx.delivery.updateMany({
            where: { id: deliveryId, claimToken: token },
            data: { status: "done", processedAt: new Date(), claimToken: null, claimExpiresAt: null, lastError: null },
          });
          if (done.count !== 1) throw new LostClaimError(`claim on ${deliveryId} was lost`);
          return value;
        },
        { timeout: timeoutMs, maxWait: ttlMs },
      );
    },
  };
}
