// Applies stored board deliveries: the app's own handler (if it registered one) sees each event, then
// the webhook's last delivery time moves forward in the transaction that marks it done. A handler
// that throws leaves the delivery to be retried, and the webhook shows as failing.
import type { Tx } from "../db/client.ts";
import type { ClaimedDelivery } from "../inbox/delivery.ts";
import type { DeliveryHandler } from "../inbox/worker.ts";
import type { Logger } from "../log/logger.ts";
import { boardEventBody, eventFacts, type BoardEvent } from "./board-event.ts";

export type BoardEventListener = (event: BoardEvent, ctx: { log: Logger }) => Promise<void>;

function boardEventOf(delivery: ClaimedDelivery): BoardEvent {
  // the route validated the body before storing it; a failure here is a bug worth retrying after a fix
  const { event } = boardEventBody.parse(JSON.parse(delivery.payload));
  if (!delivery.webhookId || !delivery.accountId || !delivery.boardId) throw new Error("board delivery was stored without its webhook");
  const facts = eventFacts(event);
  return {
    deliveryId: delivery.id,
    webhookId: delivery.webhookId,
    accountId: delivery.accountId,
    boardId: delivery.boardId,
    subscribedEvent: delivery.type,
    type: event.type,
    triggerUuid: event.triggerUuid,
    itemId: facts.itemId,
    isSubitem: facts.isSubitem,
    parentItemId: facts.parentItemId,
    payload: event,
  };
}

function recordLastDelivery(tx: Tx, webhookId: string, at: Date) {
  return tx.boardWebhook.updateMany({
    where: { id: webhookId, OR: [{ lastDeliveryAt: null }, { lastDeliveryAt: { lt: at } }] },
    data: { lastDeliveryAt: at },
  });
}

export function boardEventHandler(onEvent?: BoardEventListener): DeliveryHandler {
  const handler: DeliveryHandler = async (delivery, { commit, log }) => {
    const event = boardEventOf(delivery);
    if (onEvent) await onEvent(event, { log });
    await commit((tx) => recordLastDelivery(tx, event.webhookId, delivery.receivedAt));
    log.debug({ webhookId: event.webhookId, boardId: event.boardId, type: event.type, subitem: event.isSubitem }, "board event applied");
  };
  // with no app handler to run per event, a claimed batch is one statement per webhook
  if (!onEvent) {
    handler.applyBatch = async (deliveries, { tx }) => {
      const newest = new Map<string, Date>();
      for (const delivery of deliveries) {
        const { webhookId } = boardEventOf(delivery);
        const seen = newest.get(webhookId);
        if (!seen || seen < delivery.receivedAt) newest.set(webhookId, delivery.receivedAt);
      }
      for (const [webhookId, at] of newest) await recordLastDelivery(tx, webhookId, at);
    };
  }
  return handler;
}
