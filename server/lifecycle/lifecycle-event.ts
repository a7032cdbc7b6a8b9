// An app lifecycle event as a handler receives it: the stored body read into typed facts, and
// whether it was the newest of its kind when Hookboard applied it.
import type { LifecycleBody, LifecycleEventType } from "./events.ts";
import type { LifecycleOrigin } from "./origin.ts";

export interface LifecycleEvent<T extends string = LifecycleEventType | (string & {})> {
  deliveryId: string;
  /** one of the 12 types (or one monday added since: only `lifecycle:*` handlers see those) */
  type: T;
  accountId: string;
  /** monday's `data.timestamp` */
  occurredAt: Date;
  receivedAt: Date;
  /**
   * `delivered`: monday sent the event. `reconciled`: Hookboard read monday's records
   * (app_installs, app_subscriptions) and found its state behind; `occurredAt` is when it read them.
   */
  origin: LifecycleOrigin;
  /**
   * No event applied before this one was newer (for install and uninstall: than the install
   * state; for subscription events: than the subscription). An uninstall that arrives after a
   * newer reinstall is not the newest: the account is installed.
   */
  newest: boolean;
  account: { id: string; name: string | null; slug: string | null; tier: string | null; maxUsers: number | null; country: string | null };
  user: { id: string | null; email: string | null; name: string | null };
  app: { id: string | null; name: string | null; version: string | null };
  /** the billing subscription as the event describes it (confidential under monday's terms: never log it) */
  subscription: {
    planId: string | null;
    isTrial: boolean;
    billingPeriod: string | null;
    renewalDate: Date | null;
    daysLeft: number | null;
    pricingVersion: number | null;
  } | null;
  /** the body's `data` as monday sent it */
  data: Record<string, unknown>;
}

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const idText = (v: unknown): string | null => (typeof v === "number" ? String(v) : text(v));

function dateOrNull(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `major.minor.patch` of the version the event names, when it names one. */
export function versionOf(body: LifecycleBody): string | null {
  const v = body.data.version_data;
  if (!v || typeof v.major !== "number") return null;
  return `${v.major}.${v.minor ?? 0}.${v.patch ?? 0}`;
}

export function lifecycleEventOf(
  body: LifecycleBody,
  stored: { deliveryId: string; receivedAt: Date; newest: boolean; origin: LifecycleOrigin },
): LifecycleEvent {
  const d = body.data;
  const sub = d.subscription ?? null;
  return {
    deliveryId: stored.deliveryId,
    type: body.type,
    accountId: d.account_id,
    occurredAt: new Date(d.timestamp),
    receivedAt: stored.receivedAt,
    origin: stored.origin,
    newest: stored.newest,
    account: {
      id: d.account_id,
      name: d.account_name ?? null,
      slug: d.account_slug ?? null,
      tier: d.account_tier ?? null,
      maxUsers: d.account_max_users ?? null,
      country: d.user_country ?? null,
    },
    user: { id: idText(d.user_id), email: text(d.user_email), name: text(d.user_name) },
    app: { id: idText(d.app_id), name: text(d.app_name), version: versionOf(body) },
    subscription: sub
      ? {
          planId: sub.plan_id,
          isTrial: sub.is_trial === true,
          billingPeriod: sub.billing_period ?? null,
          renewalDate: dateOrNull(sub.renewal_date),
          daysLeft: sub.days_left ?? null,
          pricingVersion: sub.pricing_version ?? null,
        }
      : null,
    data: d,
  };
}
