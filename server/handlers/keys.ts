// The keys handlers are registered under, one per kind of thing that happens, for all families:
//   board:<one of monday's 21 board webhook events> | board:*
//   lifecycle:<one of the 12 app lifecycle types>   | lifecycle:*
//   feature:<EventType>                              | feature:<FeatureType>:*
//   task:<name>                                      (work a handler left for after its commit)
// A misspelt key is a type error; from JavaScript, parseKey names it at start.
import { BOARD_WEBHOOK_EVENTS, type BoardWebhookEvent } from "../board-webhooks/webhook-events.ts";
import { FEATURE_EVENT_TYPES, FEATURE_TYPES, isFeatureEventType, isFeatureType, type FeatureEventType, type FeatureType } from "../features/event-types.ts";
import { TASK_NAME } from "../inbox/tasks.ts";
import { isKnownLifecycleType, LIFECYCLE_EVENT_TYPES, type LifecycleEventType } from "../lifecycle/events.ts";

export type BoardKey = `board:${BoardWebhookEvent}` | "board:*";
export type LifecycleKey = `lifecycle:${LifecycleEventType}` | "lifecycle:*";
export type FeatureKey = `feature:${FeatureEventType}` | `feature:${FeatureType}:*`;
export type TaskKey = `task:${string}`;
export type HandlerKey = BoardKey | LifecycleKey | FeatureKey | TaskKey;

export type ParsedKey =
  | { family: "board"; event: BoardWebhookEvent | "*" }
  | { family: "lifecycle"; type: LifecycleEventType | "*" }
  | { family: "feature"; eventType: FeatureEventType }
  | { family: "feature"; featureType: FeatureType }
  | { family: "task"; name: string };

/** Every key but task keys, whose names are the app's own. */
export const FIXED_KEYS: readonly string[] = [
  ...BOARD_WEBHOOK_EVENTS.map((e) => `board:${e}`),
  "board:*",
  ...LIFECYCLE_EVENT_TYPES.map((t) => `lifecycle:${t}`),
  "lifecycle:*",
  ...FEATURE_EVENT_TYPES.map((t) => `feature:${t}`),
  ...FEATURE_TYPES.map((t) => `feature:${t}:*`),
];

const isBoardEvent = (e: string): e is BoardWebhookEvent => (BOARD_WEBHOOK_EVENTS as readonly string[]).includes(e);

/** The key's family and target, or null when it is not a key. */
export function parseKey(key: unknown): ParsedKey | null {
  if (typeof key !== "string") return null;
  const colon = key.indexOf(":");
  const family = key.slice(0, colon);
  const rest = key.slice(colon + 1);
  switch (family) {
    case "board":
      return rest === "*" || isBoardEvent(rest) ? { family, event: rest } : null;
    case "lifecycle":
      return rest === "*" || isKnownLifecycleType(rest) ? { family, type: rest } : null;
    case "feature":
      if (isFeatureEventType(rest)) return { family, eventType: rest };
      if (rest.endsWith(":*") && isFeatureType(rest.slice(0, -2))) return { family, featureType: rest.slice(0, -2) as FeatureType };
      return null;
    case "task":
      return TASK_NAME.test(rest) ? { family, name: rest } : null;
    default:
      return null;
  }
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Why `key` is not a handler key, with the nearest real key when there is one. */
export function keyProblem(key: unknown): string {
  if (typeof key !== "string") return `a handler key must be a string (got ${typeof key})`;
  if (key.startsWith("task:")) return `"${key}" is not a task key: a task name is 1 to 100 letters, digits, ".", "_", ":" or "-"`;
  const nearest = FIXED_KEYS.map((k) => ({ k, d: distance(key, k) })).sort((a, b) => a.d - b.d)[0];
  const hint = nearest && nearest.d <= Math.max(3, Math.floor(key.length / 4)) ? `; did you mean "${nearest.k}"?` : "";
  return `"${key}" is not a handler key (board:<event>, lifecycle:<type>, feature:<EventType>, feature:<FeatureType>:*, task:<name>)${hint}`;
}
