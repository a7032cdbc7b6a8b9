// Feature lifecycle webhooks as monday sends them: the body (documented top-level shape, or the
// `data`-nested shape monday's example app reads), the JWT (`dat` claims, signing secret, aud =
// the route URL) and X-Apps-Event-Id.
import { randomUUID } from "node:crypto";
import { postJson, type JsonResponse } from "../helpers/http.ts";
import { datToken, webhookToken, type TokenOptions } from "../../server/test-kit/monday-tokens.ts";

export type Mode = "sync" | "async";

export { featureBody, type FeatureBodyOptions } from "../../server/cli/simulate/feature-samples.ts";

export interface SendOptions {
  /** default: a fresh id; null: no header */
  eventId?: string | null;
  /** the account the token is issued for (default: the body's) */
  tokenAccountId?: number;
  /** `dat` (monday's example app) or top-level claims */
  claims?: "dat" | "top";
  token?: string | null;
  tokenOptions?: TokenOptions;
  contentType?: string;
}

export interface SyncAnswerBody {
  success?: boolean;
  eventId?: string;
  data?: Record<string, unknown> | null;
  error?: { code: string; message: string };
}

export async function sendFeature<T = SyncAnswerBody & { ok?: boolean; deliveryId?: string; duplicate?: boolean }>(
  base: string,
  mode: Mode,
  body: Record<string, unknown> | string,
  o: SendOptions = {},
): Promise<JsonResponse<T> & { eventId: string | null }> {
  const url = `${base}/webhooks/features/${mode}`;
  const eventId = o.eventId === undefined ? randomUUID() : o.eventId;
  const accountId =
    o.tokenAccountId ??
    (typeof body === "object" ? Number(body.accountId ?? (body.data as { account_id?: number } | undefined)?.account_id ?? 555001) : 555001);
  let token = o.token;
  if (token === undefined) {
    const options = { audience: url, ...o.tokenOptions };
    token =
      o.claims === "top"
        ? await webhookToken(accountId, options)
        : await datToken({ account_id: accountId, user_id: 4242, short_lived_token: "short-lived-test-token", app_id: 10000001 }, options);
  }
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = token;
  if (eventId !== null) headers["x-apps-event-id"] = eventId;
  if (o.contentType) headers["content-type"] = o.contentType;
  const res = await postJson<T>(url, body, headers);
  return { ...res, eventId };
}
