// Runs a feature event's deciding handler and records its outcome exactly once, through the attempt
// on the stored delivery (the sync route's own claim, or the worker's). A sync event's handler runs
// only while monday waits for the answer; an async one within monday's window for the result.
import type { Tx } from "../db/client.ts";
import type { FeatureHandlerContext, MondayClient } from "../handlers/context.ts";
import { taskOf } from "../handlers/run-handlers.ts";
import type { Attempt } from "../inbox/attempt.ts";
import { LostClaimError } from "../inbox/claims.ts";
import type { NewTask } from "../inbox/tasks.ts";
import type { Logger } from "../log/logger.ts";
import type { Clock } from "./clock.ts";
import type { FeatureEvent } from "./feature-event.ts";
import { recordOutcome, type OutcomeTarget } from "./feature-event-store.ts";
import { checkedOutcome, refuse, succeed, unrecognised, type FeatureOutcome } from "./outcome.ts";

/** A feature event's deciding handler, as the registry hands it out. */
export type FeatureHandler = (event: FeatureEvent, ctx: FeatureHandlerContext<FeatureEvent>) => Promise<FeatureOutcome>;

export interface RunContext {
  log: Logger;
  clock: Clock;
  monday: MondayClient | null;
}

/** How many times an async handler that throws is tried before monday is told it failed. */
export const ASYNC_HANDLER_ATTEMPTS = 3;

export const overranOutcome = () => refuse("The app did not finish handling the event within its time budget", { code: "handler_timeout" });
const failedOutcome = () => refuse("The app could not process the event", { code: "handler_failed" });
export const unknownTypeOutcome = (type: string) => unrecognised(`Hookboard does not know the event type "${type}"; it was kept and answered as a success`);

/** What happens to an event no handler decides: it is kept on record (its row is the record) and succeeds. */
export const recordEvent: FeatureHandler = async () => succeed({ recorded: true });

class BudgetSpentError extends Error {}

type HandlerRun = { kind: "recorded" } | { kind: "lost" } | { kind: "overran" } | { kind: "failed"; error: unknown };

async function callHandler(
  event: FeatureEvent,
  target: OutcomeTarget,
  handler: FeatureHandler,
  attempt: Attempt,
  run: RunContext,
  budgetMs: number,
): Promise<HandlerRun> {
  const controller = new AbortController();
  const deadline = Date.now() + budgetMs;
  const tasks: NewTask[] = [];
  let commitStarted = false;
  let recorded = false;
  const ctx: FeatureHandlerContext<FeatureEvent> = {
    event,
    log: run.log,
    signal: controller.signal,
    monday: run.monday,
    afterCommit(key, payload) {
      if (commitStarted) throw new Error("afterCommit comes before commit");
      tasks.push(taskOf(key, payload));
    },
    commit: async (fn: (tx: Tx) => Promise<FeatureOutcome>) => {
      if (commitStarted) throw new Error("a feature handler commits once");
      commitStarted = true;
      const outcome = await attempt.commit(
        async (tx) => {
          const value = checkedOutcome(await fn(tx));
          // the answer monday got was "overran": this outcome must not become the recorded one
          if (controller.signal.aborted) throw new BudgetSpentError();
          if (!(await recordOutcome(tx, target, value, run.clock()))) throw new LostClaimError(`outcome of event ${target.eventId} was recorded elsewhere`);
          return value;
        },
        { timeoutMs: Math.max(1, deadline - Date.now()), tasks },
      );
      recorded = true;
      logUnrecognised(run.log, target, outcome);
      return outcome;
    },
  };

  const work = (async (): Promise<HandlerRun> => {
    try {
      const returned = await handler(event, ctx);
      if (!commitStarted) await ctx.commit(async () => returned);
      return { kind: "recorded" };
    } catch (error) {
      if (recorded) return { kind: "recorded" };
      if (error instanceof LostClaimError) return { kind: "lost" };
      if (error instanceof BudgetSpentError || controller.signal.aborted) return { kind: "overran" };
      return { kind: "failed", error };
    }
  })();

  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<HandlerRun>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ kind: "overran" });
    }, budgetMs);
  });
  try {
    return await Promise.race([work, overrun]);
  } finally {
    clearTimeout(timer);
  }
}

function logUnrecognised(log: Logger, target: OutcomeTarget, outcome: FeatureOutcome): void {
  if (outcome.success && outcome.unrecognised) {
    log.warn({ eventId: target.eventId, reason: outcome.unrecognised }, "feature event not recognised: answered as a success and kept with its payload");
  }
}

/** Records `outcome` unless another has been; losing that race is not an error. */
export async function recordOutcomeOnce(
  target: OutcomeTarget,
  outcome: FeatureOutcome,
  attempt: Attempt,
  run: Pick<RunContext, "clock" | "log">,
): Promise<void> {
  try {
    await attempt.commit(async (tx) => {
      if (!(await recordOutcome(tx, target, outcome, run.clock()))) throw new LostClaimError(`outcome of event ${target.eventId} was recorded elsewhere`);
    });
    logUnrecognised(run.log, target, outcome);
  } catch (error) {
    if (!(error instanceof LostClaimError)) throw error;
  }
}

/** Sync: the handler until `deadline` (monday is waiting); after it, the recorded answer is "overran". */
export async function runSyncEvent(
  event: FeatureEvent,
  target: OutcomeTarget,
  handler: FeatureHandler,
  attempt: Attempt,
  run: RunContext,
  deadline: Date,
): Promise<void> {
  const budgetMs = deadline.getTime() - Date.now();
  if (budgetMs <= 0) {
    await recordOutcomeOnce(target, overranOutcome(), attempt, run);
    return;
  }
  const result = await callHandler(event, target, handler, attempt, run, budgetMs);
  if (result.kind === "overran") {
    run.log.warn({ eventId: event.eventId, type: event.type }, "sync feature handler overran its time budget");
    await recordOutcomeOnce(target, overranOutcome(), attempt, run);
  } else if (result.kind === "failed") {
    run.log.error({ err: result.error, eventId: event.eventId, type: event.type }, "sync feature handler failed");
    await recordOutcomeOnce(target, failedOutcome(), attempt, run);
  }
}

/**
 * Async: a handler that throws is tried again by the worker (it rethrows) until its last attempt or
 * the end of monday's window, then monday is told the event failed; one still running when the
 * window closes is reported as overran.
 */
export async function runAsyncEvent(
  target: OutcomeTarget,
  known: { event: FeatureEvent; handler: FeatureHandler } | { unknownType: string },
  attempt: Attempt,
  run: RunContext,
  progress: { attempt: number; deadline: Date },
): Promise<void> {
  if ("unknownType" in known) {
    await recordOutcomeOnce(target, unknownTypeOutcome(known.unknownType), attempt, run);
    return;
  }
  const budgetMs = progress.deadline.getTime() - run.clock().getTime();
  if (budgetMs <= 0) {
    await recordOutcomeOnce(target, overranOutcome(), attempt, run);
    return;
  }
  const result = await callHandler(known.event, target, known.handler, attempt, run, budgetMs);
  if (result.kind === "overran") await recordOutcomeOnce(target, overranOutcome(), attempt, run);
  if (result.kind === "failed") {
    if (progress.attempt < ASYNC_HANDLER_ATTEMPTS) throw result.error;
    run.log.error(
      { err: result.error, eventId: target.eventId, type: known.event.type },
      "async feature handler failed on its last attempt; monday is told it failed",
    );
    await recordOutcomeOnce(target, failedOutcome(), attempt, run);
  }
}
