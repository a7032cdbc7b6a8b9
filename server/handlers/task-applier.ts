// How the worker carries out tasks: the handler registered as `task:<name>` runs, with the retries,
// backoff and dead-lettering of every delivery. A task nobody registered fails with that reason
// (visible in the deliveries) until a handler for it is deployed and the delivery is retried.
import type { Applier } from "../inbox/worker.ts";
import { runHandlers, type HandlerDeps } from "./run-handlers.ts";
import { taskEventOf } from "./task-event.ts";

export function taskApplier(deps: HandlerDeps): Applier {
  return {
    async apply(attempt) {
      const event = taskEventOf(attempt.delivery);
      const handler = deps.registry.taskHandler(event.name);
      if (!handler) throw new Error(`no handler is registered for "task:${event.name}"`);
      await runHandlers({
        attempt,
        event,
        handlers: [handler],
        completed: new Map(),
        monday: () => deps.mondayFor(event.accountId),
        budgetMs: deps.budgetMs,
      });
    },
  };
}
