// `npx hookboard deliveries`: the stored deliveries, newest first, from the database Hookboard
// uses; `--status dead` lists the ones the worker gave up on, to replay once their cause is fixed.
import { cliConfig, withDatabase } from "./cli-database.ts";
import { EXIT, UsageError, type CliCommand, parseCommandArgs } from "./command.ts";
import { DELIVERY_SOURCES } from "../inbox/delivery.ts";
import { DELIVERY_FACTS, DELIVERY_STATUSES, deliveryJson, deliveryLine } from "./delivery-lines.ts";

const USAGE = `Usage: npx hookboard deliveries [options]

Lists stored deliveries, newest first, with their status, attempts and last error (never their
payload), from the database in DATABASE_URL (the same configuration and .env as the server).

Options:
  --status <status>   only ${DELIVERY_STATUSES.join(", ")} (dead: the worker gave up after its last attempt)
  --source <source>   only ${DELIVERY_SOURCES.join(", ")}
  --account <id>      only this account's
  --board <id>        only this board's
  --limit <n>         at most n (default 20, at most 1000)
  --json              print JSON

A dead delivery is processed again with \`npx hookboard replay <deliveryId>\`.`;

const OPTIONS = {
  status: { type: "string" },
  source: { type: "string" },
  account: { type: "string" },
  board: { type: "string" },
  limit: { type: "string" },
  json: { type: "boolean" },
} as const;

function read(args: string[]) {
  const parsed = parseCommandArgs(args, OPTIONS, false);
  const o = parsed.values;
  if (o.status !== undefined && !(DELIVERY_STATUSES as readonly string[]).includes(o.status))
    throw new UsageError(`--status must be one of ${DELIVERY_STATUSES.join(", ")}`);
  if (o.source !== undefined && !(DELIVERY_SOURCES as readonly string[]).includes(o.source))
    throw new UsageError(`--source must be one of ${DELIVERY_SOURCES.join(", ")}`);
  for (const name of ["account", "board"] as const) {
    if (o[name] !== undefined && !/^\d{1,20}$/.test(o[name])) throw new UsageError(`--${name} must be a monday id (digits)`);
  }
  const limit = o.limit === undefined ? 20 : Number(o.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError("--limit must be a whole number from 1 to 1000");
  return { ...o, limit };
}

export const deliveriesCommand: CliCommand = {
  name: "deliveries",
  usage: USAGE,
  async run(args, io) {
    const o = read(args);
    const config = cliConfig(io);
    const rows = await withDatabase(config, (db) =>
      db.prisma.delivery.findMany({
        where: {
          ...(o.status ? { status: o.status } : {}),
          ...(o.source ? { source: o.source } : {}),
          ...(o.account ? { accountId: o.account } : {}),
          ...(o.board ? { boardId: o.board } : {}),
        },
        orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
        take: o.limit,
        select: DELIVERY_FACTS,
      }),
    );
    if (o.json) {
      io.out(JSON.stringify(rows.map(deliveryJson), null, 2));
      return EXIT.ok;
    }
    const what = [o.status, o.source].filter(Boolean).join(" ");
    if (!rows.length) {
      io.out(`No ${what ? `${what} ` : ""}deliveries${o.account ? ` of account ${o.account}` : ""}${o.board ? ` on board ${o.board}` : ""}.`);
      return EXIT.ok;
    }
    io.out(
      `${rows.length} ${what ? `${what} ` : ""}deliver${rows.length === 1 ? "y" : "ies"}, newest first${rows.length === o.limit ? ` (the first ${o.limit}: --limit shows more)` : ""}:`,
    );
    for (const row of rows) {
      io.out(deliveryLine(row));
      if (row.lastError && row.status !== "done") io.out(`    last error: ${row.lastError}`);
    }
    if (rows.some((r) => r.status === "dead")) io.out("Process a dead delivery again, once its cause is fixed: npx hookboard replay <deliveryId>");
    return EXIT.ok;
  },
};
