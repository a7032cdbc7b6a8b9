// Requests to a running Hookboard, as monday and the board view make them.
import { webhookToken, sessionToken, type SessionUser, type TokenOptions } from "../../server/test-kit/monday-tokens.ts";

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function request<T = unknown>(url: string, init: RequestInit = {}): Promise<JsonResponse<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

export function postJson<T = unknown>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
  return request<T>(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** POSTs an app lifecycle event signed as monday signs it (top-level claims, aud = the route URL). */
export async function sendLifecycle(base: string, body: { type: string; data: { account_id: number | string } }, options: TokenOptions = {}) {
  const url = `${base}/webhooks/lifecycle`;
  const token = await webhookToken(body.data.account_id, { audience: url, ...options });
  return postJson<{ ok: boolean; deliveryId: string; duplicate: boolean }>(url, body, { authorization: token });
}

export async function apiGet<T = unknown>(base: string, path: string, user: SessionUser): Promise<JsonResponse<T>> {
  return request<T>(`${base}${path}`, { headers: { authorization: await sessionToken(user) } });
}
