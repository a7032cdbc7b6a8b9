// Reports async outcomes to monday: POSTs `{"success": ...}` to each event's back_to_url, retrying
// with backoff until monday accepts it or its window (receipt + 5 minutes) has passed.
//
// The state lives on the feature_events row, so a pending callback survives a restart. A sender
// claims a row with a random token and an expiry, and records the attempt only while it still holds
// that token: one process sends a given callback at a time, and a success is recorded once. The
// claim outlives the request timeout, so a claim is never taken over while its request may still
// succeed. The clock is injectable: tests let monday's window pass without waiting for it.
import { randomUUID } from "node:crypto";
import type { Config } from "../config/config.ts";
import { Prisma, type Db } from "../db/client.ts";
import { backoffDelay, type BackoffPolicy } from "../inbox/backoff.ts";
import type { Logger } from "../log/logger.ts";
import type { Metrics } from "../ops/metrics.ts";
import { callbackRefusal } from "./callback-url.ts";
import { systemClock, type Clock } from "./clock.ts";
import { callbackBodyOf, parseStoredOutcome } from "./outcome.ts";
import { PollLoop } from "../inbox/poll-loop.ts";

export interface CallbackSenderOptions {
  clock?: Clock;
  pollMs?: number;
  batchSize?: number;
  requestTimeoutMs?: number;
  backoff?: BackoffPolicy;
}

interface DueRow {
  event_id: string;
  back_to_url: string | null;
  result: string;
  callback_deadline: Date | string | null;
  callback_attempts: number | bigint;
}

type AttemptResult = { sent: true } | { sent: false; error: string; final?: "failed" | "expired" };

export const CALLBACKS_METRIC = "hookboard_feature_callbacks_total";

export class CallbackSender {
  private readonly clock: Clock;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly requestTimeoutMs: number;
  private readonly claimTtlMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly loop: PollLoop;
  private batch: Promise<number> | null = null;

  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, "env" | "callbackHosts">,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    options: CallbackSenderOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.pollMs = options.pollMs ?? 500;
    this.batchSize = options.batchSize ?? 16;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.claimTtlMs = this.requestTimeoutMs * 3;
    this.backoff = options.backoff ?? { baseMs: 1_000, maxMs: 30_000 };
    metrics.define(CALLBACKS_METRIC, "Callbacks to back_to_url, by result (sent, retried, expired, failed)");
    this.loop = new PollLoop(this.pollMs, () => this.runDue(), log, "could not claim feature callbacks; will try again");
  }

  start(): void {
    this.loop.start();
  }

  /** Stops claiming; a callback in flight is finished and recorded first. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  nudge(): void {
    this.loop.nudge();
  }

  /**
   * Claims the callbacks due now and attempts each once; returns how many it attempted. Batches of
   * one process run one after another, so a claim never ages while its own process waits on it.
   */
  async runDue(): Promise<number> {
    while (this.batch) await this.batch.catch(() => 0);
    this.batch = (async () => {
      const due = await this.claim();
      await Promise.all(due.map((row) => this.attempt(row.claim, row.row)));
      return due.length;
    })();
    try {
      return await this.batch;
    } finally {
      this.batch = null;
    }
  }

  private async claim(): Promise<{ claim: string; row: DueRow }[]> {
    const claim = randomUUID();
    const now = this.clock();
    const expires = new Date(now.getTime() + this.claimTtlMs);
    const skipLocked = this.db.provider === "postgresql" ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
    const rows = await this.db.prisma.$queryRaw<DueRow[]>`
      UPDATE feature_events
      SET callback_claim = ${claim}, callback_claim_exp = ${expires}, callback_attempts = callback_attempts + 1
      WHERE event_id IN (
        SELECT event_id FROM feature_events
        WHERE callback_status IN ('pending', 'retrying') AND result IS NOT NULL AND callback_next_at <= ${now}
          AND (callback_claim_exp IS NULL OR callback_claim_exp < ${now})
        ORDER BY callback_next_at
        LIMIT ${this.batchSize}
        ${skipLocked}
      )
      RETURNING event_id, back_to_url, result, callback_deadline, callback_attempts`;
    return rows.map((row) => ({ claim, row }));
  }

  private async send(row: DueRow): Promise<AttemptResult> {
    const url = row.back_to_url;
    if (!url) return { sent: false, error: "the event carried no back_to_url", final: "failed" };
    // checked again at sending: the allow-list may have been narrowed since the event arrived
    const refusal = callbackRefusal(url, this.config);
    if (refusal) return { sent: false, error: refusal, final: "failed" };
    const deadline = row.callback_deadline ? new Date(row.callback_deadline) : null;
    if (deadline && this.clock() > deadline) return { sent: false, error: "monday's window for the result had passed", final: "expired" };
    let body: string;
    try {
      body = JSON.stringify(callbackBodyOf(parseStoredOutcome(row.result)));
    } catch {
      return { sent: false, error: "the recorded outcome could not be read", final: "failed" };
    }
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        // a redirect could lead anywhere: only the allowed address itself is called
        redirect: "manual",
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      await res.body?.cancel().catch(() => {});
      if (res.status >= 200 && res.status < 300) return { sent: true };
      return { sent: false, error: `back_to_url answered ${res.status}` };
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      return { sent: false, error: timedOut ? "back_to_url did not answer in time" : "back_to_url could not be reached" };
    }
  }

  private async attempt(claim: string, row: DueRow): Promise<void> {
    const attempts = Number(row.callback_attempts);
    const host = row.back_to_url ? (URL.parse(row.back_to_url)?.host ?? "?") : null;
    const log = this.log.child({ eventId: row.event_id, callbackHost: host, attempt: attempts });
    const result = await this.send(row);
    const now = this.clock();
    const release = { callbackClaim: null, callbackClaimExp: null };
    try {
      if (result.sent) {
        await this.record(row.event_id, claim, { callbackStatus: "sent", callbackSentAt: now, callbackLastError: null, ...release });
        this.metrics.inc(CALLBACKS_METRIC, { result: "sent" });
        log.info("feature event result reported to monday");
        return;
      }
      const deadline = row.callback_deadline ? new Date(row.callback_deadline) : now;
      const final = result.final ?? (now >= deadline ? "expired" : null);
      if (final) {
        await this.record(row.event_id, claim, { callbackStatus: final, callbackLastError: result.error, ...release });
        this.metrics.inc(CALLBACKS_METRIC, { result: final });
        log.error({ error: result.error }, "feature event result could not be reported to monday");
        return;
      }
      // the last try lands on the deadline itself rather than after it
      const next = new Date(Math.min(now.getTime() + backoffDelay(attempts, this.backoff), deadline.getTime()));
      await this.record(row.event_id, claim, { callbackStatus: "retrying", callbackNextAt: next, callbackLastError: result.error, ...release });
      this.metrics.inc(CALLBACKS_METRIC, { result: "retried" });
      log.warn({ error: result.error, nextAttemptAt: next.toISOString() }, "reporting a feature event result failed; will retry");
    } catch (error) {
      log.error({ err: error }, "could not record a callback attempt; its claim will expire and it will be attempted again");
    }
  }

  /** Writes the attempt only while this sender still holds the claim. */
  private async record(eventId: string, claim: string, data: Prisma.FeatureEventUpdateManyMutationInput): Promise<void> {
    const updated = await this.db.prisma.featureEvent.updateMany({ where: { eventId, callbackClaim: claim }, data });
    if (updated.count !== 1) this.log.warn({ eventId }, "a callback claim was taken over; this attempt's result was not recorded");
  }
}
