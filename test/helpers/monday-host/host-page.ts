// The stand-in monday's page script: it frames the board view and answers monday-sdk-js and
// @mondaydotcomorg/api's SeamlessApiClient (the same message channel) the way monday does. The SDK posts `{ method, args: { type, params }, requestId }` to its parent and
// resolves the request when a message with the same `requestId` comes back (`{ requestId, data }`,
// or `{ requestId, errorMessage }` to reject); `listen` callbacks fire on messages whose `method` or
// `type` names the event. The page loads this file alone (it imports types only) and starts with
// what the server wrote into it, so the view is framed without waiting for any request.
import type { FixtureBoard } from "./board-fixture.ts";
import type { HostBoot, HostConfig, HostSettings, HostTheme } from "./host-types.ts";

interface SdkRequest {
  method: string;
  args?: { type?: string; params?: Record<string, unknown>; apiVersion?: string };
  requestId?: string;
}

const $ = <T extends Element>(selector: string) => {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`host page has no ${selector}`);
  return el;
};

const frame = $<HTMLIFrameElement>("#view");
const sessionForm = $<HTMLFormElement>("#session-form");
const contextForm = $<HTMLFormElement>("#context-form");
const boot = JSON.parse($("#host-boot").textContent ?? "") as HostBoot;
const config: HostConfig = boot.config;
const viewOrigin = new URL(config.viewUrl, location.href).origin;
// the page loads this one script only, so the names come from the server's defaults
const SETTING_NAMES = Object.keys(config.defaults) as (keyof HostSettings)[];

let settings = boot.settings;
const listening = new Set<string>();
/** a token signed before the page was served, for the view's first question */
let presigned: string | null = boot.firstToken;
let tokensIssued = 0;

function fillForms(): void {
  for (const name of SETTING_NAMES) {
    const input = document.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
    if (!input) continue;
    if (input instanceof HTMLInputElement && input.type === "checkbox") input.checked = settings[name] as boolean;
    else input.value = String(settings[name]);
  }
  document.body.dataset.theme = settings.theme;
  $("#where").textContent = `account ${settings.accountId} · board ${settings.boardId} (${boardOf(settings.boardId).name})`;
}

function readForm(form: HTMLFormElement): Partial<HostSettings> {
  const out: Record<string, unknown> = {};
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement) || !el.name) continue;
    if (el instanceof HTMLInputElement && el.type === "checkbox") out[el.name] = el.checked;
    else if (el.name === "tokenTtl") out[el.name] = Number(el.value);
    else out[el.name] = el.value;
  }
  return out as Partial<HostSettings>;
}

/** Keeps the address in step with the settings, so a reload (or a bookmark) opens the same view. */
function writeQuery(): void {
  const q = new URLSearchParams();
  for (const name of SETTING_NAMES) q.set(name, String(settings[name]));
  history.replaceState(null, "", `?${q}`);
}

function boardOf(id: string): FixtureBoard {
  return config.boards[id] ?? config.defaultBoard;
}

/** The context monday gives a board view, from the page's settings. */
function context() {
  return {
    boardId: Number(settings.boardId),
    boardIds: [Number(settings.boardId)],
    boardViewId: 5001,
    instanceId: 5001,
    instanceType: "board_view",
    viewMode: "fullScreen",
    workspaceId: 1,
    theme: settings.theme as HostTheme,
    account: { id: settings.accountId },
    user: {
      id: settings.userId,
      isAdmin: settings.admin,
      isGuest: settings.guest,
      isViewOnly: settings.viewOnly,
      countryCode: "US",
      currentLanguage: "en",
      timeFormat: "24H",
      timeZoneOffset: 0,
    },
    app: { id: 10000001, clientId: "stand-in" },
    appVersion: { id: 10000002, name: "Hookboard", status: "draft", type: "major", versionData: { major: 1, minor: 0, patch: 0, type: "major" } },
    permissions: { approvedScopes: ["me:read", "boards:read", "webhooks:read", "webhooks:write"], requiredScopes: [] },
    region: "use1",
  };
}

async function signedToken(): Promise<string> {
  if (presigned) {
    const token = presigned;
    presigned = null;
    tokensIssued++;
    return token;
  }
  const expired = settings.expireFirstToken && tokensIssued === 0;
  tokensIssued++;
  const q = new URLSearchParams({
    accountId: settings.accountId,
    userId: settings.userId,
    viewOnly: String(settings.viewOnly),
    guest: String(settings.guest),
    admin: String(settings.admin),
    secret: settings.secret,
    expiresIn: String(expired ? -60 : settings.tokenTtl),
  });
  const res = await fetch(`/session-token?${q}`);
  const body = (await res.json()) as { token?: string; error?: string };
  if (!body.token) throw new Error(body.error ?? "no token");
  return body.token;
}

function log(direction: "in" | "out", message: unknown): void {
  const item = document.createElement("li");
  item.textContent = `${direction === "in" ? "←" : "→"} ${JSON.stringify(message).slice(0, 300)}`;
  const list = $("#log");
  list.append(item);
  while (list.childElementCount > 200) list.firstElementChild?.remove();
}

function post(message: Record<string, unknown>): void {
  log("out", message);
  frame.contentWindow?.postMessage(message, viewOrigin);
}

