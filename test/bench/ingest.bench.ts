// `npm run bench`: every figure of Hookboard's speed targets in one run, on SQLite and PostgreSQL,
// each next to its target. Hookboard runs as `npm start` runs it (the production build, its own
// process); the load comes from this process (autocannon); the reference, a bare Express 5 JSON echo
// in its own process, is measured right before each Hookboard route in every round, so a ratio
// compares two measurements taken moments apart on the same machine. Requests come from 500
// accounts (each delivery unique, every one verified); answers other than 2xx are counted apart
// and fail the run. Every figure is a median with its spread (lowest–highest) over the rounds.
//
//   npm run bench                          # 3 rounds of 10 s per route, 32 connections, both databases
//   npm run bench -- --quick               # 1 round of 3 s, smaller backlogs: a smoke run
//   npm run bench -- --databases sqlite --rounds 5 --duration 5 --accounts 500
import { spawn, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ensureServerBuilt } from "../../scripts/build.mjs";
import { createDb, type Db } from "../../server/db/client.ts";
import { intakeWriter } from "../../server/inbox/intake-writer.ts";
import { newUrlToken } from "../../server/board-webhooks/webhook-url.ts";
import { datToken, sessionToken, webhookToken } from "../../server/test-kit/monday-tokens.ts";
import { connectThroughBrowser } from "../../server/test-kit/monday/oauth.ts";
import { startBoardsMonday } from "../../server/test-kit/monday/webhooks.ts";
import { createTestDatabase, postgresReachable, type DbKind } from "../helpers/databases.ts";
import { testEnv } from "../helpers/hookboard-server.ts";
import { request } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { insertDeliveries } from "../helpers/stored-deliveries.ts";
import { freePort } from "../helpers/server-process.ts";
import { measure, type LoadResult, type LoadSpec } from "./load.ts";
import { startHookboardProcess, startReference, type Running } from "./processes.ts";
import { figureOf, formatFigure, type Figure } from "./stats.ts";
import { measureViewNavigation } from "./view-navigation.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    duration: { type: "string" },
    rounds: { type: "string" },
    connections: { type: "string", default: "32" },
    accounts: { type: "string", default: "500" },
    databases: { type: "string", default: "sqlite,postgresql" },
    "drain-count": { type: "string" },
    "stored-deliveries": { type: "string" },
    view: { type: "boolean", default: true },
    only: { type: "string" },
  },
  allowNegative: true,
});
const quick = values.quick!;
const durationSeconds = Number(values.duration ?? (quick ? 3 : 10));
const rounds = Number(values.rounds ?? (quick ? 1 : 3));
const connections = Number(values.connections);
const accounts = Number(values.accounts);
const drainCount = Number(values["drain-count"] ?? (quick ? 5_000 : 20_000));
const storedDeliveries = Number(values["stored-deliveries"] ?? (quick ? 20_000 : 100_000));
/** phases to run (default all): web, one, drain, list, cold, help, view */
const only = new Set((values.only ?? "web,one,drain,list,cold,help,view").split(","));
const wanted = values.databases!.split(",") as DbKind[];
const databases: DbKind[] = wanted.includes("sqlite") ? ["sqlite"] : [];
if (wanted.includes("postgresql")) {
  if (await postgresReachable()) databases.push("postgresql");
  else console.warn("PostgreSQL is not reachable: measuring SQLite only");
}

const FIRST_ACCOUNT = 900_000;
const accountOf = (n: number) => FIRST_ACCOUNT + (n % accounts);
// Lifecycle events are dated in the past, a millisecond apart: Hookboard refuses one dated ahead of
// its clock (or of the token that carries it), as it would a forged one.
const T0 = Date.now() - 10 * 86_400_000;
// one counter for every lifecycle body of the run, so no phase repeats another's deliveries
let sequence = 0;

interface Row {
  figure: string;
  database: string;
  value: string;
  target: string;
  met: boolean | null;
}
const rows: Row[] = [];
const failures: string[] = [];

function row(figure: string, database: string, value: string, target: string, met: boolean | null) {
  rows.push({ figure, database, value, target, met });
  console.log(`  ${figure} (${database}): ${value}  [target ${target}${met === null ? "" : met ? ", met" : ", MISSED"}]`);
}

function checkAnswers(r: LoadResult) {
  if (r.non2xx || r.errors) failures.push(`${r.name}: ${r.non2xx} non-2xx answers and ${r.errors} errors out of ${r.requests} requests`);
}

