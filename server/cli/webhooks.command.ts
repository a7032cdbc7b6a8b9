// `npx hookboard webhooks create | list | delete`: board webhooks made with a personal API token
// (MONDAY_API_TOKEN), as monday-client does, recorded in the Hookboard database the server uses.
// The receiving URL is recorded before `create_webhook` is sent, because monday POSTs its challenge
// to it before answering; the running server answers it. monday does not sign the deliveries of a
// webhook made with a personal token: they are stored marked unsigned.
import type { Config } from "../config/config.ts";
import type { PrismaClient } from "../db/client.ts";
import { describeZodError } from "../http/zod-error.ts";
import { MondayNotFoundError } from "../monday-api/errors.ts";
import { MondayApi } from "../monday-api/monday-api.ts";
import { MondayWebhooks } from "../board-webhooks/monday-webhooks.ts";
import { createWebhookBody } from "../board-webhooks/webhook-events.ts";
import { LIVE_STATES, markCreated, markFailed, originOf, recordWebhook, type WebhookRow } from "../board-webhooks/webhook-records.ts";
import { webhookUrl } from "../board-webhooks/webhook-url.ts";
import { cliConfig, withDatabase } from "./cli-database.ts";
import { EXIT, UsageError, parseCommandArgs, type CliCommand, type CliIO } from "./command.ts";

const USAGE = `Usage: npx hookboard webhooks <create|list|delete> [options]

Board webhooks made with a personal API token, as monday-client makes them. They show in the board
view as made with a personal token. monday sends their events without a JWT: Hookboard stores them
marked unsigned, and only the receiving URL's unguessable part tells them from anyone else's.
Webhooks made with the app's OAuth token (from the board view) are signed; prefer those.

  create --board ID --event EVENT [--config JSON]   record a receiving URL, then create the webhook at monday
  list --board ID                                   the board's webhooks in Hookboard, and whether monday has them
  delete ID                                         delete a webhook (at monday too when it was made there)

Options:
  --board <id>      the board (for subitem events, the parent board)
  --event <event>   one of monday's 21 webhook events (create_item, change_column_value, ...)
  --config <json>   for change_specific_column_value {"columnId"}, change_status_column_value
                    {"columnId","columnValue":{"index":n}} and item_moved_to_specific_group {"groupId"}
  --json            print JSON

Environment:
  MONDAY_API_TOKEN  your personal API token (monday: avatar → Developers → My access tokens); required
  PUBLIC_URL, DATABASE_URL and the app's secrets: those of the running Hookboard (run where it runs),
                    which must be up to answer monday's challenge`;

const OPTIONS = {
  board: { type: "string" },
  event: { type: "string" },
  config: { type: "string" },
  json: { type: "boolean" },
} as const;

type Options = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>["values"];

interface Caller {
  accountId: string;
  userId: string;
}

interface Session {
  config: Config;
  monday: MondayWebhooks;
  caller: Caller;
}

function boardOf(options: Options): string {
  const board = options.board?.trim();
  if (!board) throw new UsageError("--board is required");
  if (!/^\d{1,20}$/.test(board)) throw new UsageError(`--board must be a monday board id (got "${board}")`);
  return board;
}

/** The personal token's holder: every call runs as them, so Hookboard records their account and user. */
async function session(io: CliIO): Promise<Session> {
  const token = io.env.MONDAY_API_TOKEN?.trim();
  if (!token) throw new UsageError("MONDAY_API_TOKEN is not set: use your personal API token (monday: avatar → Developers → My access tokens)", false);
  const config = cliConfig(io);
  const api = new MondayApi({ apiUrl: config.mondayApiUrl, apiVersion: config.mondayApiVersion });
  const monday = new MondayWebhooks({ request: (_account, query, variables, options) => api.request(token, query, variables, options) });
  const { me } = await api.request<{ me: { id: string | number; account: { id: string | number } } | null }>(token, "query { me { id account { id } } }");
  if (!me) throw new Error("monday did not say whose token MONDAY_API_TOKEN is");
  return { config, monday, caller: { accountId: String(me.account.id), userId: String(me.id) } };
}

async function requireBoard(s: Session, boardId: string): Promise<void> {
  if (!(await s.monday.visibleBoards(s.caller, [boardId])).has(boardId)) {
    throw new Error(`Board ${boardId} is not one the token's user can see in account ${s.caller.accountId}`);
  }
}

function describe(row: WebhookRow, publicUrl: string, atMonday: boolean | null): string {
  const origin = originOf(row);
  const made = origin === "oauth" ? "app OAuth token, signed" : origin === "personal_token" ? "personal token, unsigned" : "Webhooks recipe, unsigned";
  const config = row.config ? ` ${row.config}` : "";
  const monday = atMonday === null ? "" : atMonday ? "  at monday" : "  NOT at monday";
  const url = origin === "oauth" ? "" : `\n    ${webhookUrl(publicUrl, row.urlToken)}`;
  return `${row.id}  ${row.event}${config}  ${row.state}  (${made})${monday}${url}`;
}

