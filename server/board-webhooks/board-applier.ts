// How the worker applies board deliveries: the handlers of `board:<event>` and `board:*` see each
// event, then the webhook's last delivery time moves forward in the transaction that marks it done.
// A handler that throws leaves the delivery to be retried, and the webhook shows as failing.
// Deliveries without handlers are applied set-wise: one statement per webhook for a claimed batch.
import type { Tx } from "../db/client.ts";
import { runHandlers, type HandlerDeps } from "../handlers/run-handlers.ts";
import type { ClaimedDelivery } from "../inbox/delivery.ts";
import type { Applier } from "../inbox/worker.ts";
import { boardEventBody, boardEventOf, type BoardEvent } from "./board-event.ts";
import { BOARD_WEBHOOK_EVENTS, type BoardWebhookEvent } from "./webhook-events.ts";

function webhookOf(delivery: ClaimedDelivery): { webhookId: string; accountId: string; boardId: string } {
  if (!delivery.webhookId || !delivery.accountId || !delivery.boardId) throw new Error("board delivery was stored without its webhook");
  return { webhookId: delivery.webhookId, accountId: delivery.accountId, boardId: delivery.boardId };
}

function storedEventOf(delivery: ClaimedDelivery): BoardEvent {
  // the route validated the body before storing it; a failure here is a bug worth retrying after a fix
  const { event } = boardEventBody.parse(JSON.parse(delivery.payload));
  if (!(BOARD_WEBHOOK_EVENTS as readonly string[]).includes(delivery.type)) throw new Error(`board delivery of an unknown event "${delivery.type}"`);
  return boardEventOf(
    delivery.type as BoardWebhookEvent,
    { deliveryId: delivery.id, ...webhookOf(delivery), signed: delivery.meta.authenticated !== false, receivedAt: delivery.receivedAt },
    event,
  );
}

function recordLastDelivery(tx: Tx, webhookId: string, at: Date) {
  return tx.boardWebhook.updateMany({
    where: { id: webhookId, OR: [{ lastDeliveryAt: null }, { lastDeliveryAt: { lt: at } }] },
    data: { lastDeliveryAt: at },
  });
}

export function boardApplier(deps: HandlerDeps): Applier {
  return {
    batchable: (delivery) => deps.registry.boardHandlers(delivery.type).length === 0,
    async applyBatch(deliveries, { tx }) {
      const newest = new Map<string, Date>();
      for (const delivery of deliveries) {
        // read like one applied alone: a delivery that cannot be read fails the batch and then alone
        const { webhookId } = storedEventOf(delivery);
        const seen = newest.get(webhookId);
        if (!seen || seen < delivery.receivedAt) newest.set(webhookId, delivery.receivedAt);
      }
      for (const [webhookId, at] of newest) await recordLastDelivery(tx, webhookId, at);
    },
    async apply(attempt) {
      const event = storedEventOf(attempt.delivery);
      const handlers = deps.registry.boardHandlers(event.event);
      await runHandlers({
        attempt,
        event,
        handlers,
        completed: handlers.length ? await attempt.completedSteps() : new Map(),
        monday: () => deps.mondayFor(event.accountId),
        budgetMs: deps.budgetMs,
        whenDone: async (tx) => void (await recordLastDelivery(tx, event.webhookId, attempt.delivery.receivedAt)),
      });
      attempt.log.debug({ webhookId: event.webhookId, boardId: event.boardId, type: event.mondayType, subitem: event.subitem !== null }, "board event applied");
    },
  };
}
