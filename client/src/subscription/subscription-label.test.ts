// The subscription's status label says what monday's lifecycle events mean for the account.
import { describe, expect, it } from "vitest";
import type { Me } from "../api/types.ts";
import { subscriptionLabel } from "./subscription-label.ts";

const now = Date.parse("2026-06-15T12:00:00Z");
const sub = (patch: Partial<Me["subscription"]>): Me["subscription"] => ({
  planId: "pro",
  isTrial: false,
  billingPeriod: "monthly",
  renewalDate: null,
  daysLeft: null,
  status: "active",
  ...patch,
});

describe("the subscription's status label", () => {
  it("When the subscription is active, cancelled or failing to renew, then the label says so in its colour", () => {
    expect(subscriptionLabel(sub({ status: "active" }), now)).toEqual({ text: "Active", color: "positive" });
    expect(subscriptionLabel(sub({ status: "cancelled" }), now)).toEqual({ text: "Cancelled", color: "negative" });
    expect(subscriptionLabel(sub({ status: "renewal_failing" }), now)).toEqual({ text: "Renewal failing", color: "negative" });
    expect(subscriptionLabel(sub({ status: "none", planId: null }), now)).toEqual({ text: "No subscription", color: "american_gray" });
  });

  it("When the account is in a trial, then the label counts the days to the trial's end date", () => {
    expect(subscriptionLabel(sub({ status: "trial", renewalDate: "2026-06-20T00:00:00Z", daysLeft: 9 }), now).text).toBe("Trial, 5 days left");
    expect(subscriptionLabel(sub({ status: "trial", renewalDate: "2026-06-15T20:00:00Z" }), now).text).toBe("Trial, 1 day left");
    expect(subscriptionLabel(sub({ status: "trial", renewalDate: null, daysLeft: 3 }), now).text).toBe("Trial, 3 days left");
    expect(subscriptionLabel(sub({ status: "trial", renewalDate: "2026-06-01T00:00:00Z" }), now)).toEqual({
      text: "Trial ended on Jun 1, 2026",
      color: "working_orange",
    });
  });

  it("When the user cancelled, then the label gives the date the subscription ends", () => {
    expect(subscriptionLabel(sub({ status: "cancel_pending", renewalDate: "2026-07-01T00:00:00Z" }), now)).toEqual({
      text: "Cancels on Jul 1, 2026",
      color: "working_orange",
    });
  });
});
