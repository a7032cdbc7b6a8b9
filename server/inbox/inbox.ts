// Durable intake. Every delivery is inserted with its idempotency key before the caller answers
// monday. Concurrent requests are written together in one commit (group commit, through the driver:
// intake-writer.ts): each waits for the commit that holds its row, so nothing is acknowledged before
// it is on disk, and the cost of a commit is shared by everyone who arrived during the previous one.
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import type { Db } from "../db/client.ts";
import { HttpError } from "../http/http-error.ts";
import type { Logger } from "../log/logger.ts";
import type { Metrics } from "../ops/metrics.ts";
import { attemptOn, type Attempt } from "./attempt.ts";
import { claimOne, requeue, type RequeueOutcome } from "./claims.ts";
import type { Accepted, NewDelivery } from "./delivery.ts";
import { intakeWriter, type IntakeResult, type IntakeWriter } from "./intake-writer.ts";

interface Waiting {
  delivery: NewDelivery;
  id: string;
  resolve: (accepted: Accepted) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 200;

/** A board delivery whose webhook was deleted, or whose account uninstalled the app, before it could be stored. */
export class WebhookGoneError extends HttpError {
  constructor() {
    super(410, "webhook_gone", "This webhook was deleted or its account uninstalled the app");
    this.name = "WebhookGoneError";
  }
}

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
  private readonly writer: IntakeWriter;

  constructor(
    private readonly db: Db,
    private readonly metrics: Metrics,
  ) {
    super();
    this.writer = intakeWriter(db.driver);
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
    let results: IntakeResult[];
    try {
      results = await this.writer.write(rows, new Date());
    } catch (error) {
      for (const w of batch) w.reject(new StorageUnavailableError(error));
      return;
    }

    const outcome = new Map<string, Accepted | null>();
    let stored = 0;
    rows.forEach((w, i) => {
      const result = results[i]!;
      if (result.status === "gone") {
        outcome.set(w.delivery.idempotencyKey, null);
        w.reject(new WebhookGoneError());
        return;
      }
      const accepted = result.status === "inserted" ? { id: w.id, duplicate: false } : { id: result.id ?? w.id, duplicate: true };
      outcome.set(w.delivery.idempotencyKey, accepted);
      if (accepted.duplicate) this.metrics.inc("hookboard_deliveries_duplicate_total", { source: w.delivery.source });
      else {
        stored++;
        this.metrics.inc("hookboard_deliveries_received_total", { source: w.delivery.source });
      }
      w.resolve(accepted);
    });
    for (const w of copies) {
      const original = outcome.get(w.delivery.idempotencyKey);
      if (!original) {
        w.reject(new WebhookGoneError());
        continue;
      }
      this.metrics.inc("hookboard_deliveries_duplicate_total", { source: w.delivery.source });
      w.resolve({ id: original.id, duplicate: true });
    }
    if (stored) this.emit("stored", stored);
  }
}
