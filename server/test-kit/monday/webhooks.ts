// monday's boards and board webhooks, as the stand-in plays them: `me`, `boards`, `webhooks`,
// `create_webhook` (which POSTs a challenge to the URL and fails unless it comes back exactly) and
// `delete_webhook`, each refusing tokens without the scope it needs. Deliveries are signed as monday
// signs them. Rate limits and other failures can be queued per field.
import { randomBytes } from "node:crypto";
import { TEST_SECRETS, webhookToken } from "../monday-tokens.ts";
import { MondayOAuthStandIn, type IssuedToken } from "./oauth.ts";
import { MondayStandIn, type GraphqlContext, type Resolver, type ResolverResult } from "./standin-server.ts";

export interface StandInWebhook {
  id: string;
  boardId: string;
  accountId: string;
  url: string;
  event: string;
  config: Record<string, unknown> | null;
  /** created by this app (what app_webhooks_only returns) */
  byApp: boolean;
  /** its deliveries carry a JWT: only webhooks made with the app's OAuth token do */
  signed: boolean;
}

export const WEBHOOK_EVENTS = new Set([
  "change_column_value",
  "change_status_column_value",
  "change_subitem_column_value",
  "change_specific_column_value",
  "change_name",
  "create_item",
  "item_archived",
  "item_deleted",
  "item_moved_to_any_group",
  "item_moved_to_specific_group",
  "item_restored",
  "create_subitem",
  "change_subitem_name",
  "move_subitem",
  "subitem_archived",
  "subitem_deleted",
  "create_column",
  "create_update",
  "edit_update",
  "delete_update",
  "create_subitem_update",
]);

const SCOPE_OF: Record<string, string> = {
  me: "me:read",
  boards: "boards:read",
  webhooks: "webhooks:read",
  create_webhook: "webhooks:write",
  delete_webhook: "webhooks:write",
  create_notification: "notifications:write",
};

/** monday's answers when a budget or limit is hit, and when a token lacks a scope. */
export const mondayFailures = {
  complexityBudgetExhausted: (retryInSeconds: number): ResolverResult => ({
    status: 200,
    body: {
      errors: [
        {
          message: "Complexity budget exhausted",
          extensions: { code: "COMPLEXITY_BUDGET_EXHAUSTED", complexity: 1000, complexity_budget_left: 0, retry_in_seconds: retryInSeconds },
        },
      ],
      account_id: 1,
    },
  }),
  fieldLimitExceeded: (retryInSeconds: number): ResolverResult => ({
    status: 200,
    body: { errors: [{ message: "Field limit exceeded", extensions: { code: "FIELD_LIMIT_EXCEEDED", error_data: { retry_in_seconds: retryInSeconds } } }] },
  }),
  tooManyRequests: (retryAfterSeconds: number): ResolverResult => ({
    status: 429,
    body: { error_message: "Rate Limit Exceeded", status_code: 429 },
    headers: { "Retry-After": String(retryAfterSeconds) },
  }),
  unauthorizedField: (field: string): ResolverResult => ({
    status: 200,
    body: { errors: [{ message: `Unauthorized field or type: ${field}`, extensions: { code: "UNAUTHORIZED_FIELD_OR_TYPE" } }] },
  }),
  error: (code: string, message: string): ResolverResult => ({ status: 200, body: { errors: [{ message, extensions: { code } }] } }),
};

export interface DeliveryAnswer {
  status: number;
  body: unknown;
}

export class MondayBoardsStandIn {
  readonly webhooks = new Map<string, StandInWebhook>();
  /** boardId → owning account */
  private readonly boards = new Map<string, string>();
  /** boardId → the only users who can see it (a private board); absent: everyone in its account */
  private readonly members = new Map<string, Set<string>>();
  private readonly failures = new Map<string, ResolverResult[]>();
  private readonly persistent = new Map<string, ResolverResult>();
  private nextWebhookId = 73759690;
  /** the challenges sent, with what came back */
  readonly challenges: { url: string; challenge: string; status: number; answer: unknown }[] = [];
  /** notifications created through the API, with who created them */
  readonly notifications: { byAccountId: string; byUserId: string; userId: string; targetId: string; targetType: string; text: string }[] = [];

