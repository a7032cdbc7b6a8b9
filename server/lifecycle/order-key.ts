// A total order on lifecycle events that does not depend on arrival: monday's data.timestamp,
// then the natural order of event types, then the idempotency key. State only ever moves to an
// event with a greater key, so any arrival order (and any duplicates) ends in the same state.
import { typeRank } from "./events.ts";

export function orderKey(occurredAt: Date, type: string, idempotencyKey: string): string {
  return `${occurredAt.toISOString()}|${String(typeRank(type)).padStart(2, "0")}|${idempotencyKey}`;
}
