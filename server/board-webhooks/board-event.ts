// What monday POSTs to a board webhook URL: first `{"challenge"}`, then `{"event": {...}}` (seed 002).
// `event.type` is monday's internal name (create_pulse, update_column_value, ...), not the event
// the webhook subscribed to; subitem events add parentItemId and parentItemBoardId.
import { z } from "zod";

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

/** A stored board delivery, as the worker and an app's handler see it. */
export interface BoardEvent {
  deliveryId: string;
  webhookId: string;
  accountId: string;
  /** the board the webhook was created on (the parent board for subitem events) */
  boardId: string;
  /** the event the webhook subscribed to (create_item, create_subitem, ...) */
  subscribedEvent: string;
  /** monday's own name of what happened (create_pulse, update_column_value, ...) */
  type: string;
  triggerUuid: string;
  itemId: string | null;
  isSubitem: boolean;
  parentItemId: string | null;
  payload: BoardEventPayload;
}

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