  constructor(
    private readonly standin: MondayStandIn,
    private readonly oauth: MondayOAuthStandIn,
    private readonly signingSecret = TEST_SECRETS.signingSecret,
  ) {
    standin.graphql(
      "me",
      this.scoped("me", (_args, who) => ({ data: { id: who.userId, name: `User ${who.userId}`, account: { id: who.accountId } } })),
    );
    standin.graphql(
      "boards",
      this.scoped("boards", (args, who) => this.boardsOf(args, who)),
    );
    standin.graphql(
      "webhooks",
      this.scoped("webhooks", (args, who) => this.list(args, who)),
    );
    standin.graphql(
      "create_webhook",
      this.scoped("create_webhook", (args, who) => this.create(args, who)),
    );
    standin.graphql(
      "delete_webhook",
      this.scoped("delete_webhook", (args, who) => this.remove(args, who)),
    );
    standin.graphql(
      "create_notification",
      this.scoped("create_notification", (args, who) => {
        const text = String(args.text ?? "");
        this.notifications.push({
          byAccountId: who.accountId,
          byUserId: who.userId,
          userId: String(args.user_id),
          targetId: String(args.target_id),
          targetType: String(args.target_type),
          text,
        });
        return { data: { text } };
      }),
    );
  }

  /** A board of the account; with `onlyUsers`, a private board only those users can see (whatever their role). */
  addBoard(accountId: string | number, boardId: string | number, options: { onlyUsers?: (string | number)[] } = {}): this {
    this.boards.set(String(boardId), String(accountId));
    if (options.onlyUsers) this.members.set(String(boardId), new Set(options.onlyUsers.map(String)));
    return this;
  }

  /** The next answers of `field` are these failures, in order. */
  failNext(field: string, ...results: ResolverResult[]): this {
    this.failures.set(field, [...(this.failures.get(field) ?? []), ...results]);
    return this;
  }

  /** Every answer of `field` is this failure until cleared. */
  failAlways(field: string, result: ResolverResult | null): this {
    if (result) this.persistent.set(field, result);
    else this.persistent.delete(field);
    return this;
  }

  /** A webhook someone else made on the board (not by this app). */
  addForeignWebhook(accountId: string, boardId: string, event = "create_item"): StandInWebhook {
    const hook: StandInWebhook = {
      id: String(this.nextWebhookId++),
      boardId,
      accountId,
      url: "https://example.com/hook",
      event,
      config: null,
      byApp: false,
      signed: false,
    };
    this.webhooks.set(hook.id, hook);
    return hook;
  }

  /** Removes a webhook at monday without Hookboard being told (a board deleted, an admin, ...). */
  forget(webhookId: string): void {
    this.webhooks.delete(webhookId);
  }

  webhookAt(url: string): StandInWebhook | undefined {
    return [...this.webhooks.values()].find((w) => w.url === url);
  }

  /** POSTs `{event}` to the webhook's URL as monday does: signed when the app's OAuth token made it, without a JWT otherwise. */
  async deliver(webhookId: string, event: Record<string, unknown>, options: { userId?: string | number } = {}): Promise<DeliveryAnswer> {
    const hook = this.webhooks.get(webhookId);
    if (!hook) throw new Error(`the stand-in has no webhook ${webhookId}`);
    const headers: Record<string, string> = hook.signed
      ? { authorization: await webhookToken(hook.accountId, { audience: hook.url, secret: this.signingSecret, userId: options.userId ?? 9603417 }) }
      : {};
    return post(hook.url, { event: { ...event, subscriptionId: Number(hook.id) } }, headers);
  }

  /**
   * What the board's Webhooks recipe does with a URL a user pasted: the challenge first (recorded
   * with `challenges`), then events, never with a JWT. Answers the challenge's reply.
   */
  async pasteIntoRecipe(url: string): Promise<DeliveryAnswer> {
    const challenge = randomBytes(26).toString("base64url");
    const answer = await post(url, { challenge }, {});
    this.challenges.push({ url, challenge, ...answer, answer: answer.body });
    return answer;
  }

  /** An event from the board's Webhooks recipe to a pasted URL (no JWT). */
  sendFromRecipe(url: string, event: Record<string, unknown>): Promise<DeliveryAnswer> {
    return post(url, { event }, {});
  }

  private scoped(field: string, resolve: (args: Record<string, unknown>, who: IssuedToken) => ResolverResult | Promise<ResolverResult>): Resolver {
    return async (args, ctx: GraphqlContext) => {
      const queued = this.failures.get(field);
      if (queued?.length) return queued.shift()!;
      const always = this.persistent.get(field);
      if (always) return always;
      const who = this.oauth.whoIs(ctx.token ?? "")!;
      if (!who.scopes.includes(SCOPE_OF[field]!)) return mondayFailures.unauthorizedField(field);
      return resolve(args, who);
    };
  }

  /** Whether the token's user can see the board: an OAuth token carries its user's rights. */
  private owns(who: IssuedToken, boardId: unknown): boolean {
    const members = this.members.get(String(boardId));
    return this.boards.get(String(boardId)) === who.accountId && (!members || members.has(who.userId));
  }

