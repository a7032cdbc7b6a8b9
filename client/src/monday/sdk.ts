// The only door to monday: everything the view asks of its host goes through monday-sdk-js here, and
// its API calls through @mondaydotcomorg/api's SeamlessApiClient (monday-sdk-js's `monday.api()` is
// deprecated), so no other module touches window.parent or the message format.
import type { SeamlessApiClient } from "@mondaydotcomorg/api";
import mondaySdk from "monday-sdk-js";
// the one API version of server, CLI and view (columns' `settings` JSON needs 2025-10 or later)
import { MONDAY_API_VERSION } from "../../../server/monday-api/api-version.ts";

export type MondayTheme = "light" | "dark" | "black";

export interface BoardViewContext {
  boardId: string | null;
  theme: MondayTheme;
  accountId: string | null;
  user: { id: string | null; isAdmin: boolean; isViewOnly: boolean; isGuest: boolean };
}

export type NoticeType = "success" | "error" | "info";

const monday = mondaySdk();

/** monday frames the view; opened on its own, the SDK would only be talking to itself. */
export const framed = window.parent !== window;

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

function idOf(value: unknown): string | null {
  return typeof value === "number" || (typeof value === "string" && value !== "") ? String(value) : null;
}

function themeOf(value: unknown): MondayTheme {
  return value === "dark" || value === "black" ? value : "light";
}

/** monday sends numbers where the API uses string ids; the view uses strings throughout. */
export function normaliseContext(raw: unknown): BoardViewContext {
  const c = record(raw);
  const user = record(c.user);
  const account = record(c.account);
  const boardIds = Array.isArray(c.boardIds) ? c.boardIds : [];
  return {
    boardId: idOf(c.boardId) ?? idOf(boardIds[0]),
    theme: themeOf(c.theme),
    accountId: idOf(account.id),
    user: {
      id: idOf(user.id),
      isAdmin: user.isAdmin === true,
      isViewOnly: user.isViewOnly === true,
      isGuest: user.isGuest === true,
    },
  };
}

export async function getContext(): Promise<BoardViewContext> {
  const res = await monday.get("context");
  return normaliseContext(res.data);
}

export async function getSessionToken(): Promise<string> {
  const res = await monday.get("sessionToken");
  if (typeof res.data !== "string" || !res.data) throw new Error("monday returned no session token");
  return res.data;
}

/** Calls `onChange` whenever monday changes the view's context (board switch, theme change). */
export function listenToContext(onChange: (context: BoardViewContext) => void): () => void {
  return monday.listen("context", (res) => onChange(normaliseContext(res.data)));
}

export function showNotice(message: string, type: NoticeType, timeout = 5000): void {
  void monday.execute("notice", { message, type, timeout });
}

export class MondayApiError extends Error {}

let seamless: Promise<SeamlessApiClient> | null = null;

/**
 * monday's seamless API client (`@mondaydotcomorg/api`), created once: it posts `{ method: "api",
 * args: { params: { query, variables }, apiVersion }, requestId }` to monday and listens for the
 * answer. Loaded on first use: the package brings a GraphQL parser and more the view's first
 * JavaScript need not carry.
 */
function seamlessClient(): Promise<SeamlessApiClient> {
  seamless ??= import("@mondaydotcomorg/api").then(({ SeamlessApiClient }) => new SeamlessApiClient(MONDAY_API_VERSION));
  return seamless;
}

/** monday's refusal, in its words: the client's error carries monday's `errors`. */
function refusalOf(error: unknown): MondayApiError {
  const errors = record(record(error).response).errors;
  const first = Array.isArray(errors) ? record(errors[0]).message : undefined;
  const message = typeof first === "string" ? first : error instanceof Error ? error.message : "monday's API refused the query";
  return new MondayApiError(message);
}

/**
 * A GraphQL query to monday's API as the signed-in user (seamless authentication through the host).
 * The client resolves with monday's whole reply message, whose `data` is the API's answer
 * (`{ data, errors?, account_id }`), as `monday.api()` returned it.
 */
export async function queryMonday<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const client = await seamlessClient();
  let reply: unknown;
  try {
    reply = await client.request<unknown>(query, variables);
  } catch (error) {
    throw refusalOf(error);
  }
  const body = record(record(reply).data);
  if (Array.isArray(body.errors) && body.errors.length) {
    throw new MondayApiError(String(record(body.errors[0]).message ?? "monday's API refused the query"));
  }
  if (!body.data) throw new MondayApiError("monday's API returned no data");
  return body.data as T;
}
