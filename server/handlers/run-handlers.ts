// Runs the handlers of one board, lifecycle or task delivery, in registration order, on the attempt
// the inbox lends. A handler's `commit` is recorded as a step of the delivery in the same
// transaction (the last handler's commit marks the delivery done instead), so a retry skips the
// handlers whose database work went through: database work is exactly once, work outside it
// at-least-once. A handler that throws, or overruns its budget, fails the attempt: the delivery is
// retried with backoff and parked as dead after its last attempt.
import type { Tx } from "../db/client.ts";
import type { Attempt } from "../inbox/attempt.ts";
import type { NewTask } from "../inbox/tasks.ts";
import type { HandlerContext, MondayClient } from "./context.ts";
import { parseKey, type TaskKey } from "./keys.ts";
import type { HandlerRegistry, Registration } from "./registry.ts";

export class HandlerOverranError extends Error {
  override name = "HandlerOverranError";
}

/** What a family's applier needs to run handlers. */
export interface HandlerDeps {
  registry: HandlerRegistry;
  /** monday's API as an account (its connection), or null when it has none */
  mondayFor(accountId: string | null): Promise<MondayClient | null>;
  /** how long a handler may run before its attempt fails */
  budgetMs: number;
}

export interface HandlerRun<E> {
  attempt: Attempt;
  event: E;
  handlers: Registration[];
  /** steps committed by earlier attempts (Attempt.completedSteps) */
  completed: Map<string, string | null>;
  /** the account's monday client, asked for only when a handler runs */
  monday: () => Promise<MondayClient | null>;
  budgetMs: number;
  /** the family's own work, in the transaction that marks the delivery done */
  whenDone?: (tx: Tx) => Promise<void>;
}

type Handler<E> = (event: E, ctx: HandlerContext<E>) => Promise<unknown>;

/** Turns `afterCommit`'s key into a task; a key that is none is a bug in the calling handler. */
export function taskOf(key: TaskKey, payload: unknown): NewTask {
  const parsed = parseKey(key);
  if (!parsed || parsed.family !== "task") throw new Error(`afterCommit takes a task key ("task:<name>"), not "${String(key)}"`);
  return { name: parsed.name, payload: payload ?? null };
}

/** A promise that rejects when `budgetMs` has passed, aborting `controller` first. */
export function overrun(controller: AbortController, budgetMs: number, what: string): { promise: Promise<never>; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new HandlerOverranError(`${what} did not finish within its budget of ${budgetMs} ms`));
    }, budgetMs);
  });
  // the race may be won by the handler: nobody awaits this rejection then
  promise.catch(() => undefined);
  return { promise, clear: () => clearTimeout(timer) };
}

export async function runHandlers<E>(run: HandlerRun<E>): Promise<void> {
  const { attempt } = run;
  const pending = run.handlers.filter((h) => !run.completed.has(h.step));
  const monday = pending.length ? await run.monday() : null;
  for (const [i, registration] of pending.entries()) {
    const last = i === pending.length - 1;
    const controller = new AbortController();
    const tasks: NewTask[] = [];
    let commit: "none" | "started" | "done" = "none";
    const ctx: HandlerContext<E> = {
      event: run.event,
      log: attempt.log.child({ handler: registration.name }),
      signal: controller.signal,
      monday,
      afterCommit(key, payload) {
        if (commit !== "none") throw new Error(`${registration.name}: afterCommit comes before commit`);
        tasks.push(taskOf(key, payload));
      },
      async commit<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
        if (commit !== "none") throw new Error(`${registration.name}: a handler commits once`);
        commit = "started";
        const work = async (tx: Tx) => {
          const value = await fn(tx);
          // the attempt already failed for overrunning: this work must not count
          if (controller.signal.aborted) throw new HandlerOverranError(`${registration.name} committed after its budget was spent`);
          if (last && run.whenDone) await run.whenDone(tx);
          return value;
        };
        const value = last ? await attempt.commit(work, { tasks }) : await attempt.commitStep(registration.step, work, { tasks });
        commit = "done";
        return value;
      },
    };
    const limit = overrun(controller, run.budgetMs, `handler ${registration.name} of ${registration.key}`);
    try {
      await Promise.race([(registration.handler as unknown as Handler<E>)(run.event, ctx), limit.promise]);
    } finally {
      limit.clear();
    }
    if (commit === "none" && tasks.length) await ctx.commit(async () => undefined);
  }
  if (!attempt.done) await attempt.commit(async (tx) => run.whenDone?.(tx));
}
