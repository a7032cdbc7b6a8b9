// What every handler is given, whatever its family: `{ event, log, signal, commit, monday, afterCommit }`.
import type { Tx } from "../db/client.ts";
import type { FeatureOutcome } from "../features/outcome.ts";
import type { Logger } from "../log/logger.ts";
import type { TaskKey } from "./keys.ts";

/** monday's GraphQL API on behalf of the event's account (its OAuth connection), with Hookboard's API version. */
export interface MondayClient {
  /**
   * Runs a GraphQL document; resolves with `data`. Failures are typed (MondayApiError and its
   * subclasses: rate limit, reconnect required, not found, unavailable); rate limits are waited out
   * as monday names them a bounded number of times.
   */
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export interface HandlerContext<E> {
  /** the same event the handler was called with */
  event: E;
  /** a logger that names the delivery and the handler */
  log: Logger;
  /** aborted when the handler overran its time budget: the attempt has failed, stop working */
  signal: AbortSignal;
  /**
   * Runs `fn` in a transaction that records this handler's database work as committed, exactly
   * once: a retry of the delivery skips a handler whose commit went through. Call it at most once,
   * after any work outside the database, and return what it returns.
   */
  commit<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** monday's API as the event's account, or null when the account has no usable connection */
  monday: MondayClient | null;
  /**
   * Leaves work for after this handler's commit (recorded in its transaction, carried out by the
   * `task:<name>` handler with retries): the place for calls to other systems that must follow a
   * committed change. Call it before `commit` (a handler that never commits gets one for this).
   */
  afterCommit(task: TaskKey, payload?: unknown): void;
}

/** A feature handler decides monday's answer: its commit records the outcome it returns. */
export interface FeatureHandlerContext<E> extends Omit<HandlerContext<E>, "commit"> {
  commit(fn: (tx: Tx) => Promise<FeatureOutcome>): Promise<FeatureOutcome>;
}
