// Where an app developer says what happens on each feature lifecycle event: one handler per event
// type or per feature type; the most specific registration wins, and every other event falls to
// the default handler.
import type { Tx } from "../db/client.ts";
import type { Logger } from "../log/logger.ts";
import {
  featureTypeOf,
  isFeatureEventType,
  isFeatureType,
  type EventTypesOf,
  type FeatureEventType,
  type FeatureType,
  type FeatureTypeOf,
} from "./event-types.ts";
import type { FeatureOutcome } from "./outcome.ts";

export type FeatureMode = "sync" | "async";

/** A verified, stored feature lifecycle event as a handler receives it. */
export interface FeatureEvent<E extends FeatureEventType = FeatureEventType> {
  /** monday's X-Apps-Event-Id */
  eventId: string;
  type: E;
  featureType: FeatureTypeOf<E>;
  mode: FeatureMode;
  accountId: string;
  userId: string | null;
  /** the event's `payload` object as monday sent it */
  payload: Record<string, unknown>;
  /** e.g. whether a board was deleted or archived, when monday says */
  eventActionOrigin: string | null;
  receivedAt: Date;
}

export interface FeatureHandlerContext {
  log: Logger;
  /** aborted when a sync event's time budget is spent: monday has been answered, stop working */
  signal: AbortSignal;
  /**
   * Runs `fn` in the transaction that records the outcome it returns, so the handler's changes and
   * the answer commit together, once. Call it at most once, after any work outside the database,
   * and return what it returns. A handler without database changes just returns its outcome.
   */
  commit(fn: (tx: Tx) => Promise<FeatureOutcome>): Promise<FeatureOutcome>;
}

export type FeatureHandler<E extends FeatureEventType = FeatureEventType> = (event: FeatureEvent<E>, ctx: FeatureHandlerContext) => Promise<FeatureOutcome>;

export class FeatureHandlerRegistry {
  private readonly handlers = new Map<FeatureEventType | FeatureType, FeatureHandler>();

  constructor(private readonly fallback: FeatureHandler) {}

  /** Handles one event type (`AppFeatureObject:create`) or every event of a feature type (`AppFeatureObject`). */
  register<E extends FeatureEventType>(eventType: E, handler: FeatureHandler<E>): this;
  register<F extends FeatureType>(featureType: F, handler: FeatureHandler<EventTypesOf<F>>): this;
  register(key: FeatureEventType | FeatureType, handler: FeatureHandler<never>): this {
    if (!isFeatureEventType(key) && !isFeatureType(key)) throw new Error(`"${String(key)}" is neither a feature lifecycle event type nor a feature type`);
    // the dispatch below only hands a handler the events it was registered for
    this.handlers.set(key, handler as unknown as FeatureHandler);
    return this;
  }

  handlerFor(type: FeatureEventType): FeatureHandler {
    return this.handlers.get(type) ?? this.handlers.get(featureTypeOf(type)) ?? this.fallback;
  }
}