async function create(io: CliIO, options: Options): Promise<number> {
  const board = boardOf(options);
  if (!options.event) throw new UsageError("--event is required");
  let config: unknown = undefined;
  if (options.config !== undefined) {
    try {
      config = JSON.parse(options.config);
    } catch {
      throw new UsageError(`--config must be JSON (got ${options.config})`);
    }
  }
  const body = createWebhookBody.safeParse({ event: options.event, ...(config === undefined ? {} : { config }) });
  if (!body.success) throw new UsageError(describeZodError(body.error));

  const s = await session(io);
  await requireBoard(s, board);
  return withDatabase(s.config, async (db) => {
    const { row, url } = await recordWebhook(db.prisma, s.config.publicUrl, {
      accountId: s.caller.accountId,
      boardId: board,
      event: body.data.event,
      config: body.data.config ?? null,
      origin: "personal_token",
      createdByUserId: s.caller.userId,
    });
    let mondayWebhookId: string;
    try {
      mondayWebhookId = (await s.monday.create(s.caller, { boardId: board, url, event: body.data.event, config: body.data.config ?? null })).id;
    } catch (error) {
      await markFailed(db.prisma, row.id);
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `monday did not create the webhook: ${reason}${/verif|challenge/i.test(reason) ? ` (is Hookboard running and reachable at ${s.config.publicUrl}?)` : ""}`,
      );
    }
    await markCreated(db.prisma, row.id, mondayWebhookId);
    if (options.json) {
      io.out(
        JSON.stringify({ id: row.id, mondayWebhookId, boardId: board, event: body.data.event, config: body.data.config ?? null, url, signed: false }, null, 2),
      );
    } else {
      io.out(`Created webhook ${row.id} (monday id ${mondayWebhookId}): ${body.data.event} on board ${board}`);
      io.out(`monday delivers to ${url}`);
      io.out("Made with a personal token: monday sends its events without a JWT; Hookboard stores them marked unsigned.");
    }
    return EXIT.ok;
  });
}

async function list(io: CliIO, options: Options): Promise<number> {
  const board = boardOf(options);
  const s = await session(io);
  await requireBoard(s, board);
  const atMonday = new Set((await s.monday.list(s.caller, board, { appOnly: false })).map((w) => w.id));
  return withDatabase(s.config, async (db) => {
    const rows = await db.prisma.boardWebhook.findMany({
      where: { accountId: s.caller.accountId, boardId: board, state: { in: LIVE_STATES } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const known = (row: WebhookRow) => (row.mondayWebhookId ? atMonday.has(row.mondayWebhookId) : null);
    if (options.json) {
      io.out(
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            event: r.event,
            config: r.config ? (JSON.parse(r.config) as unknown) : null,
            state: r.state,
            origin: originOf(r),
            signed: originOf(r) === "oauth",
            mondayWebhookId: r.mondayWebhookId,
            atMonday: known(r),
          })),
          null,
          2,
        ),
      );
      return EXIT.ok;
    }
    if (!rows.length) io.out(`Board ${board} has no webhooks in Hookboard.`);
    for (const row of rows) io.out(describe(row, s.config.publicUrl, known(row)));
    return EXIT.ok;
  });
}

async function remove(io: CliIO, id: string): Promise<number> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new UsageError(`"${id}" is not a Hookboard webhook id (see webhooks list)`);
  const s = await session(io);
  return withDatabase(s.config, async (db) => {
    const row = await liveRow(db.prisma, s.caller, id);
    if (row.mondayWebhookId && row.state !== "missing") {
      try {
        await s.monday.delete(s.caller, row.mondayWebhookId);
      } catch (error) {
        if (!(error instanceof MondayNotFoundError)) throw error;
      }
    }
    await db.prisma.boardWebhook.update({ where: { id: row.id }, data: { state: "deleted", deletedAt: new Date() } });
    io.out(`Deleted webhook ${row.id} (${row.event} on board ${row.boardId}); its URL now answers 410.`);
    if (originOf(row) === "recipe") io.out("It was pasted into the board's Webhooks recipe: remove the recipe in monday too.");
    return EXIT.ok;
  });
}

async function liveRow(prisma: PrismaClient, caller: Caller, id: string): Promise<WebhookRow> {
  const row = await prisma.boardWebhook.findFirst({ where: { id, accountId: caller.accountId, state: { in: LIVE_STATES } } });
  if (!row) throw new Error(`No webhook ${id} in account ${caller.accountId} (see webhooks list --board ID)`);
  return row;
}

export const webhooksCommand: CliCommand = {
  name: "webhooks",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs(args, OPTIONS, true);
    const [action, ...rest] = parsed.positionals;
    if (action === "create" || action === "list") {
      if (rest.length) throw new UsageError(`Unexpected argument "${rest[0]}"`);
      return action === "create" ? create(io, parsed.values) : list(io, parsed.values);
    }
    if (action === "delete") {
      if (rest.length !== 1) throw new UsageError("delete takes the webhook's id: webhooks delete ID");
      return remove(io, rest[0]!);
    }
    throw new UsageError(action ? `Unknown action "${action}"` : "Say what to do: create, list or delete");
  },
};
