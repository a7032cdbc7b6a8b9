// The worker claims stored deliveries, applies them through the handler of their source, retries
// failures with backoff and parks a delivery as dead after its last attempt.
//
// A claim is a random token written on the row with an expiry. Marking a delivery done checks the
// token inside the same transaction as the handler's state changes, so the effect of a delivery is
// committed exactly once even if a claim expired and another process took the delivery over.
// On PostgreSQL the claim query skips rows locked by other processes (FOR UPDATE SKIP LOCKED).
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { Prisma, type Db, type Tx } from "../db/client.ts";
import type { Logger } from "../log/logger.ts";
import type { Metrics } from "../ops/metrics.ts";
import { backoffDelay, type BackoffPolicy } from "./backoff.ts";
import type { ClaimedDelivery, DeliverySource } from "./delivery.ts";
import type { Inbox } from "./inbox.ts";
import { PollLoop } from "./poll-loop.ts";

export interface HandlerContext {
  log: Logger;
  /**
   * Runs `fn` in a transaction that also marks the delivery done. A handler calls it once, after
   * any work outside the database; a handler that never calls it is marked done afterwards.
   */
  commit<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface DeliveryHandler {
  (delivery: ClaimedDelivery, ctx: HandlerContext): Promise<void>;
  /**
   * Optional: applies several deliveries of the source in one transaction (one round of
   * statements for the batch instead of one per delivery). It must end in the state the deliveries
   * would leave one by one; if it throws, each delivery is retried alone, so one bad delivery does
   * not hold up the others. What it returns runs after the commit.
   */
  applyBatch?: (deliveries: ClaimedDelivery[], ctx: { tx: Tx; log: Logger }) => Promise<(() => void) | void>;
}

export interface WorkerOptions {
  batchSize?: number;
  concurrency?: number;
  pollMs?: number;
  claimTtlMs?: number;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
}

/** Thrown when a delivery's claim was taken over: its transaction is rolled back. */
export class LostClaimError extends Error {}

interface ClaimRow {
  id: string;
  source: string;
  type: string;
  idempotency_key: string;
  account_id: string | null;
  board_id: string | null;
  webhook_id: string | null;
  payload: string;
  meta: string;
  attempts: number | bigint;
  request_id: string | null;
  received_at: Date | string;
}

export class Worker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly opts: Required<WorkerOptions>;
  private stopping = false;
  private readonly loop: PollLoop;
  private readonly onStored = () => this.nudge();

  constructor(
    private readonly db: Db,
    private readonly inbox: Inbox | null,
    private readonly handlers: Partial<Record<DeliverySource, DeliveryHandler>>,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    options: WorkerOptions = {},
  ) {
    this.opts = {
      batchSize: options.batchSize ?? 128,
      concurrency: options.concurrency ?? 4,
      pollMs: options.pollMs ?? 500,
      claimTtlMs: options.claimTtlMs ?? 30_000,
      maxAttempts: options.maxAttempts ?? 8,
      backoff: options.backoff ?? { baseMs: 2_000, maxMs: 10 * 60_000 },
    };
    this.loop = new PollLoop(this.opts.pollMs, () => this.drainOnce(), log, "worker could not claim deliveries; will try again");
  }

  start(): void {
    if (this.loop.isRunning) return;
    this.stopping = false;
    this.inbox?.on("stored", this.onStored);
    this.loop.start();
  }

  /** Stops claiming, finishes the deliveries in hand and releases the ones not started. */
  async stop(): Promise<void> {
    if (!this.loop.isRunning) return;
    this.stopping = true;
    this.inbox?.off("stored", this.onStored);
    await this.loop.stop();
  }

  nudge(): void {
    this.loop.nudge();
  }

  /** Claims and processes one batch; returns how many deliveries it claimed. For tests and tools. */
  async drainOnce(): Promise<number> {
    const claimedAt = Date.now();
    const claimed = await this.claim();
    await this.process(claimed, claimedAt);
    return claimed.length;
  }

  private async claim(): Promise<ClaimedDelivery[]> {
    const token = randomUUID();
    const now = new Date();
    const expires = new Date(now.getTime() + this.opts.claimTtlMs);
    const skipLocked = this.db.provider === "postgresql" ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
    const rows = await this.db.prisma.$queryRaw<ClaimRow[]>`
      UPDATE deliveries
      SET claim_token = ${token}, claimed_by = ${this.id}, claim_expires_at = ${expires}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM deliveries
        WHERE status IN ('pending', 'retrying') AND next_attempt_at <= ${now}
          AND (claim_expires_at IS NULL OR claim_expires_at < ${now})
        ORDER BY next_attempt_at
        LIMIT ${this.opts.batchSize}
        ${skipLocked}
      )
      RETURNING id, source, type, idempotency_key, account_id, board_id, webhook_id, payload, meta, attempts, request_id, received_at`;
    return rows.map((r) => ({
      id: r.id,
      source: r.source as DeliverySource,
      type: r.type,
      idempotencyKey: r.idempotency_key,
      accountId: r.account_id,
      boardId: r.board_id,
      webhookId: r.webhook_id,
      payload: r.payload,
      meta: safeJson(r.meta),
      attempts: Number(r.attempts),
      requestId: r.request_id,
      receivedAt: new Date(r.received_at),
      claimToken: token,
    }));
  }

