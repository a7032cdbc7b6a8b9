// The handlers Hookboard ships: its board view's own, and for every other event a default that
// keeps the event (type, payload, event_action_origin) on record and reports success.
import { registerBoardViewHandlers } from "./board-view-handlers.ts";
import { FeatureHandlerRegistry, type FeatureHandler } from "./handler-registry.ts";
import { succeed } from "./outcome.ts";

/** The event row itself is the record: nothing else to change. */
export const recordEvent: FeatureHandler = async () => succeed({ recorded: true });

export function hookboardFeatureHandlers(): FeatureHandlerRegistry {
  const registry = new FeatureHandlerRegistry(recordEvent);
  registerBoardViewHandlers(registry);
  return registry;
}
