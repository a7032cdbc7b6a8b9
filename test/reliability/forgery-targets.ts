// The routes the forgery corpus attacks, each with the request monday or the board view would
// really send (right claims, right secret, right body): every case of the corpus changes one thing
// of it, so a refusal can only come from that change.
import { randomBytes, randomUUID } from "node:crypto";
import type { JWTPayload } from "jose";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { SEED_BOARD_EVENTS } from "../../server/cli/simulate/board-samples.ts";
import { TEST_SECRETS } from "../../server/test-kit/monday-tokens.ts";
import { featureBody } from "../features/feature-requests.ts";

/** What the corpus runs against: one account with a board, a webhook Hookboard issued, and a second webhook to delete. */
export interface CorpusWorld {
  base: string;
  accountId: string;
  userId: string;
  /** an account that is not the one the requests speak for */
  otherAccountId: string;
  boardId: string;
  /** the receiving URL of a board webhook Hookboard created at monday */
  boardWebhookUrl: string;
  /** a live webhook of the account on `boardId` (the target of DELETE) */
  deletableWebhookId: string;
  /** an allowed back_to_url for async feature events */
  backToUrl(): string;
  bodyLimitBytes: number;
}

export type TargetKind = "lifecycle" | "feature-sync" | "feature-async" | "board" | "session";

export interface CorpusTarget {
  /** how the summary names the route */
  route: string;
  kind: TargetKind;
  method: "GET" | "POST" | "DELETE";
  url: string;
  /** the `aud` monday puts in a webhook token: this route's public URL */
  audience: string | null;
  /** the older OAuth start page (GET) takes the sessionToken in its query, everything else in Authorization */
  tokenIn: "header" | "query";
  /** the JSON body the real request carries (fresh ids each time) */
  body?: () => Record<string, unknown>;
  /** headers the real request carries besides Authorization and Content-Type */
  headers?: () => Record<string, string>;
}

export interface RequestSpec {
  method: CorpusTarget["method"];
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export const isWebhook = (t: CorpusTarget) => t.kind !== "session";
export const isFeature = (t: CorpusTarget) => t.kind === "feature-sync" || t.kind === "feature-async";

/** The secret monday signs this route's tokens with. */
export function rightSecret(t: CorpusTarget): string {
  return isWebhook(t) ? TEST_SECRETS.signingSecret : TEST_SECRETS.clientSecret;
}

export function sessionDat(accountId: string, userId: string): Record<string, unknown> {
  return {
    client_id: TEST_SECRETS.clientId,
    account_id: Number(accountId),
    user_id: Number(userId),
    slug: "corpus",
    app_id: 10000001,
    app_version_id: 10000002,
    install_id: 10000003,
    is_admin: true,
    is_view_only: false,
    is_guest: false,
    user_kind: "admin",
  };
}

/** The claims monday would sign for this route (times relative to now). */
export function rightClaims(t: CorpusTarget, w: CorpusWorld, accountId = w.accountId): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  const times = { iat: now, exp: now + 300 };
  if (t.kind === "session") return { dat: sessionDat(accountId, w.userId), ...times };
  if (isFeature(t)) {
    return {
      dat: { account_id: Number(accountId), user_id: Number(w.userId), short_lived_token: "short-lived-corpus-token", app_id: 10000001 },
      aud: t.audience!,
      ...times,
    };
  }
  return { accountId: Number(accountId), userId: Number(w.userId), shortLivedToken: "short-lived-corpus-token", aud: t.audience!, ...times };
}

export function corpusTargets(w: CorpusWorld): CorpusTarget[] {
  const account = Number(w.accountId);
  const webhook = (
    route: string,
    kind: TargetKind,
    path: string,
    body: () => Record<string, unknown>,
    headers?: () => Record<string, string>,
  ): CorpusTarget => ({
    route,
    kind,
    method: "POST",
    url: w.base + path,
    audience: w.base + path,
    tokenIn: "header",
    body,
    ...(headers ? { headers } : {}),
  });
  const eventId = () => ({ "x-apps-event-id": randomUUID() });
  const session = (method: CorpusTarget["method"], path: string, extra: Partial<CorpusTarget> = {}): CorpusTarget => ({
    route: `${method} ${path.replace(w.boardId, ":boardId").replace(w.deletableWebhookId, ":id")}`,
    kind: "session",
    method,
    url: w.base + path,
    audience: null,
    tokenIn: "header",
    ...extra,
  });
  const boardPath = new URL(w.boardWebhookUrl).pathname;
  return [
    webhook("POST /webhooks/lifecycle", "lifecycle", "/webhooks/lifecycle", () =>
      lifecycleBody("install", { accountId: account, timestamp: new Date().toISOString() }),
    ),
    webhook(
      "POST /webhooks/features/sync",
      "feature-sync",
      "/webhooks/features/sync",
      () => featureBody("AppFeatureObject:create", { accountId: account }),
      eventId,
    ),
    webhook(
      "POST /webhooks/features/async",
      "feature-async",
      "/webhooks/features/async",
      () => featureBody("AppFeatureObject:create", { accountId: account, backToUrl: w.backToUrl() }),
      eventId,
    ),
    webhook("POST /webhooks/board/:urlToken", "board", boardPath, () => ({
      event: { ...SEED_BOARD_EVENTS.create_item.event, boardId: Number(w.boardId), triggerUuid: randomBytes(16).toString("hex") },
    })),
    session("GET", "/api/me"),
    session("GET", "/api/lifecycle-events"),
    session("GET", "/api/deliveries"),
    session("GET", `/api/boards/${w.boardId}/webhooks`),
    session("POST", `/api/boards/${w.boardId}/webhooks`, { body: () => ({ event: "create_item" }) }),
    session("DELETE", `/api/boards/${w.boardId}/webhooks/${w.deletableWebhookId}`),
    session("POST", "/oauth/start"),
    session("GET", "/oauth/start", { tokenIn: "query" }),
  ];
}

/** The target's real request, with `authorization` (a header value, or null for none) put where the route reads it. */
export function requestFor(t: CorpusTarget, authorization: string | null): RequestSpec {
  const headers: Record<string, string> = { ...t.headers?.() };
  let url = t.url;
  if (authorization !== null) {
    if (t.tokenIn === "query") url += `?sessionToken=${encodeURIComponent(authorization)}`;
    else headers.authorization = authorization;
  }
  const spec: RequestSpec = { method: t.method, url, headers };
  if (t.body) {
    spec.headers["content-type"] = "application/json";
    spec.body = JSON.stringify(t.body());
  }
  return spec;
}
