// Durable intake. Every delivery is inserted with its idempotency key before the caller answers
// monday. Concurrent requests are written together in one INSERT (group commit): each waits for
// the commit that holds its row, so nothing is acknowledged before it is on disk, and the cost of a
// commit is shared by everyone who arrived during the previous one.
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import { Prisma, type Db } from "../db/client.ts";
import { HttpError } from "../http/http-error.ts";
import type { Logger } from "../log/logger.ts";
import type { Metrics } from "../ops/metrics.ts";
import { attemptOn, type Attempt } from "./attempt.ts";
import { claimOne, requeue, type RequeueOutcome } from "./claims.ts";
import type { Accepted, NewDelivery } from "./delivery.ts";

interface Waiting {
  delivery: NewDelivery;
  id: string;
  resolve: (accepted: Accepted) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 200;

/** The database did not take the batch: nothing was acknowledged, monday will retry. */
export class StorageUnavailableError extends HttpError {
  constructor(cause: unknown) {
    super(503, "storage_unavailable", "The delivery could not be stored; retry later", { "Retry-After": "5" }, cause);
    this.name = "StorageUnavailableError";
  }
}

const CLAIMED_HERE = `route:${hostname()}:${process.pid}`;

export class Inbox extends EventEmitter<{ stored: [count: number] }> {
  private queue: Waiting[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly metrics: Metrics,
  ) {
    super();
  }

  private get prisma() {
    return this.db.prisma;
  }

  /**
   * Claims one stored delivery for the caller to apply itself (the sync feature route, while monday
   * waits); null when a worker or another request holds it, or it is finished. Once `stopping` is
   * aborted the attempt commits nothing more: the claim expires and a worker applies the delivery.
   */
  async claim(deliveryId: string, ttlMs: number, log: Logger, stopping?: AbortSignal): Promise<Attempt | null> {
    const claimed = await claimOne(this.prisma, deliveryId, CLAIMED_HERE, ttlMs);
    return claimed ? attemptOn(this.db, claimed, log, { transactionTimeoutMs: ttlMs, ...(stopping ? { stopping } : {}) }) : null;
  }

  /** Puts a stored delivery back for the worker to apply again (see claims.ts `requeue`). */
  requeue(deliveryId: string, options: { allowDone?: boolean; onlyDead?: boolean } = {}): Promise<RequeueOutcome> {
    return requeue(this.prisma, deliveryId, options).then((outcome) => {
      if (outcome.requeued) this.emit("stored", 1);
      return outcome;
    });
  }

  /** Resolves once the delivery is durably stored, or was already stored before (duplicate). */
  accept(delivery: NewDelivery): Promise<Accepted> {
    return new Promise<Accepted>((resolve, reject) => {
      this.queue.push({ delivery, id: randomUUID(), resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    // let the requests already parsed in this turn of the event loop join the first batch
    await new Promise<void>((r) => setImmediate(r));
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.write(batch);
      }
    } finally {
      this.flushing = null;
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    // one row per key; later copies in the same batch are duplicates of the first
    const first = new Map<string, Waiting>();
    const copies: Waiting[] = [];
    for (const w of batch) {
      if (first.has(w.delivery.idempotencyKey)) copies.push(w);
      else first.set(w.delivery.idempotencyKey, w);
    }
    const rows = [...first.values()];
    let inserted: Set<string>;
    try {
      const now = new Date();
      const values = rows.map(({ id, delivery: d }) => {
        const receivedAt = d.receivedAt ?? now;
        return Prisma.sql`(${id}, ${d.source}, ${d.type}, ${d.idempotencyKey}, ${d.accountId ?? null}, ${d.boardId ?? null}, ${d.webhookId ?? null}, ${d.payload}, ${JSON.stringify(d.meta ?? {})}, 'pending', 0, ${d.notBefore ?? receivedAt}, ${d.requestId ?? null}, ${receivedAt})`;
      });
      const result = await this.prisma.$queryRaw<{ id: string }[]>`
        INSERT INTO deliveries (id, source, type, idempotency_key, account_id, board_id, webhook_id, payload, meta, status, attempts, next_attempt_at, request_id, received_at)
        VALUES ${Prisma.join(values)}
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id`;
      inserted = new Set(result.map((r) => r.id));
    } catch (error) {
      for (const w of batch) w.reject(new StorageUnavailableError(error));
      return;
    }

    const duplicatesOf = rows.filter((w) => !inserted.has(w.id));
    let existing = new Map<string, string>();
    if (duplicatesOf.length) {
      try {
        const found = await this.prisma.delivery.findMany({
          where: { idempotencyKey: { in: duplicatesOf.map((w) => w.delivery.idempotencyKey) } },
          select: { id: true, idempotencyKey: true },
        });
        existing = new Map(found.map((f) => [f.idempotencyKey, f.id]));
      } catch {
        // the duplicate is stored either way; its id is only informative
      }
    }
    for (const w of rows) {
      if (inserted.has(w.id)) {
        this.metrics.inc("hookboard_deliveries_received_total", { source: w.delivery.source });
        w.resolve({ id: w.id, duplicate: false });
      } else {
        this.metrics.inc("hookboard_deliveries_duplicate_total", { source: w.delivery.source });
        w.resolve({ id: existing.get(w.delivery.idempotencyKey) ?? w.id, duplicate: true });
      }
    }
    for (const w of copies) {
      const original = first.get(w.delivery.idempotencyKey)!;
      this.metrics.inc("hookboard_deliveries_duplicate_total", { source: w.delivery.source });
      w.resolve({ id: inserted.has(original.id) ? original.id : (existing.get(w.delivery.idempotencyKey) ?? original.id), duplicate: true });
    }
    if (inserted.size) this.emit("stored", inserted.size);
  }
}
