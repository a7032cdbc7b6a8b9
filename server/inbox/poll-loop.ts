// The loop behind every background drainer (the delivery worker, the feature callback sender): run
// a round, and when it found nothing to do, wait for the poll interval or a nudge, whichever comes
// first. A nudge that arrives mid-round starts the next round at once.
import type { Logger } from "../log/logger.ts";

export class PollLoop {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private pendingWake = false;

  constructor(
    private readonly pollMs: number,
    /** one round; returns how much it did (0: nothing was due) */
    private readonly round: () => Promise<number>,
    private readonly log: Logger,
    private readonly failure: string,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Starts no new round and resolves when the current one has finished. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.nudge();
    await this.loop;
  }

  nudge(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let done = 0;
      try {
        done = await this.round();
      } catch (error) {
        this.log.error({ err: error }, this.failure);
      }
      if (done === 0 && this.running) await this.idle();
    }
  }

  private idle(): Promise<void> {
    if (this.pendingWake) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), this.pollMs);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        this.pendingWake = false;
        resolve();
      };
    });
  }
}
