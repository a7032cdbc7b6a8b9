// `npx hookboard reconcile [--dry-run] [--account ID]`: brings every account's install and subscription
// state in line with monday's records (app_installs, app_subscriptions). Corrections are stored like
// deliveries, marked as coming from monday's records; the worker of a running Hookboard on the same
// database applies them (and runs the handlers, e.g. the uninstall cleanup of an uninstall monday never
// delivered).
import { Inbox } from "../inbox/inbox.ts";
import { Metrics } from "../ops/metrics.ts";
import { reconcileApi, Reconciler, type ReconcileResult } from "../reconcile/reconcile.ts";
import { cliConfig, withDatabase } from "./cli-database.ts";
import { EXIT, UsageError, type CliCommand, type CliIO, parseCommandArgs } from "./command.ts";

const USAGE = `Usage: npx hookboard reconcile [--dry-run] [--account <id>] [--json]

Reads monday's records of every install and subscription of the app (app_installs, app_subscriptions)
and corrects the state Hookboard keeps where it differs: accounts that installed before Hookboard was
deployed appear, and a state that drifted because an event was lost is put right. Each correction is
an entry in the account's timeline marked as coming from monday's records, dated when they were read:
an event monday dated later still wins over it. The worker of a running Hookboard on the same database
(DATABASE_URL) applies the corrections. One reconciliation runs at a time across all processes.

  --dry-run        print what would change and change nothing
  --account <id>   only this account
  --json           print JSON

Environment:
  MONDAY_API_TOKEN  a personal API token of one of the app's collaborators (required)
  MONDAY_APP_ID     the app's id (required)
  DATABASE_URL, MONDAY_API_URL, MONDAY_API_VERSION  as the server reads them`;

const OPTIONS = {
  "dry-run": { type: "boolean" },
  account: { type: "string" },
  json: { type: "boolean" },
} as const;

function read(args: string[]) {
  const { values } = parseCommandArgs(args, OPTIONS, false);
  if (values.account !== undefined && !/^\d{1,20}$/.test(values.account)) throw new UsageError("--account must be a monday account id (digits)");
  return { dryRun: values["dry-run"] ?? false, accountId: values.account, json: values.json ?? false };
}

function describe(io: CliIO, result: ReconcileResult & { outcome: "done" }): void {
  const verb = result.dryRun ? "would store" : "stored";
  io.out(`Read monday's records at ${result.readAt.toISOString()}: ${result.installsRead} install(s), ${result.subscriptionsRead} subscription record(s).`);
  if (!result.corrections.length) io.out("Everything is in line: nothing to correct.");
  for (const c of result.corrections) io.out(`  account ${c.accountId}: ${c.type} (${c.reason})`);
  if (result.corrections.length) {
    io.out(
      result.dryRun
        ? `Dry run: ${verb} ${result.corrections.length} correction(s); nothing was changed.`
        : `${result.corrections.length} correction(s) ${verb}; the worker of a running Hookboard on this database applies them.`,
    );
  }
  if (result.waiting.length) io.out(`Left for the next run (events of theirs are waiting to be applied): account ${result.waiting.join(", ")}`);
}

export const reconcileCommand: CliCommand = {
  name: "reconcile",
  usage: USAGE,
  async run(args, io) {
    const o = read(args);
    const token = io.env.MONDAY_API_TOKEN?.trim();
    const appId = io.env.MONDAY_APP_ID?.trim();
    if (!token) throw new UsageError("MONDAY_API_TOKEN is not set: use a personal API token of one of the app's collaborators");
    if (!appId || !/^\d+$/.test(appId)) throw new UsageError("MONDAY_APP_ID must be set to the app's id (Developer Center → your app)");
    const config = cliConfig(io);
    return withDatabase(config, async (db) => {
      const reconciler = new Reconciler(db.prisma, new Inbox(db, new Metrics()), { api: reconcileApi(config), token, appId });
      const result = await reconciler.run({ dryRun: o.dryRun, ...(o.accountId ? { accountId: o.accountId } : {}) });
      if (result.outcome === "busy") {
        if (o.json) io.out(JSON.stringify({ outcome: "busy" }));
        else io.err("Another process is reconciling right now; its run covers this one.");
        return EXIT.ok;
      }
      if (o.json) io.out(JSON.stringify(result, null, 2));
      else describe(io, result);
      return EXIT.ok;
    });
  },
};
