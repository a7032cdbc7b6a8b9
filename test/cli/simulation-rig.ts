// A Hookboard on a fresh database for the command-line tests, and the ways to run a command against
// it: the real `hookboard` process, or the command's `run` in this process (same code, no cold start).
import { runCli } from "../../server/cli/main.ts";
import type { DbKind } from "../helpers/databases.ts";
import { eventually, startHookboard, testEnv, type RunningHookboard, type StartOptions } from "../helpers/hookboard-server.ts";
import { apiGet } from "../helpers/http.ts";
import { runHookboardCli, type CliRun } from "./run-cli.ts";

export interface CliRig {
  hb: RunningHookboard;
  /** the variables a developer's shell (or .env) would hold next to this server */
  env: Record<string, string>;
  cli(args: string[], extraEnv?: Record<string, string>): Promise<CliRun>;
  inProcess(args: string[], extraEnv?: Record<string, string>): Promise<CliRun>;
  stop(): Promise<void>;
}

export async function startCliRig(kind: DbKind, options: StartOptions = {}): Promise<CliRig> {
  // the simulator receives async results on 127.0.0.1, so the server must be allowed to call it
  const hb = await startHookboard({ kind, ...options, env: { MONDAY_CALLBACK_HOSTS: "monday.com,*.monday.com,127.0.0.1", ...options.env } });
  const env = testEnv({ PUBLIC_URL: hb.url, DATABASE_URL: hb.database.url });
  return {
    hb,
    env,
    cli: (args, extraEnv = {}) => runHookboardCli(args, { env: { ...env, ...extraEnv } }),
    async inProcess(args, extraEnv = {}) {
      let stdout = "";
      let stderr = "";
      const code = await runCli(args, { out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`), env: { ...env, ...extraEnv }, cwd: process.cwd() });
      return { code, stdout, stderr };
    },
    stop: () => hb.stop({ drop: true }),
  };
}

export interface ApiDelivery {
  id: string;
  source: "board" | "lifecycle" | "feature" | "task";
  type: string;
  status: string;
  attempts: number;
  boardId: string | null;
  mode?: string | null;
  callbackStatus?: string | null;
}

/** Every delivery of the account, through the board view's API. */
export async function deliveriesOf(hb: RunningHookboard, accountId: string, query = ""): Promise<ApiDelivery[]> {
  const all: ApiDelivery[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { deliveries: ApiDelivery[]; nextCursor: string | null } } = await apiGet(
      hb.url,
      `/api/deliveries?limit=200${query}${cursor ? `&cursor=${cursor}` : ""}`,
      { accountId },
    );
    if (res.status !== 200) throw new Error(`GET /api/deliveries answered ${res.status}`);
    all.push(...res.body.deliveries);
    cursor = res.body.nextCursor;
  } while (cursor);
  return all;
}

/** Waits until the worker has applied `count` deliveries of the account. */
/** Waits until the `count` deliveries monday sent for the account are done (and the tasks their handlers left too). */
export function allDone(hb: RunningHookboard, accountId: string, count: number): Promise<ApiDelivery[]> {
  return eventually(
    async () => {
      const all = await deliveriesOf(hb, accountId);
      const rows = all.filter((d) => d.source !== "task");
      return rows.length === count && all.every((d) => d.status === "done") ? rows : null;
    },
    20_000,
    `${count} deliveries of account ${accountId} done`,
  );
}

/** The JSON document `simulate --json` prints. */
export interface SimulationReport {
  ok: boolean;
  seed: number | null;
  webhooks: { event: string; webhookId: string | null; origin: "view" | "simulator" | "url"; recorded: boolean; echoed: boolean; status: number }[];
  sent: {
    event: string;
    kind: string;
    index: number;
    again: boolean;
    status: number;
    answer: { deliveryId?: string; duplicate?: boolean; success?: boolean; error?: { code: string } } | null;
    hint: string | null;
    eventId?: string;
  }[];
  callbacks: { event: string; eventId: string | null; body: unknown }[];
}

export function reportOf(run: CliRun): SimulationReport {
  try {
    return JSON.parse(run.stdout) as SimulationReport;
  } catch {
    throw new Error(`simulate did not print JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}
