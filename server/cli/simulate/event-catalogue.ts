// Every request monday sends to Hookboard, by name: the 12 app lifecycle events, the 19 feature
// lifecycle events and the 21 board webhook events (52). A word on the command line is one of
// them, or a group: `lifecycle`, `feature`, `board`, `all`.
//
// `all` is what a demo wants: every board and feature event, and the app lifecycle of an account
// that installs and subscribes. It leaves out the three events that end things (the subscription's
// end, a failed final renewal, the uninstall): an uninstall disconnects the account and retires
// its webhooks, so a second `simulate all` would undo what the developer set up in the view, and
// the view would open on an ended subscription.
// `simulate lifecycle` sends all 12, in order.
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

/**
 * An account that installs, tries the app, subscribes, changes plan, cancels and takes it back, and
 * renews after a failed attempt: it ends installed, on an active plan.
 */
const SUBSCRIBING_STORY: readonly LifecycleEventType[] = [
  "install",
  "app_trial_subscription_started",
  "app_trial_subscription_ended",
  "app_subscription_created",
  "app_subscription_changed",
  "app_subscription_cancelled_by_user",
  "app_subscription_cancellation_revoked_by_user",
  "app_subscription_renewal_attempt_failed",
  "app_subscription_renewed",
];

export const SUBSCRIBING_LIFECYCLE: readonly SimulatedEvent[] = SUBSCRIBING_STORY.map((name) => ({ kind: "lifecycle", name }));

export const ALL_EVENTS: readonly SimulatedEvent[] = [...EVENT_GROUPS.board, ...EVENT_GROUPS.feature, ...SUBSCRIBING_LIFECYCLE];

/** Every one of the 52, for looking names up. */
const EVERY_EVENT: readonly SimulatedEvent[] = [...EVENT_GROUPS.board, ...EVENT_GROUPS.feature, ...EVENT_GROUPS.lifecycle];

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
      const event = EVERY_EVENT.find((e) => e.name === word);
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
    "",
    `Group "all" (${ALL_EVENTS.length}): every board and feature event, and the app lifecycle of an account that installs and subscribes`,
    `  (${SUBSCRIBING_LIFECYCLE.map((e) => e.name).join(", ")}),`,
    `  so the account stays installed and subscribed; "lifecycle" sends all 12, through cancellation and uninstall.`,
  ].join("\n");
}
