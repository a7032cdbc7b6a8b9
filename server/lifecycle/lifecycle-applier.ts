// How the worker applies app lifecycle deliveries. Hookboard's own state (account, install,
// subscription, timeline) comes first; then the handlers of `lifecycle:<type>` and `lifecycle:*`
// see the event, with whether it was the newest of its kind. Deliveries without handlers are
// applied set-wise: one transaction for a claimed batch.
import type { Applier } from "../inbox/worker.ts";
import { runHandlers, type HandlerDeps } from "../handlers/run-handlers.ts";
import { applyLifecycleEvent, applyLifecycleEvents, logApplied, storedEventOf } from "./apply-lifecycle-event.ts";
import { lifecycleEventOf } from "./lifecycle-event.ts";

/** The step Hookboard's own state is recorded as, before the handlers run. */
const STATE_STEP = "lifecycle-state";

export function lifecycleApplier(deps: HandlerDeps): Applier {
  return {
    batchable: (delivery) => deps.registry.lifecycleHandlers(delivery.type).length === 0,
    async applyBatch(deliveries, { tx, log }) {
      const events = deliveries.map(storedEventOf);
      await applyLifecycleEvents(tx, events);
      return () => logApplied(log, events);
    },
    async apply(attempt) {
      const stored = storedEventOf(attempt.delivery);
      const handlers = deps.registry.lifecycleHandlers(stored.body.type);
      if (handlers.length === 0) {
        await attempt.commit((tx) => applyLifecycleEvents(tx, [stored]));
        logApplied(attempt.log, [stored]);
        return;
      }
      const completed = await attempt.completedSteps();
      const recorded = completed.get(STATE_STEP);
      let newest: boolean;
      if (recorded !== undefined) {
        newest = (JSON.parse(recorded ?? "{}") as { newest?: boolean }).newest === true;
      } else {
        ({ newest } = await attempt.commitStep(STATE_STEP, (tx) => applyLifecycleEvent(tx, stored), { resultOf: (r) => JSON.stringify(r) }));
        logApplied(attempt.log, [stored]);
      }
      await runHandlers({
        attempt,
        event: lifecycleEventOf(stored.body, { deliveryId: attempt.delivery.id, receivedAt: attempt.delivery.receivedAt, newest, origin: stored.origin }),
        handlers,
        completed,
        monday: () => deps.mondayFor(stored.accountId),
        budgetMs: deps.budgetMs,
      });
    },
  };
}