/** One token per account for a URL, signed as monday signs it; reused, but verified on every request. */
async function tokensFor(sign: (account: number) => Promise<string>): Promise<string[]> {
  return Promise.all(Array.from({ length: accounts }, (_, i) => sign(accountOf(i))));
}

async function lifecycleSpec(name: string, base: string): Promise<LoadSpec> {
  const path = "/webhooks/lifecycle";
  const tokens = await tokensFor((account) => webhookToken(account, { audience: base + path, expiresIn: 3600 }));
  return {
    name,
    url: base,
    path,
    request: (n) => {
      const body = lifecycleBody("app_subscription_renewed", {
        accountId: accountOf(n),
        timestamp: new Date(T0 + sequence++).toISOString(),
      });
      return { body: JSON.stringify(body), headers: { authorization: tokens[n % accounts]! } };
    },
  };
}

async function featureSpec(name: string, base: string, mode: "sync" | "async"): Promise<LoadSpec> {
  const path = `/webhooks/features/${mode}`;
  const tokens = await tokensFor((account) => datToken({ account_id: account, user_id: 4242, app_id: 10000001 }, { audience: base + path, expiresIn: 3600 }));
  const type = mode === "sync" ? "AppFeatureObject:update_attributes" : "AppFeatureObject:publish";
  // nothing listens there: the web process has no worker, and a callback is the worker's
  const backToUrl = "http://127.0.0.1:9/api/webhooks/response/bench";
  const bodies = Array.from({ length: accounts }, (_, i) =>
    JSON.stringify({
      type,
      payload: { objectId: 123, boardId: 1771812698 },
      accountId: accountOf(i),
      userId: 4242,
      ...(mode === "async" ? { back_to_url: backToUrl } : {}),
    }),
  );
  return {
    name,
    url: base,
    path,
    request: (n) => ({ body: bodies[n % accounts]!, headers: { authorization: tokens[n % accounts]!, "x-apps-event-id": randomUUID() } }),
  };
}

/** One active webhook per account, as Hookboard stores the webhooks it created at monday. */
async function boardSpec(name: string, base: string, db: Db): Promise<LoadSpec> {
  const hooks = Array.from({ length: accounts }, (_, i) => ({
    id: randomUUID(),
    accountId: String(accountOf(i)),
    boardId: String(5_000_000 + i),
    event: "create_item",
    urlToken: newUrlToken(),
    mondayWebhookId: String(80_000_000 + i),
    state: "active",
    viaOAuth: true,
  }));
  await db.prisma.boardWebhook.createMany({ data: hooks });
  const paths = hooks.map((h) => `/webhooks/board/${h.urlToken}`);
  const tokens = await Promise.all(hooks.map((h, i) => webhookToken(Number(h.accountId), { audience: base + paths[i], expiresIn: 3600 })));
  return {
    name,
    url: base,
    path: paths[0]!,
    request: (n) => {
      const i = n % accounts;
      const body = JSON.stringify({
        event: {
          userId: 9603417,
          originalTriggerUuid: null,
          boardId: Number(hooks[i]!.boardId),
          pulseId: 1772099344,
          pulseName: "Create_item webhook",
          groupId: "topics",
          app: "monday",
          type: "create_pulse",
          triggerTime: new Date().toISOString(),
          subscriptionId: 73759690,
          triggerUuid: randomBytes(16).toString("hex"),
        },
      });
      return { path: paths[i]!, body, headers: { authorization: tokens[i]! } };
    },
  };
}

const echoSpec = (echo: Running): LoadSpec => {
  const sample = JSON.stringify(lifecycleBody("app_subscription_renewed"));
  return { name: "bare Express 5 JSON echo", url: echo.url, path: "/echo", request: () => ({ body: sample, headers: {} }) };
};

const load = (spec: LoadSpec, seconds = durationSeconds) => measure(spec, { connections, durationSeconds: seconds });

/** Each round: the echo, then Hookboard's route; ratios per round. */
async function interleaved(echo: LoadSpec, spec: LoadSpec, during?: () => Promise<() => Promise<number>>) {
  await load(echo, Math.min(2, durationSeconds));
  await load(spec, Math.min(2, durationSeconds)); // warm-up: JIT, caches, prepared statements
  const rps: number[] = [];
  const p99: number[] = [];
  const extra: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const e = await load(echo);
    checkAnswers(e);
    const end = during ? await during() : null;
    const h = await load(spec);
    if (end) extra.push(await end());
    checkAnswers(h);
    rps.push(h.rps / e.rps);
    p99.push(h.p99 / Math.max(1, e.p99));
    console.log(`    round ${r + 1}: ${spec.name} ${h.rps.toFixed(0)} req/s p99 ${h.p99} ms; echo ${e.rps.toFixed(0)} req/s p99 ${e.p99} ms`);
  }
  return { rps: figureOf(rps), p99: figureOf(p99), extra: figureOf(extra) };
}

