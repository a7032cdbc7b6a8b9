// App lifecycle bodies as monday sends them (its app lifecycle webhooks page's samples, as valid JSON): the one builder behind
// `npx hookboard simulate` and the tests' lifecycle requests.
export interface LifecycleSampleOptions {
  accountId?: number | string;
  userId?: number | string;
  timestamp?: string;
  planId?: string | null;
  isTrial?: boolean;
  daysLeft?: number;
  renewalDate?: string;
  withoutSubscription?: boolean;
}

/** The 12 types in the order monday's app lifecycle page lists them. */
export const SEED_LIFECYCLE_TYPES = [
  "install",
  "uninstall",
  "app_subscription_created",
  "app_subscription_changed",
  "app_subscription_renewed",
  "app_subscription_cancelled_by_user",
  "app_subscription_cancelled",
  "app_subscription_cancellation_revoked_by_user",
  "app_subscription_renewal_attempt_failed",
  "app_subscription_renewal_failed",
  "app_trial_subscription_started",
  "app_trial_subscription_ended",
] as const;

export const SEED_ACCOUNT_ID = 777777;

/**
 * The samples' `days_left` for each type: none left once a renewal fails or the subscription has
 * ended (its renewal date is then the day it ended, not one ahead), else the sample's.
 */
export function sampleDaysLeft(type: string): number {
  if (type.includes("renewal") || type === "app_subscription_cancelled") return 0;
  return type === "install" || type === "uninstall" ? 14 : 26;
}

export function lifecycleBody(type: string, o: LifecycleSampleOptions = {}) {
  const install = type === "install" || type === "uninstall";
  const trial = type.startsWith("app_trial_");
  return {
    type,
    data: {
      app_id: 1000000000,
      app_name: "Test App",
      user_id: o.userId === undefined ? (install ? 2 : 1) : Number(o.userId),
      user_email: "user@example.com",
      user_name: "User 1",
      user_cluster: "other",
      account_tier: "free",
      account_max_users: 10000,
      account_id: o.accountId === undefined ? SEED_ACCOUNT_ID : Number(o.accountId),
      account_name: "Demo Account",
      account_slug: "test",
      version_data: install ? { major: 4, minor: 5, patch: 0, type: "minor", number: 16 } : { major: 1, minor: 2, patch: 0, type: "minor", number: 16 },
      timestamp: o.timestamp ?? (install ? "2023-06-26T00:00:00.000+00:00" : "2022-06-23T00:00:00.000+00:00"),
      ...(o.withoutSubscription
        ? {}
        : {
            subscription: {
              plan_id: o.planId === undefined ? (install ? "5" : "plan1") : o.planId,
              renewal_date: o.renewalDate ?? (install ? "2023-07-10T00:00:00+00:00" : "2022-07-19T00:00:00+00:00"),
              is_trial: o.isTrial ?? trial,
              billing_period: "monthly",
              days_left: o.daysLeft ?? sampleDaysLeft(type),
              pricing_version: 5,
            },
          }),
      user_country: "IL",
    },
  };
}