const reply = (requestId: string | undefined, data: unknown) => post({ requestId, data });
const refuse = (requestId: string | undefined, errorMessage: string, data: unknown = null) => post({ requestId, errorMessage, data });

function showNotice(params: Record<string, unknown>): void {
  const item = document.createElement("li");
  item.dataset.type = typeof params.type === "string" ? params.type : "info";
  item.textContent = String(params.message ?? "");
  $("#notices").prepend(item);
  const timeout = typeof params.timeout === "number" ? params.timeout : 5000;
  // kept in the list a while longer than monday shows it, so people (and tests) can read it
  setTimeout(() => item.remove(), Math.max(timeout, 30_000));
}

/**
 * monday's API through the host ("seamless" authentication), as @mondaydotcomorg/api's
 * SeamlessApiClient (and monday-sdk-js's older `monday.api`) ask for it: `{ method: "api", args:
 * { params: { query, variables }, apiVersion }, requestId }`. monday answers `{ requestId, data:
 * { data, account_id } }`, or `{ requestId, errorMessage, data: { errors } }` when it refuses; it
 * refuses a document its schema does not validate. The stand-in knows board queries.
 */
async function answerApi(request: SdkRequest): Promise<void> {
  if (!settings.mondayApi) {
    refuse(request.requestId, "Graphql validation errors", {
      errors: [{ message: "Your app is not allowed to use the API for this user", extensions: { code: "UNAUTHORIZED" } }],
    });
    return;
  }
  const params = (request.args?.params ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
  const query = typeof params.query === "string" ? params.query : "";
  const version = request.args?.apiVersion;
  if (version !== undefined && !/^\d{4}-(01|04|07|10)$/.test(version)) {
    refuse(request.requestId, "Invalid API version", {
      errors: [{ message: `"${version}" is not an API version`, extensions: { code: "INVALID_API_VERSION" } }],
    });
    return;
  }
  const checked = (await (await fetch(`/graphql-problems?${new URLSearchParams({ query })}`)).json()) as { problems: string[] };
  if (checked.problems.length) {
    refuse(request.requestId, "Graphql validation errors", {
      errors: checked.problems.map((message) => ({ message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })),
    });
    return;
  }
  if (!/\bboards\s*\(/.test(query)) {
    refuse(request.requestId, "The stand-in monday only answers queries about boards", { errors: [{ message: "not served by the stand-in" }] });
    return;
  }
  const asked = Object.values(params.variables ?? {})
    .flat()
    .map(String);
  const ids = asked.length ? asked : [settings.boardId];
  const boards = ids.map((id) => ({ id, ...boardOf(id) }));
  reply(request.requestId, { data: { boards }, account_id: Number(settings.accountId) });
}

async function answer(request: SdkRequest): Promise<void> {
  const type = request.args?.type;
  const params = request.args?.params ?? {};
  switch (request.method) {
    case "get":
      if (type === "context") return reply(request.requestId, context());
      if (type === "sessionToken") return reply(request.requestId, await signedToken());
      if (type === "settings") return reply(request.requestId, {});
      if (type === "location") return reply(request.requestId, { href: location.href, search: location.search });
      if (type === "filter") return reply(request.requestId, { term: "", rules: [], operator: null });
      if (type === "itemIds") return reply(request.requestId, []);
      return refuse(request.requestId, `The stand-in monday cannot get "${String(type)}"`);
    case "listen":
      if (type) listening.add(type);
      return;
    case "execute":
      if (type === "notice") showNotice(params);
      return reply(request.requestId, { success: true });
    case "api":
      return answerApi(request);
    default:
      return refuse(request.requestId, `The stand-in monday does not support ${request.method}`);
  }
}

window.addEventListener("message", (event: MessageEvent) => {
  if (event.source !== frame.contentWindow || event.origin !== viewOrigin) return;
  const request = event.data as SdkRequest | null;
  if (!request || typeof request.method !== "string") return;
  log("in", request);
  answer(request).catch((error: unknown) => refuse(request.requestId, error instanceof Error ? error.message : String(error)));
});

/** What monday does when the view's context changes (board switch, theme). */
function pushContext(): void {
  if (listening.has("context")) post({ method: "listen", type: "context", data: context() });
}

async function loadView(): Promise<void> {
  listening.clear();
  tokensIssued = 0;
  presigned = null;
  const url = new URL(config.viewUrl, location.href);
  // monday adds the sessionToken to the view's address, too
  url.searchParams.set("sessionToken", await signedToken());
  // "first token expired" is about the token the view asks for
  tokensIssued = 0;
  frame.src = url.toString();
}

/** The first view is framed at once, with the tokens the server signed into the page. */
function firstView(): void {
  const url = new URL(config.viewUrl, location.href);
  url.searchParams.set("sessionToken", boot.urlToken);
  frame.src = url.toString();
}

sessionForm.addEventListener("submit", (event) => {
  event.preventDefault();
  settings = { ...settings, ...readForm(sessionForm) };
  writeQuery();
  fillForms();
  void loadView();
});

contextForm.addEventListener("submit", (event) => {
  event.preventDefault();
  settings = { ...settings, ...readForm(contextForm) };
  writeQuery();
  fillForms();
  pushContext();
});

writeQuery();
fillForms();
firstView();
