// Applies one stored board delivery: the app's own handler (if it registered one) sees the event,
// then the webhook's last delivery time moves forward in the transaction that marks it done. A
// handler that throws leaves the delivery to be retried, and the webhook shows as failing.
import type { ClaimedDelivery } from "../inbox/delivery.ts";
import type { DeliveryHandler } from "../inbox/worker.ts";
import type { Logger } from "../log/logger.ts";
import { boardEventBody, type BoardEvent } from "./board-event.ts";

export type BoardEventListener = (event: BoardEvent, ctx: { log: Logger }) => Promise<void>;

function boardEventOf(delivery: ClaimedDelivery): BoardEvent {
  // the route validated the body before storing it; a failure here is a bug worth retrying after a fix
  const { event } = boardEventBody.parse(JSON.parse(delivery.payload));
  if (!delivery.webhookId || !delivery.accountId || !delivery.boardId) throw new Error("board delivery was stored without its webhook");
  return {
    deliveryId: delivery.id,
    webhookId: delivery.webhookId,
    accountId: delivery.accountId,
    boardId: delivery.boardId,
    subscribedEvent: delivery.type,
    type: event.type,
    triggerUuid: event.triggerUuid,
    itemId: event.pulseId ?? event.itemId ?? null,
    isSubitem: event.parentItemId != null,
    parentItemId: event.parentItemId ?? null,
    payload: event,
  };
}

export function boardEventHandler(onEvent?: BoardEventListener): DeliveryHandler {
  return async (delivery, { commit, log }) => {
    const event = boardEventOf(delivery);
    if (onEvent) await onEvent(event, { log });
    await commit(async (tx) => {
      await tx.boardWebhook.updateMany({
        where: { id: event.webhookId, OR: [{ lastDeliveryAt: null }, { lastDeliveryAt: { lt: delivery.receivedAt } }] },
        data: { lastDeliveryAt: delivery.receivedAt },
      });
    });
    log.debug({ webhookId: event.webhookId, boardId: event.boardId, type: event.type, subitem: event.isSubitem }, "board event applied");
  };
}