  private boardsOf(args: Record<string, unknown>, who: IssuedToken): ResolverResult {
    // without ids: the boards the caller can see, as many as `limit` (monday's default 25)
    const ids = Array.isArray(args.ids) ? args.ids.map(String) : [...this.boards.keys()];
    const limit = typeof args.limit === "number" ? args.limit : 25;
    return {
      data: ids
        .filter((id) => this.owns(who, id))
        .slice(0, limit)
        .map((id) => ({ id })),
    };
  }

  private list(args: Record<string, unknown>, who: IssuedToken): ResolverResult {
    if (!this.owns(who, args.board_id)) return mondayFailures.error("ResourceNotFoundException", "Board not found");
    const hooks = [...this.webhooks.values()].filter((w) => w.boardId === String(args.board_id) && (w.byApp || args.app_webhooks_only !== true));
    return { data: hooks.map((w) => ({ id: w.id, event: w.event, board_id: w.boardId, config: w.config ? JSON.stringify(w.config) : null })) };
  }

  private async create(args: Record<string, unknown>, who: IssuedToken): Promise<ResolverResult> {
    const boardId = String(args.board_id);
    const url = String(args.url ?? "");
    const event = String(args.event ?? "");
    if (!this.owns(who, boardId)) return mondayFailures.error("USER_UNAUTHORIZED", "User unauthorized to perform action");
    if (!WEBHOOK_EVENTS.has(event)) return mondayFailures.error("GRAPHQL_VALIDATION_FAILED", `Argument 'event' has an invalid value (${event})`);
    if (url.length > 255) return mondayFailures.error("INVALID_ARGUMENT", "url must be at most 255 characters");
    const config =
      typeof args.config === "string"
        ? (JSON.parse(args.config) as Record<string, unknown>)
        : ((args.config as Record<string, unknown> | null | undefined) ?? null);

    const challenge = randomBytes(26).toString("base64url");
    // only an app's OAuth token makes a webhook whose requests carry a JWT
    const signed = who.flow !== "personal";
    const headers: Record<string, string> = signed
      ? { authorization: await webhookToken(who.accountId, { audience: url, secret: this.signingSecret, userId: who.userId }) }
      : {};
    let answer: DeliveryAnswer;
    try {
      answer = await post(url, { challenge }, headers);
    } catch {
      answer = { status: 0, body: null };
    }
    this.challenges.push({ url, challenge, ...answer, answer: answer.body });
    const exact = answer.status === 200 && JSON.stringify(answer.body) === JSON.stringify({ challenge });
    if (!exact) return mondayFailures.error("WEBHOOK_URL_VERIFICATION_FAILED", "Failed to verify the webhook URL: the challenge did not come back");

    const hook: StandInWebhook = { id: String(this.nextWebhookId++), boardId, accountId: who.accountId, url, event, config, byApp: signed, signed };
    this.webhooks.set(hook.id, hook);
    return { data: { id: hook.id, board_id: hook.boardId, event: hook.event } };
  }

  private remove(args: Record<string, unknown>, who: IssuedToken): ResolverResult {
    const hook = this.webhooks.get(String(args.id));
    if (!hook || hook.accountId !== who.accountId) return mondayFailures.error("ResourceNotFoundException", "Webhook not found");
    this.webhooks.delete(hook.id);
    return { data: { id: hook.id, board_id: hook.boardId } };
  }
}

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<DeliveryAnswer> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}

export interface BoardsMonday {
  standin: MondayStandIn;
  oauth: MondayOAuthStandIn;
  boards: MondayBoardsStandIn;
  /** the variables that point Hookboard at this stand-in */
  env(flow?: "legacy" | "oauth2.1"): Record<string, string>;
  stop(): Promise<void>;
}

/** The app the stand-in knows: its client credentials and the secret it signs deliveries with. */
export interface StandInApp {
  clientId: string;
  clientSecret: string;
  signingSecret: string;
}

/** A started stand-in monday with OAuth, boards and webhooks, for the test app unless told otherwise. */
export async function startBoardsMonday(app: StandInApp = TEST_SECRETS): Promise<BoardsMonday> {
  const standin = new MondayStandIn();
  const oauth = new MondayOAuthStandIn(standin, { id: app.clientId, secret: app.clientSecret });
  const boards = new MondayBoardsStandIn(standin, oauth, app.signingSecret);
  await standin.start();
  return {
    standin,
    oauth,
    boards,
    env: (flow = "oauth2.1") => ({ MONDAY_API_URL: standin.apiUrl, MONDAY_AUTH_URL: standin.authUrl, MONDAY_OAUTH_FLOW: flow }),
    stop: () => standin.stop(),
  };
}
