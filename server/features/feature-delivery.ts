// One feature lifecycle delivery as the route stores it and the worker reads it back: the body as
// received, plus what the route verified (event id, mode, the allowed back_to_url, the deadline).
import { z } from "zod";
import type { ClaimedDelivery } from "../inbox/delivery.ts";
import { featureTypeOf, isFeatureEventType } from "./event-types.ts";
import { featureBodySchema, readFeatureBody, type IncomingFeatureEvent } from "./feature-body.ts";
import type { NewFeatureEvent, OutcomeTarget } from "./feature-event-store.ts";
import type { FeatureEvent, FeatureMode } from "./feature-event.ts";

/** monday's window for an async result, counted from receipt. */
export const CALLBACK_WINDOW_MS = 5 * 60_000;

export const featureMetaSchema = z.object({
  eventId: z.string().min(1),
  mode: z.enum(["sync", "async"]),
  backToUrl: z.string().nullable(),
  callbackDeadline: z.iso.datetime().nullable(),
});
export type FeatureMeta = z.infer<typeof featureMetaSchema>;

export interface FeatureDelivery {
  deliveryId: string;
  accountId: string;
  receivedAt: Date;
  eventId: string;
  mode: FeatureMode;
  backToUrl: string | null;
  callbackDeadline: Date | null;
  incoming: IncomingFeatureEvent;
}

export function metaOf(d: Pick<FeatureDelivery, "eventId" | "mode" | "backToUrl" | "callbackDeadline">): FeatureMeta {
  return { eventId: d.eventId, mode: d.mode, backToUrl: d.backToUrl, callbackDeadline: d.callbackDeadline?.toISOString() ?? null };
}

/** The stored delivery back as the route saw it (the route validated it before storing). */
export function featureDeliveryOf(delivery: ClaimedDelivery): FeatureDelivery {
  const meta = featureMetaSchema.parse(delivery.meta);
  const incoming = readFeatureBody(featureBodySchema.parse(JSON.parse(delivery.payload)));
  const accountId = delivery.accountId ?? incoming.accountId;
  if (!accountId) throw new Error(`feature delivery ${delivery.id} names no account`);
  return {
    deliveryId: delivery.id,
    accountId,
    receivedAt: delivery.receivedAt,
    eventId: meta.eventId,
    mode: meta.mode,
    backToUrl: meta.backToUrl,
    callbackDeadline: meta.callbackDeadline ? new Date(meta.callbackDeadline) : null,
    incoming,
  };
}

export function newFeatureEventOf(d: FeatureDelivery): NewFeatureEvent {
  return { ...featureEventRowOf(d), deliveryId: d.deliveryId };
}

/** The event's row before its delivery has an id (the inbox writes both in one commit). */
export function featureEventRowOf(d: Omit<FeatureDelivery, "deliveryId">): Omit<NewFeatureEvent, "deliveryId"> {
  const type = d.incoming.type;
  return {
    eventId: d.eventId,
    accountId: d.accountId,
    type,
    featureType: isFeatureEventType(type) ? featureTypeOf(type) : null,
    mode: d.mode,
    eventActionOrigin: d.incoming.eventActionOrigin,
    payload: d.incoming.payload,
    backToUrl: d.backToUrl,
    receivedAt: d.receivedAt,
    callbackDeadline: d.callbackDeadline,
  };
}

export function targetOf(d: FeatureDelivery): OutcomeTarget {
  return { eventId: d.eventId, mode: d.mode, backToUrl: d.backToUrl };
}

/** The event as a handler receives it; null for a type Hookboard does not know. */
export function handlerEventOf(d: FeatureDelivery): FeatureEvent | null {
  const type = d.incoming.type;
  if (!isFeatureEventType(type)) return null;
  return {
    deliveryId: d.deliveryId,
    eventId: d.eventId,
    type,
    featureType: featureTypeOf(type),
    mode: d.mode,
    accountId: d.accountId,
    userId: d.incoming.userId,
    payload: d.incoming.payload,
    eventActionOrigin: d.incoming.eventActionOrigin,
    receivedAt: d.receivedAt,
  };
}
