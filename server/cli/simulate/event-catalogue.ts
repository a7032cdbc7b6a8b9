// Every request monday sends to Hookboard, by name: the 12 app lifecycle events, the 19 feature
// lifecycle events and the 21 board webhook events (52). A word on the command line is one of
// them, or a group: `lifecycle`, `feature`, `board`, `all`.
import { BOARD_WEBHOOK_EVENTS, type BoardWebhookEvent } from "../../board-webhooks/webhook-events.ts";
import { FEATURE_EVENT_TYPES, type FeatureEventType } from "../../features/event-types.ts";
import { LIFECYCLE_EVENT_TYPES, type LifecycleEventType } from "../../lifecycle/events.ts";

export type SimulatedEvent =
  { kind: "lifecycle"; name: LifecycleEventType } | { kind: "feature"; name: FeatureEventType } | { kind: "board"; name: BoardWebhookEvent };

export type EventKind = SimulatedEvent["kind"];

export const EVENT_GROUPS: Record<EventKind, readonly SimulatedEvent[]> = {
  // in the order they happen to one subscription, so `simulate lifecycle` tells a story
  lifecycle: LIFECYCLE_EVENT_TYPES.map((name) => ({ kind: "lifecycle", name })),
  feature: FEATURE_EVENT_TYPES.map((name) => ({ kind: "feature", name })),
  board: BOARD_WEBHOOK_EVENTS.map((name) => ({ kind: "board", name })),
};

// board events first: uninstall, the last lifecycle event, makes the account's board webhooks inactive
export const ALL_EVENTS: readonly SimulatedEvent[] = [...EVENT_GROUPS.board, ...EVENT_GROUPS.feature, ...EVENT_GROUPS.lifecycle];

export class UnknownEventError extends Error {
  override name = "UnknownEventError";
}

function isKind(word: string): word is EventKind {
  return word === "lifecycle" || word === "feature" || word === "board";
}

/** The events the words name, in the order given (a group in its own order). */
export function eventsNamed(words: string[]): SimulatedEvent[] {
  const events: SimulatedEvent[] = [];
  for (const word of words) {
    if (word === "all") events.push(...ALL_EVENTS);
    else if (isKind(word)) events.push(...EVENT_GROUPS[word]);
    else {
      const event = ALL_EVENTS.find((e) => e.name === word);
      if (!event) throw new UnknownEventError(`Unknown event "${word}": run \`npx hookboard simulate --list\` for the 52 events`);
      events.push(event);
    }
  }
  return events;
}

export function describeCatalogue(): string {
  const section = (title: string, kind: EventKind) => [
    `${title} (${EVENT_GROUPS[kind].length}, group "${kind}"):`,
    ...EVENT_GROUPS[kind].map((e) => `  ${e.name}`),
  ];
  return [
    ...section("App lifecycle events", "lifecycle"),
    "",
    ...section("Feature lifecycle events", "feature"),
    "",
    ...section("Board webhook events", "board"),
  ].join("\n");
}
