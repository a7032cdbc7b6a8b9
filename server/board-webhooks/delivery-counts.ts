// A board webhook's deliveries per 5-minute bucket (table webhook_delivery_counts), counted by
// intake in the commit that stores them. The board view's 24-hour figure then reads at most a day of
// buckets plus the few minutes of deliveries in the bucket the day starts in: the same cost with a
// hundred deliveries a day or a hundred thousand, and still exact.
import type { PrismaClient } from "../db/client.ts";

export const BUCKET_MS = 5 * 60_000;

/** The bucket a delivery received at `at` is counted in. */
export const bucketOf = (at: Date): number => Math.floor(at.getTime() / BUCKET_MS);

/** Deliveries received for `webhookId` at or after `since`. */
export async function deliveriesSince(prisma: PrismaClient, webhookId: string, since: Date): Promise<number> {
  const first = bucketOf(since);
  // the bucket `since` falls in is partly outside the window: its deliveries from `since` on are
  // counted one by one (a range on the (webhook_id, received_at) index), the later buckets summed
  const boundaryEnd = new Date((first + 1) * BUCKET_MS);
  const [buckets, boundary] = await Promise.all([
    prisma.$queryRaw<{ n: bigint | number | null }[]>`
      SELECT SUM(deliveries) AS n FROM webhook_delivery_counts WHERE webhook_id = ${webhookId} AND bucket > ${first}`,
    prisma.$queryRaw<{ n: bigint | number }[]>`
      SELECT COUNT(*) AS n FROM deliveries WHERE webhook_id = ${webhookId} AND received_at >= ${since} AND received_at < ${boundaryEnd}`,
  ]);
  return Number(buckets[0]?.n ?? 0) + Number(boundary[0]?.n ?? 0);
}

/** Deletes the buckets no 24-hour figure reads any more (older than a day and a bucket); returns how many. */
export function pruneDeliveryCounts(prisma: PrismaClient, now: Date): Promise<number> {
  const oldest = bucketOf(new Date(now.getTime() - 24 * 3600_000)) - 1;
  return prisma.$executeRaw`DELETE FROM webhook_delivery_counts WHERE bucket < ${oldest}`;
}
