// Bounded storage: the worker deletes applied deliveries older than DELIVERY_RETENTION_DAYS and dead
// ones (not retried) older than DEAD_DELIVERY_RETENTION_DAYS, a small batch per transaction with a
// pause between batches, so intake (which writes to the same table) is never held up for long.
//
// What stays right: a deleted delivery was received days ago, far beyond monday's retries of it, so
// idempotency still catches every retry (the key is on the row for as long as monday can resend);
// the board view's 24-hour health and 7-day charts count deliveries younger than the shortest
// retention (8 days); a webhook's last delivery time is kept on the webhook itself; the lifecycle
// timeline and feature events are their own tables. The webhooks' delivery counts are kept for 31
// days, as far back as the daily chart reaches.
import { pruneDeliveryCounts } from "../board-webhooks/delivery-counts.ts";
import { Prisma, type Db } from "../db/client.ts";
import type { Logger } from "../log/logger.ts";
import type { Metrics } from "../ops/metrics.ts";
import { PollLoop } from "./poll-loop.ts";

export interface RetentionPolicy {
  /** applied (done) deliveries older than this are deleted */
  doneMs: number;
  /** dead deliveries older than this are deleted */
  deadMs: number;
  /** rows per transaction (default 500) */
  batchSize?: number;
  /** least pause between batches, so intake's writes interleave (default 25 ms; never shorter than twice the batch took) */
  pauseMs?: number;
  /** how often to look for old deliveries once none are left (default 10 minutes) */
  everyMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Retention {
  private readonly loop: PollLoop;

  constructor(
    private readonly db: Db,
    private readonly policy: RetentionPolicy,
    private readonly metrics: Metrics,
    log: Logger,
  ) {
    this.loop = new PollLoop(policy.everyMs ?? 10 * 60_000, () => this.round(), log, "deleting old deliveries failed; will try again");
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Deletes one batch of old deliveries (done first, then dead); returns how many. */
  async pruneBatch(now = new Date()): Promise<number> {
    const limit = this.policy.batchSize ?? 500;
    let deleted = 0;
    for (const [status, ageMs] of [
      ["done", this.policy.doneMs],
      ["dead", this.policy.deadMs],
    ] as const) {
      if (deleted >= limit) break;
      const before = new Date(now.getTime() - ageMs);
      // one statement: no transaction held open across round trips (on SQLite that would queue every
      // other query of the process behind it). A dead delivery retried meanwhile must stay: SQLite runs
      // the statement under its one write lock, so the subquery's status holds; PostgreSQL re-checks
      // only the outer condition on a row changed since the subquery read it (on SQLite that same
      // condition would make it walk the status index instead of the ids)
      const recheck = this.db.provider === "postgresql" ? Prisma.sql`AND status = ${status}` : Prisma.empty;
      const rows = await this.db.prisma.$queryRaw<{ id: string }[]>`
        DELETE FROM deliveries WHERE id IN (
          SELECT id FROM deliveries WHERE status = ${status} AND received_at < ${before} LIMIT ${limit - deleted}
        ) ${recheck} RETURNING id`;
      if (!rows.length) continue;
      // the handlers' records and the attempts of deliveries that are gone
      const ids = Prisma.join(rows.map((r) => r.id));
      await this.db.prisma.$executeRaw`DELETE FROM delivery_steps WHERE delivery_id IN (${ids})`;
      await this.db.prisma.$executeRaw`DELETE FROM delivery_attempts WHERE delivery_id IN (${ids})`;
      const gone = rows.length;
      deleted += gone;
      this.metrics.inc("hookboard_deliveries_pruned_total", { status }, gone);
    }
    return deleted;
  }

  private async round(): Promise<number> {
    const started = Date.now();
    await pruneDeliveryCounts(this.db.prisma, new Date(started));
    const deleted = await this.pruneBatch();
    // a pause twice as long as the batch took: pruning has the database a third of the time at most
    if (deleted) await sleep(Math.max(this.policy.pauseMs ?? 25, 2 * (Date.now() - started)));
    return deleted;
  }
}
