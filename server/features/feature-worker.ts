// The worker's handler for stored feature deliveries. Async events are processed here and their
// outcome scheduled for back_to_url. A sync event reaches the worker only when the route did not
// finish it (a race for the claim, or the process stopped): its handler still runs until the sync
// deadline, and after it the recorded answer is "overran", which is what monday saw.
import type { PrismaClient } from "../db/client.ts";
import { LostClaimError, type DeliveryHandler } from "../inbox/worker.ts";
import type { Clock } from "./clock.ts";
import { CALLBACK_WINDOW_MS, featureDeliveryOf, handlerEventOf, newFeatureEventOf, targetOf } from "./feature-delivery.ts";
import { insertFeatureEvent } from "./feature-event-store.ts";
import type { FeatureHandlerRegistry } from "./handler-registry.ts";
import { recordOutcomeOnce, runAsyncEvent, runSyncEvent, unknownTypeOutcome, type Fence } from "./run-feature-event.ts";

export interface FeatureWorkerDeps {
  prisma: PrismaClient;
  handlers: FeatureHandlerRegistry;
  clock: Clock;
  syncBudgetMs: number;
  /** an async outcome was recorded: its callback is due */
  onOutcome: () => void;
}

export function featureDeliveryHandler(deps: FeatureWorkerDeps): DeliveryHandler {
  return async (delivery, ctx) => {
    const d = featureDeliveryOf(delivery);
    // the route creates the row right after storing the delivery; this covers a stop in between
    await insertFeatureEvent(deps.prisma, newFeatureEventOf(d));

    let committed = false;
    const fence: Fence = {
      commit: async (fn) => {
        if (committed) throw new LostClaimError(`outcome of event ${d.eventId} is recorded already`);
        const value = await ctx.commit(fn);
        committed = true;
        return value;
      },
    };
    const run = { log: ctx.log, clock: deps.clock };
    const event = handlerEventOf(d);
    const target = targetOf(d);

    if (d.mode === "sync") {
      const deadline = new Date(d.receivedAt.getTime() + deps.syncBudgetMs);
      if (event) await runSyncEvent(event, target, deps.handlers.handlerFor(event.type), fence, run, deadline);
      else await recordOutcomeOnce(target, unknownTypeOutcome(d.incoming.type), fence, run);
      return;
    }
    await runAsyncEvent(target, event ? { event, handler: deps.handlers.handlerFor(event.type) } : { unknownType: d.incoming.type }, fence, run, {
      attempt: delivery.attempts,
      deadline: d.callbackDeadline ?? new Date(d.receivedAt.getTime() + CALLBACK_WINDOW_MS),
    });
    deps.onOutcome();
  };
}
