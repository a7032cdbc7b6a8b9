// Deliveries in words: what arrived and how processing went.
import type { LabelColor } from "@vibe/core";
import type { DeliveryStatus } from "../api/types.ts";
import { eventDefinition } from "../webhooks/events.ts";

const STATUS: Record<DeliveryStatus, { text: string; color: LabelColor }> = {
  done: { text: "Processed", color: "positive" },
  pending: { text: "Waiting", color: "primary" },
  retrying: { text: "Retrying", color: "working_orange" },
  dead: { text: "Failed", color: "negative" },
};

export function deliveryStatusLabel(status: DeliveryStatus): { text: string; color: LabelColor } {
  return STATUS[status] ?? { text: status, color: "american_gray" };
}

// a board delivery is stored under its webhook's event; monday's own event.type names
// (platform notes, section 4) are understood too
const BOARD_EVENT_TYPES: Record<string, string> = {
  create_pulse: "Item created",
  update_column_value: "Column value changed",
  update_name: "Item renamed",
  delete_pulse: "Item deleted",
  archive_pulse: "Item archived",
  restore_pulse: "Item restored",
  move_pulse_into_group: "Item moved to a group",
  create_update: "Update posted",
  edit_update: "Update edited",
  delete_update: "Update deleted",
  create_column: "Column added",
  create_subitem: "Subitem created",
};

// app lifecycle events (the account's history)
const LIFECYCLE_TYPES: Record<string, string> = {
  install: "Installed",
  uninstall: "Uninstalled",
  app_subscription_created: "Plan bought",
  app_subscription_changed: "Plan changed",
  app_subscription_renewed: "Plan renewed",
  app_subscription_cancelled_by_user: "Cancelled, active until renewal",
  app_subscription_cancelled: "Subscription ended",
  app_subscription_cancellation_revoked_by_user: "Cancellation undone",
  app_subscription_renewal_attempt_failed: "Renewal attempt failed",
  app_subscription_renewal_failed: "Renewal failed",
  app_trial_subscription_started: "Trial started",
  app_trial_subscription_ended: "Trial ended",
};

export function deliveryTypeText(type: string): string {
  return eventDefinition(type)?.label ?? BOARD_EVENT_TYPES[type] ?? LIFECYCLE_TYPES[type] ?? type.replace(/_/g, " ");
}