const unfinished = (db: Db) => db.prisma.delivery.count({ where: { status: { in: ["pending", "retrying"] } } });

async function webProcessFigures(kind: DbKind, echo: LoadSpec) {
  const database = await createTestDatabase(kind);
  const db = createDb(database.url);
  const hb = await startHookboardProcess(database.url, { WORKER_ENABLED: "false", MONDAY_CALLBACK_HOSTS: "127.0.0.1" });
  try {
    const specs = [
      await lifecycleSpec("POST /webhooks/lifecycle", hb.url),
      await boardSpec("POST /webhooks/board/:token", hb.url, db),
      await featureSpec("POST /webhooks/features/sync", hb.url, "sync"),
      await featureSpec("POST /webhooks/features/async", hb.url, "async"),
    ];
    for (const spec of specs) {
      const { rps, p99 } = await interleaved(echo, spec);
      row(`${spec.name}, web process: req/s ÷ echo`, kind, formatFigure(rps, 2), "≥ 0.9", rps.median >= 0.9);
      row(`${spec.name}, web process: p99 ÷ echo p99`, kind, formatFigure(p99, 2), "≤ 1.5", p99.median <= 1.5);
    }
  } finally {
    await hb.stop();
    await db.close();
    await database.drop();
  }
}

async function oneProcessFigures(kind: DbKind, echo: LoadSpec) {
  const database = await createTestDatabase(kind);
  const db = createDb(database.url);
  const hb = await startHookboardProcess(database.url);
  try {
    const spec = await lifecycleSpec("POST /webhooks/lifecycle, worker on", hb.url);
    // the backlog before and after each measured window: growing means the worker falls behind
    const { rps, extra } = await interleaved(echo, spec, async () => {
      const before = await unfinished(db);
      return async () => ((await unfinished(db)) - before) / durationSeconds;
    });
    row("POST /webhooks/lifecycle, one process with its worker: req/s ÷ echo", kind, formatFigure(rps, 2), "≥ 0.6", rps.median >= 0.6);
    const leftAfter = await unfinished(db);
    row(
      "  backlog growth while ingesting (deliveries/s; left at the end)",
      kind,
      `${formatFigure(extra, 0)}; ${leftAfter.toLocaleString("en")} left`,
      "≤ 0 (not growing)",
      extra.median <= 0,
    );
  } finally {
    await hb.stop();
    await db.close();
    await database.drop();
  }
}

/** A backlog written as intake writes it, then a worker-only process on it; deliveries applied per second. */
async function drainFigures(kind: DbKind) {
  const database = await createTestDatabase(kind);
  const db = createDb(database.url);
  await db.migrate();
  const writer = intakeWriter(db.driver);
  const rates: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < drainCount; i += 500) {
        const batch = Array.from({ length: Math.min(500, drainCount - i) }, () => {
          const n = sequence++;
          const body = lifecycleBody(n % 7 === 0 ? "app_subscription_changed" : "app_subscription_renewed", {
            accountId: accountOf(n),
            timestamp: new Date(T0 + n).toISOString(),
          });
          return {
            id: randomUUID(),
            delivery: {
              source: "lifecycle" as const,
              type: body.type,
              idempotencyKey: `bench:drain:${n}`,
              accountId: String(accountOf(n)),
              payload: JSON.stringify(body),
            },
          };
        });
        await writer.write(batch, new Date());
      }
      const started = Date.now();
      const worker = await startHookboardProcess(database.url, { WEB_ENABLED: "false" });
      while ((await unfinished(db)) > 0) await new Promise((r) => setTimeout(r, 100));
      await worker.stop();
      // from the first batch's commit to the last: the process's start is not the worker's pace
      const done = await db.prisma.delivery.findMany({
        where: { status: "done", processedAt: { gte: new Date(started - 1000) } },
        select: { processedAt: true },
      });
      const times = done.map((d) => d.processedAt!.getTime()).sort((a, b) => a - b);
      const first = times[0]!;
      const firstBatch = times.filter((t) => t === first).length;
      const span = (times.at(-1)! - first) / 1000;
      const rate = span > 0 ? (times.length - firstBatch) / span : Number.NaN;
      rates.push(rate);
      console.log(`    round ${r + 1}: ${times.length} deliveries applied in ${span.toFixed(2)} s after the first batch: ${rate.toFixed(0)}/s`);
    }
    const target = kind === "sqlite" ? 10_000 : 5_000;
    const drain = figureOf(rates);
    row(
      `worker drain rate, ${drainCount.toLocaleString("en")} lifecycle deliveries of ${accounts} accounts (deliveries/s)`,
      kind,
      formatFigure(drain, 0),
      `≥ ${target.toLocaleString("en")}`,
      drain.median >= target,
    );
  } finally {
    await db.close();
    await database.drop();
  }
}

