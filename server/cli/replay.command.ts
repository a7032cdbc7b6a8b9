// `npx hookboard replay <deliveryId>`: processes a stored delivery again. It goes back to pending
// with a fresh budget of attempts, and the worker of a running Hookboard on the same database
// applies it as if it had just arrived. A delivery in a worker's hands is left alone; a done one
// only with --force, because applying it again is safe only for idempotent handlers.
import type { PrismaClient } from "../db/client.ts";
import { requeue } from "../inbox/claims.ts";
import { cliConfig, withDatabase } from "./cli-database.ts";
import { EXIT, UsageError, type CliCommand, type CliIO, parseCommandArgs } from "./command.ts";
import { DELIVERY_FACTS, deliveryJson, deliveryLine, type DeliveryFacts } from "./delivery-lines.ts";

const USAGE = `Usage: npx hookboard replay <deliveryId> [--force] [--wait <seconds>] [--json]

Processes a stored delivery again: it becomes pending with a fresh budget of attempts, and the
worker of a running Hookboard on the same database (DATABASE_URL) applies it. Use it for a dead
delivery once the cause of its failures is fixed (\`npx hookboard deliveries --status dead\` lists them).

  --force          also replay a delivery that is done. Its handler runs again with the same event:
                   safe only when the handler is idempotent. Hookboard's own are (a lifecycle event is
                   recorded once and state only moves to newer events; a board delivery only moves its
                   webhook's last delivery time; a feature event's outcome and back_to_url result are
                   recorded once), but the app's own handlers run again
  --wait <seconds> how long to watch for the outcome (default 15; 0: do not wait)
  --json           print JSON`;

const OPTIONS = {
  force: { type: "boolean" },
  wait: { type: "string" },
  json: { type: "boolean" },
} as const;

/** monday takes an async feature result only this long after it sent the event */
const FEATURE_CALLBACK_WINDOW_MS = 5 * 60_000;
const POLL_MS = 200;

function read(args: string[]) {
  const parsed = parseCommandArgs(args, OPTIONS, true);
  const [id, ...extra] = parsed.positionals;
  if (!id) throw new UsageError("Name the delivery to replay (its id, from `npx hookboard deliveries`)");
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}"`);
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new UsageError(`"${id}" is not a delivery id`);
  const wait = parsed.values.wait === undefined ? 15 : Number(parsed.values.wait);
  if (!Number.isInteger(wait) || wait < 0 || wait > 600) throw new UsageError("--wait must be a whole number of seconds from 0 to 600");
  return { id, force: parsed.values.force ?? false, waitMs: wait * 1000, json: parsed.values.json ?? false };
}

type Outcome = "reset" | "done" | "dead" | "retrying" | "not_picked_up";

async function watch(prisma: PrismaClient, id: string, waitMs: number): Promise<{ outcome: Outcome; row: DeliveryFacts | null }> {
  const deadline = Date.now() + waitMs;
  let row: DeliveryFacts | null = null;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    row = await prisma.delivery.findUnique({ where: { id }, select: DELIVERY_FACTS });
    if (!row) break;
    if (row.status === "done" || row.status === "dead") return { outcome: row.status, row };
    if (row.status === "retrying") return { outcome: "retrying", row };
  }
  return { outcome: waitMs === 0 ? "reset" : "not_picked_up", row };
}

async function replay(io: CliIO, prisma: PrismaClient, o: ReturnType<typeof read>): Promise<number> {
  const say = (line: string) => {
    if (!o.json) io.out(line);
  };
  const found = await prisma.delivery.findUnique({
    where: { id: o.id },
    select: { ...DELIVERY_FACTS, claimToken: true, claimExpiresAt: true, claimedBy: true },
  });
  if (!found) {
    io.err(`No delivery ${o.id} in this database (DATABASE_URL): \`npx hookboard deliveries\` lists them.`);
    return EXIT.failed;
  }
  const now = new Date();
  if (found.claimToken && found.claimExpiresAt && found.claimExpiresAt > now) {
    io.err(`Delivery ${o.id} is being processed right now (by ${found.claimedBy ?? "a worker"}); replay it once that attempt has ended.`);
    return EXIT.failed;
  }
  if (found.status === "done" && !o.force) {
    io.err(
      [
        `Delivery ${o.id} is done: it was applied${found.processedAt ? ` at ${found.processedAt.toISOString()}` : ""}.`,
        "Replaying it runs its handler again with the same event, which is safe only for idempotent handlers.",
        "Hookboard's own are (a lifecycle event is recorded once and state only moves to newer events; a board delivery",
        "only moves its webhook's last delivery time; a feature event's outcome and back_to_url result are recorded once),",
        "but the app's own handlers run again. To replay it anyway:",
        `  npx hookboard replay ${o.id} --force`,
      ].join("\n"),
    );
    return EXIT.failed;
  }

  const requeued = await requeue(prisma, o.id, { allowDone: o.force });
  if (!requeued.requeued) {
    io.err(`Delivery ${o.id} changed while it was being replayed (a worker took it); look at it again with \`npx hookboard deliveries\`.`);
    return EXIT.failed;
  }
  say(`Replaying ${deliveryLine(found)}`);
  say(
    `It was ${found.status} after ${found.attempts} attempt(s)${found.lastError ? ` (last error: ${found.lastError})` : ""}; it is pending again with a fresh budget of attempts.`,
  );
  if (found.source === "feature" && now.getTime() - found.receivedAt.getTime() > FEATURE_CALLBACK_WINDOW_MS) {
    say("monday takes an async feature result only within 5 minutes of sending the event: its outcome is recorded again, but no result goes to back_to_url.");
  }

  const { outcome, row } = await watch(prisma, o.id, o.waitMs);
  if (o.json) io.out(JSON.stringify({ id: o.id, previousStatus: found.status, outcome, delivery: row ? deliveryJson(row) : null }, null, 2));
  switch (outcome) {
    case "reset":
      say("A running Hookboard worker on this database applies it shortly.");
      return EXIT.ok;
    case "done":
      say(`Applied: done${row?.processedAt ? ` at ${row.processedAt.toISOString()}` : ""}.`);
      return EXIT.ok;
    case "dead":
      say(`It failed again on its last attempt and is dead: ${row?.lastError ?? "no error recorded"}`);
      return EXIT.failed;
    case "retrying":
      say(`It failed again (${row?.lastError ?? "no error recorded"}); the worker tries again at ${row?.nextAttemptAt.toISOString()}.`);
      return EXIT.failed;
    case "not_picked_up":
      say(
        `No worker applied it within ${o.waitMs / 1000} s. It stays pending: is Hookboard running on this database with its worker (WORKER_ENABLED is not false)?`,
      );
      return EXIT.failed;
  }
}

export const replayCommand: CliCommand = {
  name: "replay",
  usage: USAGE,
  async run(args, io) {
    const o = read(args);
    return withDatabase(cliConfig(io), (db) => replay(io, db.prisma, o));
  },
};
