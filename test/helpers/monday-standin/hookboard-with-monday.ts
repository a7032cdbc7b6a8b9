// A real Hookboard pointed at a started stand-in monday (OAuth, boards, webhooks), and the steps the
// board view takes against it: connect, create, list, reconcile, recreate, delete.
import type { DbKind, TestDatabase } from "../databases.ts";
import { startHookboard, type RunningHookboard, type StartOptions } from "../hookboard-server.ts";
import { postJson, request, type JsonResponse } from "../http.ts";
import { sessionToken, type SessionUser } from "../../../server/test-kit/monday-tokens.ts";
import { connectThroughBrowser } from "../../../server/test-kit/monday/oauth.ts";
import { startBoardsMonday, type BoardsMonday } from "../../../server/test-kit/monday/webhooks.ts";

export interface HookboardWithMonday {
  monday: BoardsMonday;
  hb: RunningHookboard;
  stop(): Promise<void>;
}

export interface WithMondayOptions extends Omit<StartOptions, "env" | "kind"> {
  kind: DbKind;
  flow?: "legacy" | "oauth2.1";
  env?: Record<string, string>;
  monday?: BoardsMonday;
  database?: TestDatabase;
}

export async function startHookboardWithMonday(options: WithMondayOptions): Promise<HookboardWithMonday> {
  const monday = options.monday ?? (await startBoardsMonday());
  const { flow, env, monday: _given, ...rest } = options;
  const hb = await startHookboard({ ...rest, env: { ...monday.env(flow), ...env } });
  return {
    monday,
    hb,
    async stop() {
      await hb.stop({ drop: !options.database });
      if (!options.monday) await monday.stop();
    },
  };
}

/** Connects `user` (an admin unless told otherwise) through the browser flow; fails the test if it does not end on the success page. */
export async function connect(world: HookboardWithMonday, user: SessionUser & { accountId: string; userId: string }): Promise<void> {
  world.monday.oauth.signedIn = { accountId: user.accountId, userId: user.userId };
  const visit = await connectThroughBrowser(world.hb.url, user);
  if (visit.status !== 200) throw new Error(`connecting failed with ${visit.status}: ${visit.page.slice(0, 300)}`);
}

export interface WebhookJson {
  id: string;
  boardId: string;
  event: string;
  config: Record<string, unknown> | null;
  createdAt: string;
  state: string;
  mondayWebhookId: string | null;
  health: { state: string; lastDeliveryAt: string | null; deliveries24h: number; failures24h: number };
  origin: "oauth" | "personal_token" | "recipe";
  signed: boolean;
  url: string | null;
  repair: { attemptedAt: string; error: string | null } | null;
}

export interface ErrorJson {
  error: { code: string; message: string };
}

export async function createWebhook(base: string, user: SessionUser, boardId: string, body: unknown): Promise<JsonResponse<WebhookJson & ErrorJson>> {
  return postJson<WebhookJson & ErrorJson>(`${base}/api/boards/${boardId}/webhooks`, body, { authorization: await sessionToken(user) });
}

export async function listWebhooks(base: string, user: SessionUser, boardId: string): Promise<JsonResponse<{ webhooks: WebhookJson[] } & ErrorJson>> {
  return request(`${base}/api/boards/${boardId}/webhooks`, { headers: { authorization: await sessionToken(user) } });
}

export async function deleteWebhook(base: string, user: SessionUser, boardId: string, id: string): Promise<JsonResponse<ErrorJson | null>> {
  return request(`${base}/api/boards/${boardId}/webhooks/${id}`, { method: "DELETE", headers: { authorization: await sessionToken(user) } });
}

/** The board view's "Check with monday": reconciles and answers the board's webhooks. */
export async function reconcileWebhooks(base: string, user: SessionUser, boardId: string): Promise<JsonResponse<{ webhooks: WebhookJson[] } & ErrorJson>> {
  return postJson(`${base}/api/boards/${boardId}/webhooks/reconcile`, {}, { authorization: await sessionToken(user) });
}

export async function recreateWebhook(base: string, user: SessionUser, boardId: string, id: string): Promise<JsonResponse<WebhookJson & ErrorJson>> {
  return postJson(`${base}/api/boards/${boardId}/webhooks/${id}/recreate`, {}, { authorization: await sessionToken(user) });
}
