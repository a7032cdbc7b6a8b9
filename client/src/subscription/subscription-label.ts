// The subscription's status as the coloured label the card shows.
import type { LabelColor } from "@vibe/core";
import type { Me } from "../api/types.ts";
import { daysUntil, formatDay } from "../ui/format.ts";

export interface StatusLabel {
  text: string;
  color: LabelColor;
}

export function subscriptionLabel(subscription: Me["subscription"], now: number): StatusLabel {
  const { status, renewalDate, daysLeft } = subscription;
  switch (status) {
    case "active":
      return { text: "Active", color: "positive" };
    case "trial": {
      // the date is the truth; days_left was true when monday sent the event
      if (renewalDate && Date.parse(renewalDate) <= now) return { text: `Trial ended on ${formatDay(renewalDate)}`, color: "working_orange" };
      const left = renewalDate ? daysUntil(renewalDate, now) : daysLeft;
      if (left === null) return { text: "Trial", color: "primary" };
      return { text: `Trial, ${left} ${left === 1 ? "day" : "days"} left`, color: "primary" };
    }
    case "cancel_pending":
      return { text: renewalDate ? `Cancels on ${formatDay(renewalDate)}` : "Cancellation pending", color: "working_orange" };
    case "cancelled":
      return { text: "Cancelled", color: "negative" };
    case "renewal_failing":
      return { text: "Renewal failing", color: "negative" };
    case "none":
      return { text: "No subscription", color: "american_gray" };
  }
}

export function billingPeriodText(period: string | null): string {
  if (!period) return "Not known";
  return period.charAt(0).toUpperCase() + period.slice(1);
}

/** What the date on the card means for this status. */
export function renewalDateName(status: Me["subscription"]["status"]): string {
  switch (status) {
    case "trial":
      return "Trial ends";
    case "cancel_pending":
      return "Ends";
    case "cancelled":
      return "Ended";
    default:
      return "Renews";
  }
}
