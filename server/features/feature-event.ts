// A feature lifecycle event as its handler receives it.
import type { FeatureEventType, FeatureTypeOf } from "./event-types.ts";

export type FeatureMode = "sync" | "async";

/** A verified, stored feature lifecycle event. */
export interface FeatureEvent<E extends FeatureEventType = FeatureEventType> {
  deliveryId: string;
  /** monday's X-Apps-Event-Id: the same on monday's retries */
  eventId: string;
  type: E;
  featureType: FeatureTypeOf<E>;
  mode: FeatureMode;
  accountId: string;
  userId: string | null;
  /** the event's `payload` object as monday sent it (monday does not document its keys) */
  payload: Record<string, unknown>;
  /** e.g. whether a board was deleted or archived, when monday says */
  eventActionOrigin: string | null;
  receivedAt: Date;
}
