// The inbox's group commit, written through the driver Prisma itself uses (better-sqlite3, pg)
// with prepared statements: intake is the one hot path, and Prisma's query engine costs more than
// the insert itself. One transaction (SQLite) or one statement (PostgreSQL) per batch holds every
// row the deliveries need at receipt: the delivery, the feature event row of a feature delivery,
// the check that a board delivery's webhook still receives, and its webhook's delivery count. It has committed before the
// writer resolves, so nothing is acknowledged that a kill -9 could lose.
import type Database from "better-sqlite3";
import type pg from "pg";
import { bucketOf } from "../board-webhooks/delivery-counts.ts";
import type { Driver } from "../db/client.ts";
import type { NewDelivery } from "./delivery.ts";

export interface IntakeRow {
  /** the id the delivery gets if it is new */
  id: string;
  delivery: NewDelivery;
}

export type IntakeResult =
  | { status: "inserted" }
  /** stored before under the same idempotency key: its id (null only if it could not be read) */
  | { status: "duplicate"; id: string | null }
  /** its board webhook no longer receives (deleted, or its account uninstalled): nothing stored */
  | { status: "gone" };

export interface IntakeWriter {
  write(rows: IntakeRow[], now: Date): Promise<IntakeResult[]>;
}

export function intakeWriter(driver: Driver): IntakeWriter {
  return driver.provider === "sqlite" ? sqliteWriter(driver.whenIdle) : postgresWriter(driver.pool);
}

// Stryker disable next-line StringLiteral: Prisma reads a time without an offset as UTC too (the inbox tests pass with TZ=America/New_York), and a missing suffix sorts and compares the same against any other instant; the suffix keeps the text identical to what Prisma itself writes
const UTC_OFFSET = "+00:00";
/** Prisma's SQLite DateTime text: ISO 8601 with an explicit +00:00. */
const sqliteTime = (d: Date) => d.toISOString().replace("Z", UTC_OFFSET);

const DELIVERY_COLUMNS =
  "id, source, type, idempotency_key, account_id, board_id, webhook_id, payload, meta, status, attempts, next_attempt_at, request_id, received_at";
const FEATURE_COLUMNS =
  "event_id, delivery_id, account_id, type, feature_type, mode, event_action_origin, payload, back_to_url, callback_status, callback_attempts, callback_deadline, received_at";

interface SqliteStatements {
  insert: Database.Statement;
  existing: Database.Statement;
  webhookState: Database.Statement;
  feature: Database.Statement;
  count: Database.Statement;
  batch: Database.Transaction<(rows: IntakeRow[], now: Date) => IntakeResult[]>;
}

