// The one handler that decides a feature event's answer: the app's (or Hookboard's own) registered
// for its event type, else for its feature type (`feature:<FeatureType>:*`), else the default that
// keeps the event on record and succeeds.
import type { HandlerRegistry } from "../handlers/registry.ts";
import type { FeatureEventType } from "./event-types.ts";
import { recordEvent, type FeatureHandler } from "./run-feature-event.ts";

export function decidingHandler(registry: HandlerRegistry, type: FeatureEventType): FeatureHandler {
  const registered = registry.featureHandler(type);
  return registered ? (registered.handler as unknown as FeatureHandler) : recordEvent;
}