async function webhookListFigures(kind: DbKind) {
  const monday = await startBoardsMonday();
  const BOARD = "1771812698";
  const user = { accountId: String(FIRST_ACCOUNT), userId: "4242" };
  monday.boards.addBoard(user.accountId, BOARD);
  const database = await createTestDatabase(kind);
  const db = createDb(database.url);
  const hb = await startHookboardProcess(database.url, monday.env());
  try {
    monday.oauth.signedIn = user;
    const visit = await connectThroughBrowser(hb.url, user);
    if (visit.status !== 200) throw new Error(`OAuth connect failed: ${visit.status}`);
    const created = await request<{ id: string }>(`${hb.url}/api/boards/${BOARD}/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: await sessionToken(user) },
      body: JSON.stringify({ event: "create_item" }),
    });
    if (created.status !== 201) throw new Error(`creating the webhook failed: ${created.status} ${JSON.stringify(created.body)}`);
    const webhookId = created.body.id;
    // spread over two days, one in fifty dead; counted into the webhook's buckets as intake counts them
    await insertDeliveries(db, {
      webhookId,
      count: storedDeliveries,
      newest: new Date(Date.now() - 1000),
      spreadMinutes: 2880,
      failed: Math.floor(storedDeliveries / 50),
      failedAs: "dead",
    });
    const token = await sessionToken(user, { expiresIn: 3600 });
    const p99: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const result = await measure(
        {
          name: "GET /api/boards/:id/webhooks",
          url: hb.url,
          path: `/api/boards/${BOARD}/webhooks`,
          method: "GET",
          request: () => ({ headers: { authorization: token } }),
        },
        { connections: 4, durationSeconds: Math.min(10, durationSeconds) },
      );
      checkAnswers(result);
      p99.push(result.p99);
    }
    const list = figureOf(p99);
    row(
      `GET /api/boards/:id/webhooks, ${storedDeliveries.toLocaleString("en")} deliveries stored, 4 connections: p99`,
      kind,
      formatFigure(list, 0, " ms"),
      "≤ 20 ms",
      list.median <= 20,
    );
  } finally {
    await hb.stop();
    await db.close();
    await database.drop();
    await monday.stop();
  }
}

/** `node dist/server/main.js` (what `npm start` runs once built) on a migrated database, to its first 200 on a webhook. */
async function coldStartFigures(kind: DbKind) {
  const database = await createTestDatabase(kind);
  const db = createDb(database.url);
  await db.migrate();
  await db.close();
  const times: number[] = [];
  try {
    for (let r = 0; r < (quick ? 3 : 5); r++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const token = await webhookToken(FIRST_ACCOUNT, { audience: `${url}/webhooks/lifecycle`, expiresIn: 3600 });
      const body = JSON.stringify(lifecycleBody("install", { accountId: FIRST_ACCOUNT, timestamp: new Date(T0 + sequence++).toISOString() }));
      const env = {
        ...process.env,
        ...testEnv({ PORT: String(port), PUBLIC_URL: url, DATABASE_URL: database.url, LOG_LEVEL: "warn" }),
      };
      const started = performance.now();
      const child = spawn(process.execPath, [join(ROOT, "dist/server/main.js")], { cwd: ROOT, env, stdio: "ignore" });
      let elapsed = Number.NaN;
      for (let tries = 0; tries < 3000 && child.exitCode === null; tries++) {
        try {
          const res = await fetch(`${url}/webhooks/lifecycle`, { method: "POST", headers: { "content-type": "application/json", authorization: token }, body });
          if (res.status === 200) {
            elapsed = performance.now() - started;
            break;
          }
          failures.push(`cold start: the first webhook was answered ${res.status}`);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 2));
        }
      }
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode === null ? child.once("exit", r) : r(null)));
      times.push(elapsed);
    }
    const cold = figureOf(times);
    row("cold start of the production build to the first acknowledged webhook", kind, formatFigure(cold, 0, " ms"), "≤ 1,000 ms", cold.median <= 1000);
  } finally {
    await database.drop();
  }
}

function helpFigures() {
  const time = (command: string, args: string[]) => {
    const samples: number[] = [];
    for (let r = 0; r < (quick ? 3 : 5); r++) {
      const started = performance.now();
      const run = spawnSync(command, args, { cwd: ROOT, stdio: "ignore", env: { ...process.env, npm_config_update_notifier: "false" } });
      if (run.status !== 0) failures.push(`${command} ${args.join(" ")} exited with ${run.status}`);
      samples.push(performance.now() - started);
    }
    return figureOf(samples);
  };
  spawnSync(process.execPath, [join(ROOT, "bin/hookboard.mjs"), "--help"], { cwd: ROOT, stdio: "ignore" }); // warm the file cache
  const npx = time("npx", ["hookboard", "--help"]);
  row("npx hookboard --help", "-", formatFigure(npx, 0, " ms"), "≤ 500 ms", npx.median <= 500);
  const direct = time(process.execPath, [join(ROOT, "bin/hookboard.mjs"), "--help"]);
  row("  of which the command itself (node bin/hookboard.mjs --help)", "-", formatFigure(direct, 0, " ms"), "-", null);
  const bare = time(process.execPath, ["-e", ""]);
  row("  and a bare node -e '' for comparison", "-", formatFigure(bare, 0, " ms"), "-", null);
}

// ---------------------------------------------------------------------------------------------
await ensureServerBuilt();
console.log(
  `Hookboard benchmark: ${quick ? "quick, " : ""}${rounds} round(s) of ${durationSeconds} s per route, ${connections} connections, ${accounts} accounts, Node ${process.version}, ${new Date().toISOString()}`,
);
const echoServer = await startReference();
const echo = echoSpec(echoServer);
try {
  for (const kind of databases) {
    const phases: [string, string, () => Promise<void>][] = [
      ["web", "webhook routes on a web process (WORKER_ENABLED=false)", () => webProcessFigures(kind, echo)],
      ["one", "one process with its worker (the default npm start), sustained", () => oneProcessFigures(kind, echo)],
      ["drain", "worker drain rate", () => drainFigures(kind)],
      ["list", "the board view's webhook list", () => webhookListFigures(kind)],
      ["cold", "cold start", () => coldStartFigures(kind)],
    ];
    for (const [name, title, run] of phases) {
      if (!only.has(name)) continue;
      console.log(`\n${kind}: ${title}`);
      await run();
    }
  }
} finally {
  await echoServer.stop();
}
if (only.has("help")) {
  console.log("\nnpx hookboard --help");
  helpFigures();
}
if (values.view && only.has("view")) {
  console.log("\nboard view in Chromium");
  try {
    const nav: Figure = await measureViewNavigation(quick ? 3 : 7);
    row("board view: navigation → webhooks table visible (median)", "sqlite", formatFigure(nav, 0, " ms"), "< 1,000 ms", nav.median < 1000);
  } catch (error) {
    row(
      "board view: navigation → webhooks table visible (median)",
      "sqlite",
      `not measured: ${error instanceof Error ? error.message : String(error)}`,
      "< 1,000 ms",
      null,
    );
  }
}

const width = (k: keyof Row) => Math.max(...rows.map((r) => String(r[k]).length), k.length);
const line = (r: Record<keyof Row, string>) =>
  `| ${r.figure.padEnd(width("figure"))} | ${r.database.padEnd(width("database"))} | ${r.value.padEnd(width("value"))} | ${r.target.padEnd(width("target"))} | ${r.met.padEnd(4)} |`;
console.log(`\n${line({ figure: "figure", database: "database", value: "value (spread)", target: "target", met: "met" })}`);
console.log(`| ${"-".repeat(width("figure"))} | ${"-".repeat(width("database"))} | ${"-".repeat(width("value"))} | ${"-".repeat(width("target"))} | ---- |`);
for (const r of rows) console.log(line({ ...r, met: r.met === null ? "" : r.met ? "yes" : "no" }));
if (failures.length) {
  console.error(`\nThe run failed: answers other than 2xx or errors are not speed:\n${failures.map((f) => `  - ${f}`).join("\n")}`);
  process.exit(1);
}
