// The worker claims stored deliveries and applies each through the applier of its source, retries
// failures with backoff and parks a delivery as dead after its last attempt.
//
// Deliveries that need nothing but their family's own state change are applied set-wise: one
// transaction for a claimed batch of a source. The others (those with handlers) each get an attempt
// of their own in one of a few lanes, and the worker goes on claiming while they run, so a slow
// handler or task holds up its lane only. The claims of everything in hand are renewed while this
// process lives; a crashed process's claims expire and another worker takes the deliveries over.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Db, Tx } from "../db/client.ts";
import type { Logger } from "../log/logger.ts";
import type { Metrics } from "../ops/metrics.ts";
import { attemptOn, type Attempt } from "./attempt.ts";
import { backoffDelay, type BackoffPolicy } from "./backoff.ts";
import { claimDue, LostClaimError, markDone, recordFailure, release, renew } from "./claims.ts";
import type { ClaimedDelivery, DeliverySource } from "./delivery.ts";
import type { Inbox } from "./inbox.ts";
import { PollLoop } from "./poll-loop.ts";
import { Retention, type RetentionPolicy } from "./retention.ts";

/** How one source's deliveries are applied. */
export interface Applier {
  /** Applies one delivery; throws to fail the attempt (it is retried). An attempt left undone is marked done afterwards. */
  apply(attempt: Attempt): Promise<void>;
  /**
   * Applies several deliveries in one transaction (which also marks them done). It must end in the
   * state the deliveries would leave one by one; if it throws, each is applied alone, so one bad
   * delivery does not hold up the others. What it returns runs after the commit.
   */
  applyBatch?: (deliveries: ClaimedDelivery[], ctx: { tx: Tx; log: Logger }) => Promise<(() => void) | void>;
  /** Whether a delivery may go in a batch (default: every one); one with handlers of its own may not. */
  batchable?: (delivery: ClaimedDelivery) => boolean;
}

export type Appliers = Record<DeliverySource, Applier>;

export interface WorkerOptions {
  /** deliveries claimed at a time */
  batchSize?: number;
  /** deliveries applied one by one at the same time */
  concurrency?: number;
  pollMs?: number;
  claimTtlMs?: number;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** old deliveries this worker deletes (retention.ts); none without it */
  retention?: RetentionPolicy;
}

