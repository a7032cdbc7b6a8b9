// What /metrics reads from the database: a summary computed at most once per `ttlMs` and served
// from memory in between, every figure a range read on an index (the deliveries' status, a
// webhook's deliveries, the feature callbacks' status), so a scrape never scans the tables.
import { Prisma, type PrismaClient } from "../db/client.ts";
import { healthState, type HealthState } from "../board-webhooks/webhook-health.ts";
import { JobRuns } from "./job-runs.ts";

export interface Gauge {
  name: string;
  help: string;
  type: "gauge";
  samples: { labels: Record<string, string>; value: number }[];
}

const DAY_MS = 24 * 3600_000;
const HEALTH_STATES: HealthState[] = ["waiting", "healthy", "silent", "failing", "missing"];
/** the webhooks the board view lists (state), whose health it shows */
const LISTED_WEBHOOK_STATES = ["pending", "active", "missing"];

type Cell = Date | string | number | bigint | null;
const count = (v: Cell | undefined) => Number(v ?? 0);
function dateOf(v: Cell | undefined): Date | null {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(typeof v === "bigint" ? Number(v) : v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export class OpsGauges {
  private cached: { at: number; gauges: Promise<Gauge[]> } | null = null;
  private readonly jobs: JobRuns;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: { silentAfterMs: number; ttlMs?: number },
  ) {
    this.jobs = new JobRuns(prisma);
  }

  read(now = Date.now()): Promise<Gauge[]> {
    const ttl = this.options.ttlMs ?? 5_000;
    if (!this.cached || now - this.cached.at >= ttl) {
      const gauges = this.compute(new Date(now));
      this.cached = { at: now, gauges };
      // a failed reading is not kept: the next scrape tries again
      gauges.catch(() => {
        if (this.cached?.gauges === gauges) this.cached = null;
      });
    }
    return this.cached.gauges;
  }

  private async compute(now: Date): Promise<Gauge[]> {
    const since = new Date(now.getTime() - DAY_MS);
    const [byStatus, oldest, dead, expired, overdue, webhooks, reconcile] = await Promise.all([
      this.prisma.$queryRaw<{ status: string; n: Cell }[]>`SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status`,
      this.prisma.$queryRaw<{ at: Cell }[]>`SELECT MIN(received_at) AS at FROM deliveries WHERE status IN ('pending', 'retrying')`,
      this.prisma.$queryRaw<{ source: string; n: Cell }[]>`SELECT source, COUNT(*) AS n FROM deliveries WHERE status = 'dead' GROUP BY source`,
      this.prisma.$queryRaw<{ n: Cell }[]>`SELECT COUNT(*) AS n FROM feature_events WHERE callback_status = 'expired'`,
      this.prisma.$queryRaw<{ n: Cell }[]>`
        SELECT COUNT(*) AS n FROM feature_events WHERE callback_status = 'pending' AND callback_deadline < ${now}`,
      this.prisma.$queryRaw<{ state: string; kept: Cell; newest: Cell; failures: Cell }[]>`
        SELECT w.state AS state, w.last_delivery_at AS kept,
          (SELECT MAX(d.received_at) FROM deliveries d WHERE d.webhook_id = w.id) AS newest,
          (SELECT COUNT(*) FROM deliveries d WHERE d.webhook_id = w.id AND d.status IN ('retrying', 'dead') AND d.received_at >= ${since}) AS failures
        FROM board_webhooks w WHERE w.state IN (${Prisma.join(LISTED_WEBHOOK_STATES)})`,
      this.jobs.last("reconcile"),
    ]);

    const health = new Map<HealthState, number>(HEALTH_STATES.map((s) => [s, 0]));
    for (const w of webhooks) {
      const kept = dateOf(w.kept);
      const newest = dateOf(w.newest);
      const lastDeliveryAt = kept && newest ? (kept > newest ? kept : newest) : (kept ?? newest);
      const state = healthState({ state: w.state, failures24h: count(w.failures), lastDeliveryAt }, this.options.silentAfterMs, now);
      health.set(state, health.get(state)! + 1);
    }
    const oldestAt = dateOf(oldest[0]?.at);

    const gauges: Gauge[] = [
      {
        name: "hookboard_inbox_deliveries",
        help: "Stored deliveries by status (whole database)",
        type: "gauge",
        samples: byStatus.map((r) => ({ labels: { status: r.status }, value: count(r.n) })),
      },
      {
        name: "hookboard_oldest_pending_delivery_age_seconds",
        help: "Age of the oldest delivery not yet applied (pending or retrying); 0 when none waits",
        type: "gauge",
        samples: [{ labels: {}, value: oldestAt ? Math.max(0, Math.round((now.getTime() - oldestAt.getTime()) / 1000)) : 0 }],
      },
      {
        name: "hookboard_dead_deliveries",
        help: "Dead deliveries kept (the worker gave up on them), by source",
        type: "gauge",
        samples: ["lifecycle", "board", "feature", "task"].map((source) => ({
          labels: { source },
          value: count(dead.find((d) => d.source === source)?.n),
        })),
      },
      {
        name: "hookboard_feature_callbacks_past_window",
        help: "Async feature results monday's window closed on before back_to_url took them (expired), plus pending ones past it",
        type: "gauge",
        samples: [{ labels: {}, value: count(expired[0]?.n) + count(overdue[0]?.n) }],
      },
      {
        name: "hookboard_board_webhooks",
        help: "Board webhooks the board view lists, by health state",
        type: "gauge",
        samples: HEALTH_STATES.map((state) => ({ labels: { state }, value: health.get(state)! })),
      },
    ];
    if (reconcile?.lastFinishedAt) {
      gauges.push(
        {
          name: "hookboard_reconcile_last_run_timestamp_seconds",
          help: "When the last reconciliation with monday's records finished (Unix time)",
          type: "gauge",
          samples: [{ labels: {}, value: Math.round(reconcile.lastFinishedAt.getTime() / 1000) }],
        },
        {
          name: "hookboard_reconcile_last_run_success",
          help: "1 when the last reconciliation with monday's records succeeded, 0 when it failed",
          type: "gauge",
          samples: [{ labels: {}, value: reconcile.lastOutcome === "ok" ? 1 : 0 }],
        },
      );
    }
    return gauges;
  }
}
