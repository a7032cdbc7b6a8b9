// monday's app lifecycle events and the body they arrive with.
import { z } from "zod";

/** In the order they happen to one subscription; ties on data.timestamp are broken by this order. */
export const LIFECYCLE_EVENT_TYPES = [
  "install",
  "app_trial_subscription_started",
  "app_subscription_created",
  "app_subscription_changed",
  "app_subscription_renewed",
  "app_subscription_renewal_attempt_failed",
  "app_subscription_cancelled_by_user",
  "app_subscription_cancellation_revoked_by_user",
  "app_subscription_renewal_failed",
  "app_trial_subscription_ended",
  "app_subscription_cancelled",
  "uninstall",
] as const;

export type LifecycleEventType = (typeof LIFECYCLE_EVENT_TYPES)[number];

export function isKnownLifecycleType(type: string): type is LifecycleEventType {
  return (LIFECYCLE_EVENT_TYPES as readonly string[]).includes(type);
}

/** Rank used to order events that carry the same timestamp; unknown types sort after known ones. */
export function typeRank(type: string): number {
  const i = (LIFECYCLE_EVENT_TYPES as readonly string[]).indexOf(type);
  return i === -1 ? LIFECYCLE_EVENT_TYPES.length : i;
}

const id = z.union([z.number().int().nonnegative(), z.string().trim().min(1).max(40).regex(/^\d+$/)]).transform(String);
const text = (max: number) => z.string().max(max).nullish();
const count = z.number().int().nullish();

const subscriptionSchema = z
  .object({
    plan_id: z
      .union([z.string().max(200), z.number()])
      .nullish()
      .transform((v) => (v === null || v === undefined ? null : String(v))),
    renewal_date: text(64),
    is_trial: z.boolean().nullish(),
    billing_period: text(32),
    days_left: count,
    pricing_version: count,
  })
  .passthrough();

export const lifecycleBodySchema = z.object({
  type: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_:.-]+$/, "type must be an event name"),
  data: z
    .object({
      account_id: id,
      timestamp: z
        .string()
        .max(64)
        .refine((v) => !Number.isNaN(Date.parse(v)), "timestamp must be a date"),
      app_id: z.union([z.number(), z.string()]).nullish(),
      user_id: z.union([z.number(), z.string()]).nullish(),
      account_name: text(500),
      account_slug: text(200),
      account_tier: text(100),
      account_max_users: count,
      user_country: text(10),
      version_data: z
        .object({ major: z.number().nullish(), minor: z.number().nullish(), patch: z.number().nullish(), number: z.number().nullish() })
        .passthrough()
        .nullish(),
      subscription: subscriptionSchema.nullish(),
    })
    .passthrough(),
});

export type LifecycleBody = z.infer<typeof lifecycleBodySchema>;
/** The billing subscription as an app lifecycle event describes it. */
export type SubscriptionData = z.infer<typeof subscriptionSchema>;
