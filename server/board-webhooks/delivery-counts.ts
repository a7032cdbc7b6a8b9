// A board webhook's deliveries per 5-minute bucket (table webhook_delivery_counts), counted by
// intake in the commit that stores them. The board view's 24-hour figure then reads at most a day of
// buckets plus the few minutes of deliveries in the bucket the day starts in, and its daily chart a
// day's 288 buckets per bar (UTC days start on a bucket): the same cost with a hundred deliveries a
// day or a hundred thousand, and still exact. Buckets are kept for the chart's longest reach.
import { Prisma, type PrismaClient } from "../db/client.ts";

export const BUCKET_MS = 5 * 60_000;
const DAY_MS = 24 * 3600_000;
const BUCKETS_PER_DAY = DAY_MS / BUCKET_MS;
/** how long buckets are kept: the daily chart's longest reach (30 days) and a day */
export const COUNTS_KEPT_DAYS = 31;

/** The bucket a delivery received at `at` is counted in. */
export const bucketOf = (at: Date): number => Math.floor(at.getTime() / BUCKET_MS);

/** An SQL expression for the number of deliveries received for `webhookId` at or after `since`. */
export function deliveriesSinceSql(webhookId: string, since: Date): Prisma.Sql {
  const first = bucketOf(since);
  // the bucket `since` falls in is partly outside the window: its deliveries from `since` on are
  // counted one by one (a range on the (webhook_id, received_at) index), the later buckets summed
  const boundaryEnd = new Date((first + 1) * BUCKET_MS);
  return Prisma.sql`(COALESCE((SELECT SUM(deliveries) FROM webhook_delivery_counts WHERE webhook_id = ${webhookId} AND bucket > ${first}), 0)
    + (SELECT COUNT(*) FROM deliveries WHERE webhook_id = ${webhookId} AND received_at >= ${since} AND received_at < ${boundaryEnd}))`;
}

/** Deliveries received for `webhookId` on each UTC day from `firstDay` (a UTC midnight) on, by the day's midnight (ms); days without any are absent. */
export async function deliveriesPerDay(prisma: PrismaClient, webhookId: string, firstDay: Date): Promise<Map<number, number>> {
  // an integer literal, so both databases divide integers (and group by the same expression)
  const perDay = Prisma.raw(String(BUCKETS_PER_DAY));
  const rows = await prisma.$queryRaw<{ day: bigint | number; n: bigint | number }[]>`
    SELECT bucket / ${perDay} AS day, SUM(deliveries) AS n FROM webhook_delivery_counts
    WHERE webhook_id = ${webhookId} AND bucket >= ${bucketOf(firstDay)}
    GROUP BY bucket / ${perDay}`;
  return new Map(rows.map((r) => [Number(r.day) * DAY_MS, Number(r.n)]));
}

/** Deletes the buckets nothing reads any more (older than COUNTS_KEPT_DAYS); returns how many. */
export function pruneDeliveryCounts(prisma: PrismaClient, now: Date): Promise<number> {
  const oldest = bucketOf(new Date(now.getTime() - COUNTS_KEPT_DAYS * DAY_MS));
  return prisma.$executeRaw`DELETE FROM webhook_delivery_counts WHERE bucket < ${oldest}`;
}