function sqliteWriter(whenIdle: <T>(work: (db: Database.Database) => T) => Promise<T>): IntakeWriter {
  // prepared once per connection (Prisma reconnects after a disconnect)
  const prepared = new WeakMap<Database.Database, SqliteStatements>();
  const statementsOf = (db: Database.Database): SqliteStatements => {
    let s = prepared.get(db);
    if (s) return s;
    const insert = db.prepare(
      `INSERT INTO deliveries (${DELIVERY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    );
    const existing = db.prepare("SELECT id FROM deliveries WHERE idempotency_key = ?").pluck();
    const webhookState = db.prepare("SELECT state FROM board_webhooks WHERE id = ?").pluck();
    const feature = db.prepare(`INSERT INTO feature_events (${FEATURE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT DO NOTHING`);
    const count = db.prepare(
      "INSERT INTO webhook_delivery_counts (webhook_id, bucket, deliveries) VALUES (?, ?, 1) ON CONFLICT (webhook_id, bucket) DO UPDATE SET deliveries = deliveries + 1",
    );
    const batch = db.transaction((rows: IntakeRow[], now: Date): IntakeResult[] =>
      rows.map(({ id, delivery: d }) => {
        if (d.webhookMustBeIn) {
          const state = d.webhookId ? (webhookState.get(d.webhookId) as string | undefined) : undefined;
          if (state === undefined || !d.webhookMustBeIn.includes(state)) return { status: "gone" };
        }
        const receivedAt = d.receivedAt ?? now;
        const inserted = insert.get(
          id,
          d.source,
          d.type,
          d.idempotencyKey,
          d.accountId ?? null,
          d.boardId ?? null,
          d.webhookId ?? null,
          d.payload,
          JSON.stringify(d.meta ?? {}),
          sqliteTime(d.notBefore ?? receivedAt),
          d.requestId ?? null,
          sqliteTime(receivedAt),
        );
        const storedId = inserted ? id : ((existing.get(d.idempotencyKey) as string | undefined) ?? null);
        if (inserted && d.webhookId) count.run(d.webhookId, bucketOf(receivedAt));
        const f = d.featureEvent;
        if (f && storedId) {
          feature.run(
            f.eventId,
            storedId,
            f.accountId,
            f.type,
            f.featureType,
            f.mode,
            f.eventActionOrigin,
            JSON.stringify(f.payload),
            f.backToUrl,
            f.mode === "async" ? "pending" : "none",
            f.callbackDeadline ? sqliteTime(f.callbackDeadline) : null,
            sqliteTime(f.receivedAt),
          );
        }
        return inserted ? { status: "inserted" } : { status: "duplicate", id: storedId };
      }),
    );
    s = { insert, existing, webhookState, feature, count, batch };
    prepared.set(db, s);
    return s;
  };
  return {
    write(rows, now) {
      // synchronous on the connection: nothing else runs on it until the batch has committed
      return whenIdle((db) => statementsOf(db).batch.immediate(rows, now));
    },
  };
}

/**
 * One statement per batch, prepared once per pooled connection: the rows come as arrays (unnest),
 * a board delivery is kept only while its webhook is in one of the states it names, the deliveries
 * are inserted, a feature delivery's event row with the id its delivery has (new or earlier), and
 * the new board deliveries counted into their webhook's buckets (in key order, so two batches
 * counting the same buckets never wait on each other in a cycle).
 */
const POSTGRES_INTAKE = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                       $10::timestamp(3)[], $11::text[], $12::timestamp(3)[], $13::text[],
                       $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::timestamp(3)[], $22::timestamp(3)[], $23::int[])
    AS t(id, source, type, idempotency_key, account_id, board_id, webhook_id, payload, meta,
         next_attempt_at, request_id, received_at, webhook_states,
         fe_event_id, fe_type, fe_feature_type, fe_mode, fe_origin, fe_payload, fe_back_to_url, fe_callback_deadline, fe_received_at, bucket)
),
allowed AS (
  SELECT i.* FROM input i
  WHERE i.webhook_states IS NULL
     OR EXISTS (SELECT 1 FROM board_webhooks w WHERE w.id = i.webhook_id AND w.state = ANY (string_to_array(i.webhook_states, ',')))
),
inserted AS (
  INSERT INTO deliveries (${DELIVERY_COLUMNS})
  SELECT id, source, type, idempotency_key, account_id, board_id, webhook_id, payload, meta, 'pending', 0, next_attempt_at, request_id, received_at FROM allowed
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id
),
earlier AS (
  SELECT d.id, d.idempotency_key FROM deliveries d JOIN allowed a ON d.idempotency_key = a.idempotency_key
),
stored AS (
  SELECT a.*, COALESCE(ins.id, e.id) AS stored_id, ins.id IS NOT NULL AS is_new
  FROM allowed a LEFT JOIN inserted ins ON ins.id = a.id LEFT JOIN earlier e ON e.idempotency_key = a.idempotency_key
),
features AS (
  INSERT INTO feature_events (${FEATURE_COLUMNS})
  SELECT fe_event_id, stored_id, account_id, fe_type, fe_feature_type, fe_mode, fe_origin, fe_payload, fe_back_to_url,
         CASE WHEN fe_mode = 'async' THEN 'pending' ELSE 'none' END, 0, fe_callback_deadline, fe_received_at
  FROM stored WHERE fe_event_id IS NOT NULL AND stored_id IS NOT NULL
  ON CONFLICT DO NOTHING
),
counted AS (
  INSERT INTO webhook_delivery_counts (webhook_id, bucket, deliveries)
  SELECT webhook_id, bucket, COUNT(*)::int FROM stored WHERE is_new AND webhook_id IS NOT NULL
  GROUP BY webhook_id, bucket ORDER BY webhook_id, bucket
  ON CONFLICT (webhook_id, bucket) DO UPDATE SET deliveries = webhook_delivery_counts.deliveries + EXCLUDED.deliveries
)
SELECT i.id, s.stored_id, s.is_new FROM input i LEFT JOIN stored s ON s.id = i.id`;

interface PostgresRow {
  id: string;
  stored_id: string | null;
  is_new: boolean | null;
}

function postgresWriter(pool: pg.Pool): IntakeWriter {
  return {
    async write(rows, now) {
      const columns: (string | null)[][] = Array.from({ length: 23 }, () => []);
      for (const { id, delivery: d } of rows) {
        const receivedAt = d.receivedAt ?? now;
        const f = d.featureEvent;
        const values = [
          id,
          d.source,
          d.type,
          d.idempotencyKey,
          d.accountId ?? null,
          d.boardId ?? null,
          d.webhookId ?? null,
          d.payload,
          JSON.stringify(d.meta ?? {}),
          // timestamp without time zone: the UTC wall time, as Prisma stores it
          (d.notBefore ?? receivedAt).toISOString(),
          d.requestId ?? null,
          receivedAt.toISOString(),
          d.webhookMustBeIn ? d.webhookMustBeIn.join(",") : null,
          f?.eventId ?? null,
          f?.type ?? null,
          f?.featureType ?? null,
          f?.mode ?? null,
          f?.eventActionOrigin ?? null,
          f ? JSON.stringify(f.payload) : null,
          f?.backToUrl ?? null,
          f?.callbackDeadline?.toISOString() ?? null,
          f?.receivedAt.toISOString() ?? null,
          String(bucketOf(receivedAt)),
        ];
        values.forEach((v, i) => columns[i]!.push(v));
      }
      // Stryker disable next-line StringLiteral: the name only has pg prepare the statement once per connection (a matter of speed); unnamed, it is parsed each time and stores the same rows
      const result = await pool.query<PostgresRow>({ name: "hookboard_intake", text: POSTGRES_INTAKE, values: columns });
      const byId = new Map(result.rows.map((r) => [r.id, r]));
      return rows.map(({ id }): IntakeResult => {
        const r = byId.get(id);
        if (!r || r.is_new === null) return { status: "gone" };
        return r.is_new ? { status: "inserted" } : { status: "duplicate", id: r.stored_id };
      });
    },
  };
}
