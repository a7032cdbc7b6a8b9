// One attempt at applying a claimed delivery: what the inbox lends the code that applies it. Every
// commit checks the claim inside its own transaction (claims.ts), so whatever a commit writes is
// written once. Tasks a handler asked for are inserted in the same transaction as its work, so they
// exist exactly when that work committed, and run after it (tasks.ts).
import type { Db, Tx } from "../db/client.ts";
import type { Logger } from "../log/logger.ts";
import { completedSteps, LostClaimError, markDone, recordStep } from "./claims.ts";
import type { ClaimedDelivery } from "./delivery.ts";
import { insertTasks, type NewTask } from "./tasks.ts";

export interface CommitOptions {
  /** the transaction's own time limit (default: the claim's lifetime) */
  timeoutMs?: number;
  /** work for after the commit, recorded in the same transaction */
  tasks?: NewTask[];
}

export interface Attempt {
  readonly delivery: ClaimedDelivery;
  readonly log: Logger;
  /** true once the delivery has been marked done by this attempt */
  readonly done: boolean;
  /** Runs `fn` in the transaction that marks the delivery done. Once per attempt. */
  commit<T>(fn: (tx: Tx) => Promise<T>, options?: CommitOptions): Promise<T>;
  /**
   * Runs `fn` in a transaction that records `step` as committed for this delivery (not yet done):
   * a later attempt skips the step. `resultOf` keeps what later steps need to know.
   */
  commitStep<T>(step: string, fn: (tx: Tx) => Promise<T>, options?: CommitOptions & { resultOf?: (value: T) => string | null }): Promise<T>;
  /** steps earlier attempts committed, with their results */
  completedSteps(): Promise<Map<string, string | null>>;
}

export interface AttemptOptions {
  transactionTimeoutMs: number;
  /** once aborted, nothing more is committed: the claim expires and a worker takes the delivery up */
  stopping?: AbortSignal;
  /** called after a commit that queued tasks */
  onTasksQueued?: () => void;
}

export function attemptOn(db: Db, delivery: ClaimedDelivery, log: Logger, options: AttemptOptions): Attempt {
  let done = false;
  const transaction = async <T>(fn: (tx: Tx) => Promise<T>, commitOptions: CommitOptions, finish: (tx: Tx) => Promise<void>): Promise<T> => {
    if (done) throw new LostClaimError(`delivery ${delivery.id} is done already`);
    if (options.stopping?.aborted) throw new LostClaimError(`Hookboard is stopping; ${delivery.id} is left to the next start`);
    const tasks = commitOptions.tasks ?? [];
    const timeout = commitOptions.timeoutMs ?? options.transactionTimeoutMs;
    const value = await db.prisma.$transaction(
      async (tx) => {
        const result = await fn(tx);
        if (tasks.length) await insertTasks(tx, delivery, tasks);
        await finish(tx);
        return result;
      },
      { timeout, maxWait: options.transactionTimeoutMs },
    );
    if (tasks.length) options.onTasksQueued?.();
    return value;
  };
  return {
    delivery,
    log,
    get done() {
      return done;
    },
    async commit(fn, commitOptions = {}) {
      const value = await transaction(fn, commitOptions, async (tx) => {
        if ((await markDone(tx, delivery.claimToken, [delivery.id])) !== 1) throw new LostClaimError(`claim on ${delivery.id} was lost`);
      });
      done = true;
      return value;
    },
    async commitStep(step, fn, commitOptions = {}) {
      let result: string | null = null;
      return transaction(
        async (tx) => {
          const value = await fn(tx);
          result = commitOptions.resultOf ? commitOptions.resultOf(value) : null;
          return value;
        },
        commitOptions,
        (tx) => recordStep(tx, delivery, step, result),
      );
    },
    // also on a first attempt: a dead delivery retried by hand starts counting again but keeps its steps
    completedSteps: () => completedSteps(db.prisma, delivery.id),
  };
}