export class Worker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly opts: Required<Omit<WorkerOptions, "retention">>;
  /** deletes old deliveries while the worker runs */
  readonly retention: Retention | null;
  private stopping = false;
  private readonly loop: PollLoop;
  private readonly onStored = () => this.nudge();
  /** claimed deliveries waiting for a lane */
  private queue: ClaimedDelivery[] = [];
  /** claimed deliveries in a lane */
  private readonly active = new Map<string, { delivery: ClaimedDelivery; run: Promise<void> }>();
  private laneFree: (() => void) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  /** the last stop, done or under way */
  private stopped: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly inbox: Inbox | null,
    private readonly appliers: Partial<Appliers>,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    options: WorkerOptions = {},
  ) {
    this.opts = {
      batchSize: options.batchSize ?? 500,
      concurrency: options.concurrency ?? 8,
      pollMs: options.pollMs ?? 500,
      claimTtlMs: options.claimTtlMs ?? 30_000,
      maxAttempts: options.maxAttempts ?? 8,
      backoff: options.backoff ?? { baseMs: 2_000, maxMs: 10 * 60_000 },
    };
    this.loop = new PollLoop(this.opts.pollMs, () => this.round(), log, "worker could not claim deliveries; will try again");
    this.retention = options.retention ? new Retention(db, options.retention, metrics, log) : null;
  }

  start(): void {
    if (this.loop.isRunning) return;
    this.stopping = false;
    this.inbox?.on("stored", this.onStored);
    // Stryker disable next-line MethodExpression: the floor of 250 ms only spares the database renewals every few milliseconds when a claim is short; renewing more often (Math.min) keeps the same claims alive
    this.heartbeat = setInterval(() => void this.renewClaims(), Math.max(250, Math.floor(this.opts.claimTtlMs / 3)));
    this.heartbeat.unref();
    this.loop.start();
    this.retention?.start();
  }

  /**
   * Stops claiming, finishes the deliveries in a lane and releases the ones not started. Every call
   * made while a stop is under way resolves when that stop is done.
   */
  stop(): Promise<void> {
    if (this.loop.isRunning) this.stopped = this.stopWork();
    return this.stopped;
  }

  private async stopWork(): Promise<void> {
    this.stopping = true;
    this.inbox?.off("stored", this.onStored);
    this.laneFree?.();
    await Promise.all([this.loop.stop(), this.retention?.stop()]);
    await this.releaseQueued();
    await Promise.all([...this.active.values()].map((a) => a.run));
    // Stryker disable next-line ConditionalExpression: with nothing left in hand a heartbeat renews nothing, and it is unref'd; clearing it only frees the timer
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  nudge(): void {
    this.loop.nudge();
  }

  /** Claims one batch and applies all of it before resolving; returns how many it claimed. For tests and tools. */
  async drainOnce(): Promise<number> {
    const claimed = await this.claimAndDispatch();
    // a lane that ends starts the next queued delivery before it leaves, so the queue is empty once
    // the lanes are (unless the worker is stopping: stop() releases what is left)
    while (this.active.size) await Promise.all([...this.active.values()].map((a) => a.run));
    return claimed;
  }

  /** Deliveries claimed by this worker and not finished. */
  get inHand(): number {
    return this.queue.length + this.active.size;
  }

  private async round(): Promise<number> {
    // enough in hand already: claim more once a lane is free
    if (this.queue.length >= this.opts.concurrency) {
      await new Promise<void>((resolve) => (this.laneFree = resolve));
      this.laneFree = null;
      return 1;
    }
    return this.claimAndDispatch();
  }

  private async claimAndDispatch(): Promise<number> {
    if (this.stopping) return 0;
    const claimed = await claimDue(this.db, this.id, this.opts.batchSize, this.opts.claimTtlMs);
    for (const [source, group] of groupBySource(claimed)) {
      const applier = this.appliers[source];
      const batch = applier?.applyBatch;
      const together = batch ? group.filter((d) => applier.batchable?.(d) ?? true) : [];
      const alone = together.length ? group.filter((d) => !together.includes(d)) : group;
      if (batch && together.length && !(await this.applyBatch(source, together, batch))) alone.push(...together);
      this.queue.push(...alone);
    }
    this.fillLanes();
    return claimed.length;
  }

  private fillLanes(): void {
    while (!this.stopping && this.active.size < this.opts.concurrency && this.queue.length) {
      const delivery = this.queue.shift()!;
      const run = this.applyOne(delivery).finally(() => {
        this.active.delete(delivery.id);
        this.fillLanes();
        this.laneFree?.();
      });
      this.active.set(delivery.id, { delivery, run });
    }
  }

  /** Applies a batch in one transaction; false when it must be applied delivery by delivery. */
  private async applyBatch(source: DeliverySource, group: ClaimedDelivery[], batch: NonNullable<Applier["applyBatch"]>): Promise<boolean> {
    try {
      const after = await this.db.prisma.$transaction(
        async (tx) => {
          const then = await batch(group, { tx, log: this.log });
          if (
            (await markDone(
              tx,
              group[0]!.claimToken,
              group.map((d) => d.id),
            )) !== group.length
          )
            throw new LostClaimError("a claim in the batch was lost");
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

  private async applyOne(d: ClaimedDelivery): Promise<void> {
    const log = this.log.child({ deliveryId: d.id, requestId: d.requestId, source: d.source, type: d.type, attempt: d.attempts });
    const attempt = attemptOn(this.db, d, log, { transactionTimeoutMs: this.opts.claimTtlMs, onTasksQueued: () => this.nudge() });
    try {
      const applier = this.appliers[d.source];
      if (!applier) throw new Error(`no applier for source ${d.source}`);
      await applier.apply(attempt);
      if (!attempt.done) await attempt.commit(async () => undefined);
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
    const nextAttemptAt = new Date(Date.now() + backoffDelay(d.attempts, this.opts.backoff));
    try {
      if (!(await recordFailure(this.db.prisma, d, { message, dead, nextAttemptAt }))) return;
    } catch (writeError) {
      log.error({ err: writeError }, "could not record a failed attempt; the claim will expire and the delivery be retried");
      return;
    }
    if (dead) {
      this.metrics.inc("hookboard_deliveries_dead_total", { source: d.source });
      log.error({ error: message }, "delivery is dead after its last attempt");
    } else {
      this.metrics.inc("hookboard_deliveries_retried_total", { source: d.source });
      log.warn({ error: message, nextAttemptAt: nextAttemptAt.toISOString() }, "delivery failed; will retry");
    }
  }

  private async releaseQueued(): Promise<void> {
    const queued = this.queue;
    this.queue = [];
    await Promise.all(
      queued.map((d) =>
        release(this.db.prisma, d).catch((error: unknown) => this.log.warn({ err: error, deliveryId: d.id }, "could not release a claim; it will expire")),
      ),
    );
  }

  /** Keeps the claims of everything in hand from expiring while this process is alive. */
  private async renewClaims(): Promise<void> {
    const byToken = new Map<string, string[]>();
    for (const d of [...this.queue, ...[...this.active.values()].map((a) => a.delivery)]) {
      const ids = byToken.get(d.claimToken);
      if (ids) ids.push(d.id);
      else byToken.set(d.claimToken, [d.id]);
    }
    for (const [token, ids] of byToken) {
      try {
        await renew(this.db.prisma, token, ids, this.opts.claimTtlMs);
      } catch (error) {
        this.log.warn({ err: error }, "could not renew claims; they may expire and be taken over");
      }
    }
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
