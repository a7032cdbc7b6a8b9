// Reconciling on a schedule (RECONCILE_INTERVAL_MINUTES) while Hookboard runs with MONDAY_API_TOKEN
// and MONDAY_APP_ID. Every process checks once a minute whether a run is due; the job's lease row
// lets one of them run it, at most once per interval across all of them.
import type { Logger } from "../log/logger.ts";
import type { Reconciler } from "./reconcile.ts";

const CHECK_EVERY_MS = 60_000;

export class ReconcileSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly reconciler: Reconciler,
    private readonly intervalMs: number,
    private readonly log: Logger,
    private readonly checkEveryMs = Math.min(CHECK_EVERY_MS, intervalMs),
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running ??= this.runIfDue().finally(() => {
        this.running = null;
      });
    };
    this.timer = setInterval(tick, this.checkEveryMs);
    this.timer.unref();
    tick();
  }

  private async runIfDue(): Promise<void> {
    try {
      const result = await this.reconciler.run({ minIntervalMs: this.intervalMs });
      if (result.outcome === "done" && result.corrections.length) {
        this.log.info({ corrections: result.corrections.length }, "reconciliation stored corrections for the worker");
      }
    } catch (error) {
      this.log.warn({ err: error instanceof Error ? error.message : String(error) }, "reconciling with monday's records failed; the next run tries again");
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
