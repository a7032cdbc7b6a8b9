// The subscription status an event leaves behind, from monday's description of each event.
import type { SubscriptionData } from "./events.ts";

export type SubscriptionStatus = "active" | "trial" | "cancel_pending" | "cancelled" | "renewal_failing" | "none";

export function statusAfter(type: string, sub: SubscriptionData | null | undefined): SubscriptionStatus {
  const fromData: SubscriptionStatus = !sub || sub.plan_id === null ? "none" : sub.is_trial ? "trial" : "active";
  switch (type) {
    case "app_subscription_cancelled_by_user":
      // will not renew; the plan stays active until renewal_date
      return "cancel_pending";
    case "app_subscription_cancelled":
    case "app_subscription_renewal_failed":
      // ended: by cancellation, or because the final renewal attempt failed
      return "cancelled";
    case "app_subscription_renewal_attempt_failed":
      return "renewal_failing";
    case "app_trial_subscription_started":
      return "trial";
    case "app_trial_subscription_ended":
      // a trial that ends into the free plan sends only this event: no paid plan unless the data says so
      return sub && sub.plan_id !== null && sub.is_trial === false ? "active" : "none";
    default:
      return fromData;
  }
}

/** Events whose data describe the subscription; uninstall says nothing new about it. */
export function affectsSubscription(type: string): boolean {
  return type !== "uninstall";
}
