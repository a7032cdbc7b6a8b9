// A webhook's health as the coloured label the table shows.
import type { LabelColor } from "@vibe/core";
import type { HealthState } from "../api/types.ts";

const LABELS: Record<HealthState, { text: string; color: LabelColor }> = {
  // nothing has shown yet that monday's deliveries arrive: not a green light
  waiting: { text: "Waiting for the first event", color: "primary" },
  healthy: { text: "Healthy", color: "positive" },
  silent: { text: "Silent", color: "american_gray" },
  failing: { text: "Failing", color: "negative" },
  missing: { text: "Missing at monday", color: "working_orange" },
};

export function healthLabel(state: HealthState): { text: string; color: LabelColor } {
  return LABELS[state] ?? { text: state, color: "american_gray" };
}
