// What monday's records say that Hookboard's state does not: one correction per account and kind,
// each a lifecycle event Hookboard writes itself (dated when the records were read), so it is applied
// under the same order rule as delivered events and runs the same handlers (an uninstall monday never
// delivered gets Hookboard's uninstall cleanup).
//
// Only what the records establish is corrected. monday's quirks, as it documents them:
// - a free plan is an active subscription whose renewal date lies far in the future: it never
//   renews, so it is kept without a renewal date;
// - a trial that ends into the free plan sends only app_trial_subscription_ended; the records then
//   list the free plan as active;
// - app_subscriptions has no trial flag: a trial Hookboard knows of is left alone while the records
//   list the same plan as active, or list nothing for the account.
import type { SubscriptionData } from "../lifecycle/events.ts";
import type { LifecycleEventType } from "../lifecycle/events.ts";
import type { SubscriptionStatus } from "../lifecycle/subscription-status.ts";
import type { MondayInstallRecord, MondaySubscriptionRecord } from "./monday-records.ts";

/** A renewal date further away than this is the free plan's "never" */
const FREE_PLAN_HORIZON_MS = 20 * 365 * 24 * 3600_000;
const DAY_MS = 24 * 3600_000;

export interface LocalState {
  install: { status: string } | null;
  subscription: {
    planId: string | null;
    status: string;
    isTrial: boolean;
    billingPeriod: string | null;
    renewalDate: Date | null;
    daysLeft: number | null;
    pricingVersion: number | null;
  } | null;
}

export interface Correction {
  accountId: string;
  type: LifecycleEventType;
  /** why, in words (printed by --dry-run; never the subscription's details) */
  reason: string;
  subscription: SubscriptionData | null;
  version: { major: number; minor: number; patch: number } | null;
}

export interface MondayRecordsRead {
  installs: MondayInstallRecord[];
  subscriptions: MondaySubscriptionRecord[];
}

const LIVE: readonly string[] = ["active", "trial", "cancel_pending", "renewal_failing"] satisfies SubscriptionStatus[];
const ENDED: readonly string[] = ["cancelled", "none"] satisfies SubscriptionStatus[];

/** The subscription as a lifecycle event carries it. */
function eventSubscription(record: MondaySubscriptionRecord, readAt: Date): SubscriptionData {
  const free = record.renewalDate !== null && record.renewalDate.getTime() - readAt.getTime() > FREE_PLAN_HORIZON_MS;
  return {
    plan_id: record.planId,
    is_trial: false,
    billing_period: record.periodType,
    renewal_date: free ? null : (record.renewalDate?.toISOString() ?? null),
    days_left: free ? null : record.daysLeft,
    pricing_version: record.pricingVersion,
  };
}

function localSubscription(local: NonNullable<LocalState["subscription"]>): SubscriptionData {
  return {
    plan_id: local.planId,
    is_trial: local.isTrial,
    billing_period: local.billingPeriod,
    renewal_date: local.renewalDate?.toISOString() ?? null,
    days_left: local.daysLeft,
    pricing_version: local.pricingVersion,
  };
}

/** The record that describes the account now: its active one, else the one that ended last. */
function currentRecord(records: MondaySubscriptionRecord[]): MondaySubscriptionRecord | null {
  const active = records.find((r) => r.status === "active");
  if (active) return active;
  const ended = records.filter((r) => r.status === "inactive").sort((a, b) => (b.endDate?.getTime() ?? 0) - (a.endDate?.getTime() ?? 0));
  return ended[0] ?? null;
}

type SubscriptionVerdict = { matches: true } | { matches: false; type: LifecycleEventType; reason: string; subscription: SubscriptionData | null };

function judgeSubscription(local: LocalState["subscription"], record: MondaySubscriptionRecord | null, readAt: Date): SubscriptionVerdict {
  const status = local?.status ?? "none";
  if (record?.status === "active") {
    const wanted = eventSubscription(record, readAt);
    if (local && LIVE.includes(status) && local.planId === record.planId) {
      // same plan: a renewal that was never delivered shows as a renewal date that moved on
      const localRenewal = local.renewalDate?.getTime() ?? null;
      const renewal = wanted.renewal_date ? Date.parse(wanted.renewal_date) : null;
      if (status === "active" && localRenewal !== null && renewal !== null && renewal - localRenewal > DAY_MS) {
        return { matches: false, type: "app_subscription_renewed", reason: "monday's records show the plan renewed", subscription: wanted };
      }
      return { matches: true };
    }
    if (status === "trial") {
      return { matches: false, type: "app_trial_subscription_ended", reason: "the trial ended into another plan", subscription: wanted };
    }
    if (local && LIVE.includes(status)) {
      return { matches: false, type: "app_subscription_changed", reason: "monday's records show another plan", subscription: wanted };
    }
    return { matches: false, type: "app_subscription_created", reason: "monday's records show an active plan", subscription: wanted };
  }
  if (ENDED.includes(status) || !local) return { matches: true };
  if (record === null && status === "trial") return { matches: true };
  if (status === "trial") {
    return { matches: false, type: "app_trial_subscription_ended", reason: "monday's records show the trial ended", subscription: null };
  }
  return {
    matches: false,
    type: "app_subscription_cancelled",
    reason: record ? "monday's records show the subscription ended" : "monday's records show no subscription",
    subscription: null,
  };
}

/**
 * The corrections that bring `local` in line with monday's records. `complete` says the records
 * cover every account in `local` (an account missing from them is then not installed).
 */
export function correctionsFor(read: MondayRecordsRead, local: Map<string, LocalState>, readAt: Date, complete: boolean): Correction[] {
  const installs = new Map(read.installs.map((i) => [i.accountId, i]));
  const subscriptions = new Map<string, MondaySubscriptionRecord[]>();
  for (const s of read.subscriptions) subscriptions.set(s.accountId, [...(subscriptions.get(s.accountId) ?? []), s]);
  const accounts = new Set([...installs.keys(), ...subscriptions.keys(), ...(complete ? local.keys() : [])]);

  const out: Correction[] = [];
  for (const accountId of [...accounts].sort()) {
    const mine = local.get(accountId) ?? { install: null, subscription: null };
    const install = installs.get(accountId) ?? null;
    const verdict = judgeSubscription(mine.subscription, currentRecord(subscriptions.get(accountId) ?? []), readAt);
    const base = { accountId, version: install?.version ?? null };

    if (install && mine.install?.status !== "installed") {
      // an install event carries the subscription too: the one the records say, else the one Hookboard has
      const subscription = verdict.matches ? (mine.subscription ? localSubscription(mine.subscription) : null) : verdict.subscription;
      const reason = mine.install ? "monday's records show the app installed" : "installed before Hookboard heard of the account";
      out.push({ ...base, type: "install", reason, subscription });
      // an install that carries an ended subscription would read as active: that correction follows it
      if (verdict.matches || verdict.subscription !== null) continue;
    } else if (!install && complete && mine.install?.status === "installed") {
      out.push({ ...base, type: "uninstall", reason: "monday's records show the app uninstalled", subscription: null });
    }
    if (!verdict.matches) out.push({ ...base, type: verdict.type, reason: verdict.reason, subscription: verdict.subscription });
  }
  return out;
}
