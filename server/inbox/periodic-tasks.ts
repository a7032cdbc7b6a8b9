// Work Hookboard does on a schedule (reconciling board webhooks with monday, say) is a task like any
// other: each process that runs a worker records the task for the current period when it is due, the
// idempotency key lets only the first one in, and one worker claims and carries it out with the
// retries and dead-lettering of every delivery. Two processes never do one period's work twice.
import type { PrismaClient } from "../db/client.ts";
import type { Logger } from "../log/logger.ts";
import { PollLoop } from "./poll-loop.ts";
import { insertPeriodicTask } from "./tasks.ts";

export interface PeriodicTask {
  /** the registered task's name (`task:<name>`) */
  name: string;
  everyMs: number;
}

/** How often a process looks whether a period began (a period is minutes long). */
const TICK_MS = 30_000;

export class PeriodicTasks {
  private readonly loop: PollLoop;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly tasks: PeriodicTask[],
    private readonly log: Logger,
    private readonly onRecorded: () => void = () => undefined,
  ) {
    const shortest = Math.min(...tasks.map((t) => (t.everyMs > 0 ? t.everyMs : Infinity)));
    const tickMs = Math.max(100, Math.min(TICK_MS, Math.floor(shortest / 2)));
    // the round always answers 0: the loop then waits a tick before looking again
    this.loop = new PollLoop(tickMs, () => this.round(), log, "could not record a periodic task; will try again");
  }

  start(): void {
    if (this.tasks.some((t) => t.everyMs > 0)) this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Records each task whose current period has none yet. */
  async round(now = Date.now()): Promise<number> {
    for (const task of this.tasks) {
      if (task.everyMs <= 0) continue;
      if (await insertPeriodicTask(this.prisma, task.name, Math.floor(now / task.everyMs))) {
        this.log.debug({ task: task.name }, "periodic task recorded");
        this.onRecorded();
      }
    }
    return 0;
  }
}
