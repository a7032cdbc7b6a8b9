// What monday POSTs to a board webhook URL: first `{"challenge"}`, then `{"event": {...}}`.
// `event.type` is monday's internal name (create_pulse, update_column_value, ...), not the event
// the webhook subscribed to; subitem events add parentItemId and parentItemBoardId.
import { z } from "zod";
import type { BoardWebhookEvent } from "./webhook-events.ts";

const mondayId = z
  .union([
    z.number().int().nonnegative(),
    z
      .string()
      .trim()
      .regex(/^\d{1,20}$/),
  ])
  .transform(String);

export const challengeBody = z.object({ challenge: z.string().min(1).max(2000) }).strict();

export const boardEventSchema = z
  .object({
    type: z.string().trim().min(1).max(100),
    triggerUuid: z.string().trim().min(1).max(200),
    originalTriggerUuid: z.string().max(200).nullish(),
    boardId: mondayId,
    subscriptionId: mondayId.nullish(),
    pulseId: mondayId.nullish(),
    itemId: mondayId.nullish(),
    parentItemId: mondayId.nullish(),
    parentItemBoardId: mondayId.nullish(),
    // automations act as negative user ids
    userId: z.union([z.number().int(), z.string().max(40)]).nullish(),
    triggerTime: z.string().max(64).nullish(),
    columnId: z.string().max(200).nullish(),
  })
  .passthrough();

export const boardEventBody = z.object({ event: boardEventSchema }).passthrough();

export type BoardEventPayload = z.infer<typeof boardEventSchema>;

/** A column's status label as monday sends it in a status change (`value.label`). */
export interface StatusLabel {
  index: number | null;
  text: string | null;
  /** monday's colours for the label, as sent */
  style: Record<string, unknown> | null;
}

/** A column value change: which column, the value after and before, when. */
export interface ColumnChange<V> {
  column: { id: string; type: string | null; title: string | null };
  /** as monday sent it; null when it sent none */
  value: V | null;
  previousValue: V | null;
  changedAt: Date | null;
}

/** An update (a comment on an item). */
export interface UpdateFacts {
  id: string | null;
  /** HTML */
  body: string | null;
  textBody: string | null;
  /** set when the update is a reply */
  replyId: string | null;
}

type ColumnEvent = "change_column_value" | "change_specific_column_value" | "change_subitem_column_value";
type UpdateEvent = "create_update" | "edit_update" | "create_subitem_update";

/** The part of a board event that depends on the event subscribed to. */
export type BoardEventDetails<E extends BoardWebhookEvent> = E extends "change_status_column_value"
  ? { change: ColumnChange<{ label: StatusLabel | null }> }
  : E extends ColumnEvent
    ? { change: ColumnChange<unknown> }
    : E extends UpdateEvent
      ? { update: UpdateFacts }
      : unknown;

/** A stored board delivery as a handler receives it. */
export type BoardEvent<E extends BoardWebhookEvent = BoardWebhookEvent> = {
  deliveryId: string;
  webhookId: string;
  accountId: string;
  /** the board the webhook was created on (the parent board for subitem events) */
  boardId: string;
  /** the event the webhook subscribed to */
  event: E;
  /** monday's own name of what happened (create_pulse, update_column_value, ...) */
  mondayType: string;
  /** monday's id of this trigger: the same on monday's retries */
  triggerUuid: string;
  triggeredAt: Date | null;
  /** who did it (automations act as negative ids); null when monday did not say */
  userId: string | null;
  /** false for webhooks made without the app's OAuth token: nothing proves monday sent it */
  signed: boolean;
  item: { id: string; name: string | null; groupId: string | null } | null;
  /** set for subitem events: the subitem is `item`, its parent item and board are here */
  subitem: { parentItemId: string; parentBoardId: string | null } | null;
  receivedAt: Date;
  /** the event as monday sent it */
  payload: BoardEventPayload;
} & BoardEventDetails<E>;

/** Facts about the event kept beside the stored body (`meta`), for listing without parsing it. */
export function eventFacts(event: BoardEventPayload) {
  return {
    eventType: event.type,
    triggerUuid: event.triggerUuid,
    itemId: event.pulseId ?? event.itemId ?? null,
    isSubitem: event.parentItemId != null,
    parentItemId: event.parentItemId ?? null,
    parentItemBoardId: event.parentItemBoardId ?? null,
  };
}

const text = (v: unknown): string | null => (typeof v === "string" ? v : null);
const idText = (v: unknown): string | null => (typeof v === "number" && Number.isFinite(v) ? String(v) : typeof v === "string" && v !== "" ? v : null);
const record = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

function dateOf(v: unknown): Date | null {
  // changedAt comes as seconds since the epoch, triggerTime as ISO text
  const d = typeof v === "number" ? new Date(v * 1000) : typeof v === "string" ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

function statusValue(v: unknown): { label: StatusLabel | null } | null {
  const value = record(v);
  if (!value) return null;
  const label = record(value.label);
  return {
    label: label ? { index: typeof label.index === "number" ? label.index : null, text: text(label.text), style: record(label.style) } : null,
  };
}

/** The details of `event` that monday's documented samples carry; a field monday did not send is null. */
function detailsOf(subscribed: BoardWebhookEvent, e: BoardEventPayload & Record<string, unknown>): Record<string, unknown> {
  const column = () => ({ id: text(e.columnId) ?? "", type: text(e.columnType), title: text(e.columnTitle) });
  switch (subscribed) {
    case "change_status_column_value":
      return { change: { column: column(), value: statusValue(e.value), previousValue: statusValue(e.previousValue), changedAt: dateOf(e.changedAt) } };
    case "change_column_value":
    case "change_specific_column_value":
    case "change_subitem_column_value":
      return { change: { column: column(), value: e.value ?? null, previousValue: e.previousValue ?? null, changedAt: dateOf(e.changedAt) } };
    case "create_update":
    case "edit_update":
    case "create_subitem_update":
      return { update: { id: idText(e.updateId), body: text(e.body), textBody: text(e.textBody), replyId: idText(e.replyId) } };
    default:
      return {};
  }
}

/** The event a handler of `subscribed` receives, from a stored, validated delivery. */
export function boardEventOf(
  subscribed: BoardWebhookEvent,
  stored: { deliveryId: string; webhookId: string; accountId: string; boardId: string; signed: boolean; receivedAt: Date },
  payload: BoardEventPayload,
): BoardEvent {
  const e = payload as BoardEventPayload & Record<string, unknown>;
  const itemId = e.pulseId ?? e.itemId ?? null;
  return {
    ...stored,
    event: subscribed,
    mondayType: e.type,
    triggerUuid: e.triggerUuid,
    triggeredAt: dateOf(e.triggerTime),
    userId: idText(e.userId),
    item: itemId ? { id: itemId, name: text(e.pulseName), groupId: text(e.groupId) } : null,
    subitem: e.parentItemId ? { parentItemId: e.parentItemId, parentBoardId: e.parentItemBoardId ?? null } : null,
    payload,
    ...detailsOf(subscribed, e),
  } as BoardEvent;
}
