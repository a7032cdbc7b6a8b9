// Stored deliveries made by the database itself (fast enough for a hundred thousand), not due to the
// worker: for tests of what many stored deliveries cost or leave behind (health, retention). They are
// counted into their webhook's 5-minute buckets, as intake counts what it stores.
import { randomUUID } from "node:crypto";
import { Prisma, type Db } from "../../server/db/client.ts";

const HOUR = 3600_000;

export interface Synthetic {
  webhookId: string;
  count: number;
  /** received time of the newest; the others are spread back a minute apart, wrapping after spreadMinutes */
  newest: Date;
  spreadMinutes: number;
  /** the first `failed` are dead or retrying (alternately), or all `failedAs` */
  failed: number;
  failedAs?: "dead" | "retrying";
}

export async function insertDeliveries(db: Pick<Db, "prisma" | "provider">, s: Synthetic): Promise<void> {
  const { prisma, provider } = db;
  const prefix = randomUUID();
  const notDue = new Date(Date.now() + 48 * HOUR);
  const columns = Prisma.sql`id, source, type, idempotency_key, account_id, board_id, webhook_id, payload, meta, status, attempts, next_attempt_at, received_at`;
  const failedStatus = s.failedAs ? Prisma.sql`${s.failedAs}` : Prisma.sql`(CASE WHEN g % 2 = 1 THEN 'dead' ELSE 'retrying' END)`;
  const status = Prisma.sql`CASE WHEN g < ${s.failed} THEN ${failedStatus} ELSE 'done' END`;
  if (provider === "postgresql") {
    await prisma.$executeRaw`
      INSERT INTO deliveries (${columns})
      SELECT ${prefix} || '-' || g, 'board', 'change_column_value', ${prefix} || '-k-' || g, '8001', '4004', ${s.webhookId}, '{}', '{}', ${status}, 1, ${notDue},
             ${s.newest}::timestamp - make_interval(mins => (g % ${s.spreadMinutes}::int)::int)
      FROM generate_series(0, ${s.count}::int - 1) AS g`;
    await prisma.$executeRaw`
      INSERT INTO webhook_delivery_counts (webhook_id, bucket, deliveries)
      SELECT webhook_id, floor(extract(epoch FROM received_at) / 300)::int, COUNT(*)::int
      FROM deliveries WHERE id LIKE ${`${prefix}-%`} GROUP BY 1, 2
      ON CONFLICT (webhook_id, bucket) DO UPDATE SET deliveries = webhook_delivery_counts.deliveries + EXCLUDED.deliveries`;
    return;
  }
  // SQLite keeps times as the text Prisma writes: ISO 8601 with milliseconds and +00:00
  await prisma.$executeRaw`
    WITH RECURSIVE s(g) AS (SELECT 0 UNION ALL SELECT g + 1 FROM s WHERE g + 1 < ${s.count})
    INSERT INTO deliveries (${columns})
    SELECT ${prefix} || '-' || g, 'board', 'change_column_value', ${prefix} || '-k-' || g, '8001', '4004', ${s.webhookId}, '{}', '{}', ${status}, 1, ${notDue},
           strftime('%Y-%m-%dT%H:%M:%f+00:00', ${s.newest.toISOString()}, '-' || (g % ${s.spreadMinutes}) || ' minutes')
    FROM s`;
  await prisma.$executeRaw`
    INSERT INTO webhook_delivery_counts (webhook_id, bucket, deliveries)
    SELECT webhook_id, CAST(strftime('%s', received_at) AS INTEGER) / 300, COUNT(*)
    FROM deliveries WHERE id LIKE ${`${prefix}-%`} GROUP BY 1, 2
    ON CONFLICT (webhook_id, bucket) DO UPDATE SET deliveries = deliveries + excluded.deliveries`;
}
