// The body of a feature lifecycle webhook, validated once. monday documents a top-level shape
// (`{ type, payload, accountId, userId, back_to_url }`) while its example app and captured
// deliveries nest the fields under `data` (`{ type, data: { payload, back_to_url, account_id, ... } }`);
// both are read into one typed value.
import { z } from "zod";

const id = z
  .union([
    z.number().int().nonnegative(),
    z
      .string()
      .trim()
      .regex(/^\d{1,20}$/, "must be a monday id"),
  ])
  .transform(String);
const object = z.record(z.string(), z.unknown());
const url = z.string().trim().min(1).max(2048);
const origin = z.string().trim().max(100);

const fields = {
  payload: object.nullish(),
  accountId: id.nullish(),
  account_id: id.nullish(),
  userId: id.nullish(),
  user_id: id.nullish(),
  back_to_url: url.nullish(),
  event_action_origin: origin.nullish(),
};

export const featureBodySchema = z.looseObject({
  type: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_:.-]+$/, "type must be an event name"),
  ...fields,
  data: z.looseObject(fields).nullish(),
});

export interface IncomingFeatureEvent {
  /** as sent; it may name a type Hookboard does not know */
  type: string;
  payload: Record<string, unknown>;
  accountId: string | null;
  userId: string | null;
  backToUrl: string | null;
  eventActionOrigin: string | null;
  /** the feature type the payload itself names, when it names one */
  namedFeatureType: string | null;
}

// monday does not document the payload; these are the places captured bodies and its example app name the feature's type
const FEATURE_TYPE_KEYS = ["app_feature_type", "appFeatureType", "feature_type", "featureType"] as const;

function namedFeatureType(...sources: (Record<string, unknown> | null | undefined)[]): string | null {
  for (const source of sources) {
    if (!source) continue;
    for (const key of FEATURE_TYPE_KEYS) {
      const value = source[key];
      if (typeof value === "string" && value.trim()) return value.trim();
    }
    for (const key of ["app_feature", "appFeature"] as const) {
      const feature = source[key];
      if (feature && typeof feature === "object" && !Array.isArray(feature)) {
        const type = (feature as Record<string, unknown>).type;
        if (typeof type === "string" && type.trim()) return type.trim();
      }
    }
  }
  return null;
}

export function readFeatureBody(body: z.infer<typeof featureBodySchema>): IncomingFeatureEvent {
  const data = body.data ?? null;
  const payload = body.payload ?? data?.payload ?? {};
  return {
    type: body.type,
    payload,
    accountId: body.accountId ?? body.account_id ?? data?.account_id ?? data?.accountId ?? null,
    userId: body.userId ?? body.user_id ?? data?.user_id ?? data?.userId ?? null,
    backToUrl: body.back_to_url ?? data?.back_to_url ?? null,
    eventActionOrigin:
      body.event_action_origin ?? data?.event_action_origin ?? (typeof payload.event_action_origin === "string" ? payload.event_action_origin : null),
    namedFeatureType: namedFeatureType(payload, data, body),
  };
}