  private async process(all: ClaimedDelivery[], claimedAt: number): Promise<void> {
    const claimed: ClaimedDelivery[] = [];
    for (const [source, group] of groupBySource(all)) {
      const batch = this.handlers[source]?.applyBatch;
      if (batch && group.length > 1 && !this.stopping && (await this.applyBatch(source, group, batch))) continue;
      claimed.push(...group);
    }
    let next = 0;
    // a delivery not started while its claim is young goes back, rather than risk being taken over
    const startBy = claimedAt + this.opts.claimTtlMs / 2;
    const lane = async () => {
      while (next < claimed.length) {
        const delivery = claimed[next++]!;
        if (this.stopping || Date.now() > startBy) {
          await this.release(delivery);
          continue;
        }
        await this.processOne(delivery);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, claimed.length) }, lane));
  }

  /** Marks deliveries of one claim done; the count tells whether the claim still held for all. */
  private markDone(tx: Tx, deliveries: ClaimedDelivery[]): Promise<number> {
    // claimed_by stays: it tells which process applied the delivery
    return tx.$executeRaw`
      UPDATE deliveries SET status = 'done', processed_at = ${new Date()}, claim_token = NULL, claim_expires_at = NULL, last_error = NULL
      WHERE claim_token = ${deliveries[0]!.claimToken} AND id IN (${Prisma.join(deliveries.map((d) => d.id))})`;
  }

  /** Applies a batch in one transaction; false when it must be retried delivery by delivery. */
  private async applyBatch(source: DeliverySource, group: ClaimedDelivery[], batch: NonNullable<DeliveryHandler["applyBatch"]>): Promise<boolean> {
    try {
      const after = await this.db.prisma.$transaction(
        async (tx) => {
          const then = await batch(group, { tx, log: this.log });
          if ((await this.markDone(tx, group)) !== group.length) throw new LostClaimError("a claim in the batch was lost");
          return then;
        },
        { timeout: this.opts.claimTtlMs, maxWait: this.opts.claimTtlMs },
      );
      if (after) after();
      this.metrics.inc("hookboard_deliveries_processed_total", { source }, group.length);
      return true;
    } catch (error) {
      this.log.debug({ err: error, source, size: group.length }, "batch not applied; applying its deliveries one by one");
      return false;
    }
  }

  private async processOne(d: ClaimedDelivery): Promise<void> {
    const log = this.log.child({ deliveryId: d.id, requestId: d.requestId, source: d.source, type: d.type, attempt: d.attempts });
    const handler = this.handlers[d.source];
    let committed = false;
    const ctx: HandlerContext = {
      log,
      commit: async (fn) => {
        if (committed) throw new Error("a handler commits once");
        const result = await this.db.prisma.$transaction(
          async (tx) => {
            const value = await fn(tx);
            if ((await this.markDone(tx, [d])) !== 1) throw new LostClaimError(`claim on ${d.id} was lost`);
            return value;
          },
          { timeout: this.opts.claimTtlMs, maxWait: this.opts.claimTtlMs },
        );
        committed = true;
        return result;
      },
    };
    try {
      if (!handler) throw new Error(`no handler for source ${d.source}`);
      await handler(d, ctx);
      if (!committed) await ctx.commit(async () => undefined);
      this.metrics.inc("hookboard_deliveries_processed_total", { source: d.source });
      log.debug("delivery processed");
    } catch (error) {
      if (error instanceof LostClaimError) {
        log.warn("delivery was taken over by another worker; its result was discarded");
        return;
      }
      await this.fail(d, error, log);
    }
  }

  private async fail(d: ClaimedDelivery, error: unknown, log: Logger): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    const dead = d.attempts >= this.opts.maxAttempts;
    const next = new Date(Date.now() + backoffDelay(d.attempts, this.opts.backoff));
    try {
      const updated = await this.db.prisma.delivery.updateMany({
        where: { id: d.id, claimToken: d.claimToken },
        data: { status: dead ? "dead" : "retrying", nextAttemptAt: next, lastError: message, claimToken: null, claimedBy: null, claimExpiresAt: null },
      });
      if (updated.count !== 1) return;
    } catch (writeError) {
      log.error({ err: writeError }, "could not record a failed attempt; the claim will expire and the delivery be retried");
      return;
    }
    if (dead) {
      this.metrics.inc("hookboard_deliveries_dead_total", { source: d.source });
      log.error({ error: message }, "delivery is dead after its last attempt");
    } else {
      this.metrics.inc("hookboard_deliveries_retried_total", { source: d.source });
      log.warn({ error: message, nextAttemptAt: next.toISOString() }, "delivery failed; will retry");
    }
  }

  /** Gives a claimed but unstarted delivery back, without counting the attempt. */
  private async release(d: ClaimedDelivery): Promise<void> {
    await this.db.prisma.delivery
      .updateMany({
        where: { id: d.id, claimToken: d.claimToken },
        data: { claimToken: null, claimedBy: null, claimExpiresAt: null, attempts: { decrement: 1 } },
      })
      .catch((error: unknown) => this.log.warn({ err: error, deliveryId: d.id }, "could not release a claim; it will expire"));
  }
}

function groupBySource(deliveries: ClaimedDelivery[]): Map<DeliverySource, ClaimedDelivery[]> {
  const groups = new Map<DeliverySource, ClaimedDelivery[]>();
  for (const d of deliveries) {
    const group = groups.get(d.source);
    if (group) group.push(d);
    else groups.set(d.source, [d]);
  }
  return groups;
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
