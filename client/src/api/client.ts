// Calls to Hookboard's board view API. Every call carries the sessionToken; a call refused because
// the token expired is retried once with a fresh one.
import { ApiError } from "./api-error.ts";
import type { SessionTokens } from "./session.ts";
import type { BoardWebhook, DailyCounts, DeliveriesPage, DeliveryDetail, DeliveryFilter, LifecycleEntry, Me, NewWebhook } from "./types.ts";

export interface HookboardApi {
  me(): Promise<Me>;
  webhooks(boardId: string): Promise<BoardWebhook[]>;
  createWebhook(boardId: string, webhook: NewWebhook): Promise<BoardWebhook>;
  deleteWebhook(boardId: string, id: string): Promise<void>;
  deliveries(boardId: string, options?: { cursor?: string | null; limit?: number } & DeliveryFilter): Promise<DeliveriesPage>;
  delivery(id: string): Promise<DeliveryDetail>;
  /** admins: a dead delivery goes back to the worker */
  retryDelivery(id: string): Promise<void>;
  dailyCounts(boardId: string): Promise<DailyCounts>;
  lifecycleEvents(): Promise<LifecycleEntry[]>;
  /** compares the board's webhooks with monday's and answers them */
  reconcileWebhooks(boardId: string): Promise<BoardWebhook[]>;
  /** admins: a new webhook (and URL) in place of this one */
  recreateWebhook(boardId: string, id: string): Promise<BoardWebhook>;
  /** the address of monday's consent page for this user (one-time, bound to them): the sessionToken goes in a header, never in a URL */
  startOAuth(): Promise<string>;
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
}

async function errorOf(res: Response): Promise<ApiError> {
  const requestId = res.headers.get("x-request-id");
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // not JSON (a proxy's error page, say): fall back to the status
  }
  const code = typeof body.error?.code === "string" ? body.error.code : `http_${res.status}`;
  const message = typeof body.error?.message === "string" ? body.error.message : `the server answered ${res.status}`;
  return new ApiError(res.status, code, message, requestId);
}

export function createApi(tokens: SessionTokens, base = ""): HookboardApi {
  async function send(path: string, init: RequestInit, token: string): Promise<Response> {
    try {
      return await fetch(`${base}${path}`, {
        ...init,
        headers: { ...init.headers, authorization: token, accept: "application/json" },
      });
    } catch {
      throw new ApiError(0, "unreachable", "the server could not be reached");
    }
  }

  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    const token = await tokens.current();
    let res = await send(path, init, token);
    if (res.status === 401) {
      const error = await errorOf(res);
      if (error.code !== "jwt_expired") throw error;
      res = await send(path, init, await tokens.renew(token));
    }
    if (!res.ok) throw await errorOf(res);
    return res;
  }

  const json = async <T>(path: string, init?: RequestInit): Promise<T> => (await (await call(path, init)).json()) as T;
  const board = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}/webhooks`;

  return {
    me: () => json<Me>("/api/me"),
    webhooks: async (boardId) => (await json<{ webhooks: BoardWebhook[] }>(board(boardId))).webhooks,
    // the view reloads the list afterwards, which also shows the new webhook's health
    createWebhook: (boardId, webhook) =>
      json<BoardWebhook>(board(boardId), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(webhook) }),
    reconcileWebhooks: async (boardId) => (await json<{ webhooks: BoardWebhook[] }>(`${board(boardId)}/reconcile`, { method: "POST" })).webhooks,
    recreateWebhook: (boardId, id) => json<BoardWebhook>(`${board(boardId)}/${encodeURIComponent(id)}/recreate`, { method: "POST" }),
    async deleteWebhook(boardId, id) {
      await call(`${board(boardId)}/${encodeURIComponent(id)}`, { method: "DELETE" });
    },
    deliveries(boardId, { cursor, limit = 20, status, type } = {}) {
      const query = new URLSearchParams({ boardId, limit: String(limit) });
      if (cursor) query.set("cursor", cursor);
      if (status) query.set("status", status);
      if (type) query.set("type", type);
      return json<DeliveriesPage>(`/api/deliveries?${query}`);
    },
    delivery: async (id) => (await json<{ delivery: DeliveryDetail }>(`/api/deliveries/${encodeURIComponent(id)}`)).delivery,
    async retryDelivery(id) {
      await call(`/api/deliveries/${encodeURIComponent(id)}/retry`, { method: "POST" });
    },
    dailyCounts: (boardId) => json<DailyCounts>(`/api/boards/${encodeURIComponent(boardId)}/deliveries/daily?days=7`),
    lifecycleEvents: async () => (await json<{ events: LifecycleEntry[] }>("/api/lifecycle-events?limit=20")).events,
    startOAuth: async () => (await json<{ url: string }>("/oauth/start", { method: "POST" })).url,
  };
}
