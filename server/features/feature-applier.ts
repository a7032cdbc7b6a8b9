// How the worker applies stored feature deliveries. Async events are processed here and their
// outcome scheduled for back_to_url. A sync event reaches the worker only when the route did not
// finish it (a race for the claim, or the process stopped): its handler still runs until the sync
// deadline, and after it the recorded answer is "overran", which is what monday saw.
import type { PrismaClient } from "../db/client.ts";
import type { HandlerDeps } from "../handlers/run-handlers.ts";
import type { Applier } from "../inbox/worker.ts";
import type { Clock } from "./clock.ts";
import { CALLBACK_WINDOW_MS, featureDeliveryOf, handlerEventOf, newFeatureEventOf, targetOf } from "./feature-delivery.ts";
import { insertFeatureEvent } from "./feature-event-store.ts";
import { decidingHandler } from "./deciding-handler.ts";
import { recordOutcomeOnce, runAsyncEvent, runSyncEvent, unknownTypeOutcome } from "./run-feature-event.ts";

export interface FeatureApplierDeps extends HandlerDeps {
  prisma: PrismaClient;
  clock: Clock;
  syncBudgetMs: number;
  /** an async outcome was recorded: its callback is due */
  onOutcome: () => void;
}

export function featureApplier(deps: FeatureApplierDeps): Applier {
  return {
    async apply(attempt) {
      const d = featureDeliveryOf(attempt.delivery);
      // the route stores the row with its delivery; this covers deliveries stored by an earlier version
      await insertFeatureEvent(deps.prisma, newFeatureEventOf(d));
      const event = handlerEventOf(d);
      const target = targetOf(d);
      const run = { log: attempt.log, clock: deps.clock, monday: event ? await deps.mondayFor(d.accountId) : null };

      if (d.mode === "sync") {
        const deadline = new Date(d.receivedAt.getTime() + deps.syncBudgetMs);
        if (event) await runSyncEvent(event, target, decidingHandler(deps.registry, event.type), attempt, run, deadline);
        else await recordOutcomeOnce(target, unknownTypeOutcome(d.incoming.type), attempt, run);
        return;
      }
      await runAsyncEvent(target, event ? { event, handler: decidingHandler(deps.registry, event.type) } : { unknownType: d.incoming.type }, attempt, run, {
        attempt: attempt.delivery.attempts,
        deadline: d.callbackDeadline ?? new Date(d.receivedAt.getTime() + CALLBACK_WINDOW_MS),
      });
      deps.onOutcome();
    },
  };
}
