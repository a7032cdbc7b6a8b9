// `npm run bench`: each of Hookboard's webhook routes (JWT verified, delivery durably stored, the
// worker running as in production) against a bare Express 5 JSON echo route and monday's example
// lifecycle handler, measured side by side in one run on this machine, on SQLite and PostgreSQL;
// plus the worker's drain rate and the p99 of the board view's webhook list with 100,000 stored
// deliveries. Prints ratios, so runs on different machines compare.
//
//   npm run bench -- --duration 10 --connections 16 --databases sqlite,postgresql
import { randomBytes, randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { createDb } from "../../server/db/client.ts";
import { AppServiceStandIn } from "../helpers/app-service-standin.ts";
import { createTestDatabase, postgresReachable, type DbKind } from "../helpers/databases.ts";
import { request } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { datToken, sessionToken, TEST_SECRETS, webhookToken } from "../../server/test-kit/monday-tokens.ts";
import { connectThroughBrowser } from "../../server/test-kit/monday/oauth.ts";
import { startBoardsMonday } from "../../server/test-kit/monday/webhooks.ts";
import { measure, type LoadResult, type LoadSpec } from "./load.ts";
import { startHookboardProcess, startReference } from "./processes.ts";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "16" },
    databases: { type: "string", default: "sqlite,postgresql" },
    "drain-count": { type: "string", default: "5000" },
    "stored-deliveries": { type: "string", default: "100000" },
  },
});
const durationSeconds = Number(values.duration);
const connections = Number(values.connections);
const wanted = values.databases!.split(",") as DbKind[];
const databases: DbKind[] = wanted.includes("sqlite") ? ["sqlite"] : [];
if (wanted.includes("postgresql")) {
  if (await postgresReachable()) databases.push("postgresql");
  else console.warn("PostgreSQL is not reachable: measuring SQLite only");
}

const ACCOUNT = 900001;
const BOARD = "1771812698";
const T0 = Date.UTC(2024, 0, 1);
const runId = Math.floor(Math.random() * 1e6);
// one counter for every lifecycle body of the run, so no phase repeats another's deliveries
let sequence = 0;

async function run(spec: LoadSpec): Promise<LoadResult> {
  await measure(spec, { connections, durationSeconds: Math.min(2, durationSeconds) }); // warm-up
  return measure(spec, { connections, durationSeconds });
}

async function lifecycleSpec(name: string, base: string): Promise<LoadSpec> {
  const path = "/webhooks/lifecycle";
  const token = await webhookToken(ACCOUNT, { audience: base + path, expiresIn: 3600 });
  return {
    name,
    url: base,
    path,
    request: () => {
      const body = lifecycleBody("app_subscription_renewed", { accountId: ACCOUNT, timestamp: new Date(T0 + runId * 1e6 + sequence++).toISOString() });
      return { body: JSON.stringify(body), headers: { authorization: token } };
    },
  };
}

async function featureSpec(name: string, base: string, mode: "sync" | "async", backToUrl: string): Promise<LoadSpec> {
  const path = `/webhooks/features/${mode}`;
  const token = await datToken({ account_id: ACCOUNT, user_id: 4242, app_id: 10000001 }, { audience: base + path, expiresIn: 3600 });
  const type = mode === "sync" ? "AppFeatureObject:update_attributes" : "AppFeatureObject:publish";
  const body = JSON.stringify({
    type,
    payload: { objectId: 123, boardId: Number(BOARD) },
    accountId: ACCOUNT,
    userId: 4242,
    ...(mode === "async" ? { back_to_url: backToUrl } : {}),
  });
  return { name, url: base, path, request: () => ({ body, headers: { authorization: token, "x-apps-event-id": randomUUID() } }) };
}

async function boardSpec(name: string, base: string, webhookUrl: string): Promise<LoadSpec> {
  const token = await webhookToken(ACCOUNT, { audience: webhookUrl, expiresIn: 3600 });
  const path = new URL(webhookUrl).pathname;
  return {
    name,
    url: base,
    path,
    request: () => ({
      body: JSON.stringify({
        event: {
          userId: 9603417,
          originalTriggerUuid: null,
          boardId: Number(BOARD),
          pulseId: 1772099344,
          pulseName: "Create_item webhook",
          groupId: "topics",
          app: "monday",
          type: "create_pulse",
          triggerTime: new Date().toISOString(),
          subscriptionId: 73759690,
          triggerUuid: randomBytes(16).toString("hex"),
        },
      }),
      headers: { authorization: token },
    }),
  };
}

const results: LoadResult[] = [];
const extras: string[] = [];

const echo = await startReference("echo", "");
const sample = JSON.stringify(lifecycleBody("app_subscription_renewed"));
results.push(await run({ name: "bare Express 5 JSON echo", url: echo.url, path: "/echo", request: () => ({ body: sample, headers: {} }) }));
await echo.stop();

const example = await startReference("monday-example", TEST_SECRETS.signingSecret);
results.push(await run(await lifecycleSpec("monday example handler (verify, log)", example.url)));
await example.stop();

const monday = await startBoardsMonday();
monday.boards.addBoard(ACCOUNT, BOARD);
const appService = await new AppServiceStandIn().start();
const user = { accountId: String(ACCOUNT), userId: "4242" };

for (const kind of databases) {
  const database = await createTestDatabase(kind);
  const env = { ...monday.env(), MONDAY_CALLBACK_HOSTS: "127.0.0.1" };
  const hb = await startHookboardProcess(database.url, env);

  // an account connected through OAuth, with a webhook created through the board view API
  monday.oauth.signedIn = user;
  const visit = await connectThroughBrowser(hb.url, user);
  if (visit.status !== 200) throw new Error(`OAuth connect failed: ${visit.status}`);
  const created = await request<{ id: string }>(`${hb.url}/api/boards/${BOARD}/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: await sessionToken(user) },
    body: JSON.stringify({ event: "create_item" }),
  });
  if (created.status !== 201) throw new Error(`creating the webhook failed: ${created.status} ${JSON.stringify(created.body)}`);
  const webhookUrl = [...monday.boards.webhooks.values()].at(-1)!.url;

  results.push(await run(await boardSpec(`POST /webhooks/board/… (${kind})`, hb.url, webhookUrl)));
  results.push(await run(await lifecycleSpec(`POST /webhooks/lifecycle (${kind})`, hb.url)));
  results.push(await run(await featureSpec(`POST /webhooks/features/sync (${kind})`, hb.url, "sync", "")));
  results.push(await run(await featureSpec(`POST /webhooks/features/async (${kind})`, hb.url, "async", appService.backToUrl())));
  await hb.stop();

  // the worker's drain rate, on a database of its own (the load phases leave feature callbacks
  // behind): a backlog of stored lifecycle deliveries, then one worker process on it
  const drainDatabase = await createTestDatabase(kind);
  const drainDb = createDb(drainDatabase.url);
  const writer = await startHookboardProcess(drainDatabase.url, { ...env, WORKER_ENABLED: "false" });
  const fill = await lifecycleSpec("fill", writer.url);
  const count = Number(values["drain-count"]);
  for (let i = 0; i < count; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, count - i) }, () => fill.request(0)).map((r) =>
        fetch(writer.url + fill.path, { method: "POST", headers: { "content-type": "application/json", ...r.headers }, body: r.body }),
      ),
    );
  }
  await writer.stop();
  const backlog = await drainDb.prisma.delivery.count({ where: { status: { not: "done" } } });
  const drainer = await startHookboardProcess(drainDatabase.url, env);
  const started = performance.now();
  while ((await drainDb.prisma.delivery.count({ where: { status: { not: "done" } } })) > 0) await new Promise((r) => setTimeout(r, 50));
  extras.push(
    `worker drain rate (${kind}): ${(backlog / ((performance.now() - started) / 1000)).toFixed(0)} deliveries/s (${backlog} stored lifecycle deliveries, one process)`,
  );
  await drainer.stop();
  await drainDb.close();
  await drainDatabase.drop();

  // GET /api/boards/:id/webhooks with 100,000 stored deliveries on the webhook
  const db = createDb(database.url);
  const server = await startHookboardProcess(database.url, env);

  const stored = Number(values["stored-deliveries"]);
  const webhook = (await db.prisma.boardWebhook.findFirst({ where: { accountId: String(ACCOUNT) } }))!;
  const already = await db.prisma.delivery.count({ where: { webhookId: webhook.id } });
  const now = Date.now();
  for (let i = already; i < stored; i += 1000) {
    await db.prisma.delivery.createMany({
      data: Array.from({ length: Math.min(1000, stored - i) }, (_, j) => {
        const at = new Date(now - ((i + j) % 172_800) * 1000);
        return {
          id: randomUUID(),
          source: "board",
          type: "create_item",
          idempotencyKey: `bench:${webhook.id}:${i + j}`,
          accountId: String(ACCOUNT),
          boardId: BOARD,
          webhookId: webhook.id,
          payload: "{}",
          status: (i + j) % 50 === 0 ? "dead" : "done",
          attempts: 1,
          nextAttemptAt: at,
          receivedAt: at,
        };
      }),
    });
  }
  const listToken = await sessionToken(user, { expiresIn: 3600 });
  const list = await measureGet(`${server.url}/api/boards/${BOARD}/webhooks`, listToken);
  extras.push(
    `GET /api/boards/:id/webhooks with ${stored.toLocaleString("en")} stored deliveries (${kind}): p50 ${list.p50} ms, p99 ${list.p99} ms at 4 connections (${list.rps.toFixed(0)} req/s, non-2xx ${list.non2xx})`,
  );
  await server.stop();
  await db.close();
  await database.drop();
}
await appService.stop();
await monday.stop();

async function measureGet(url: string, token: string) {
  const autocannon = (await import("autocannon")).default;
  const result = await autocannon({ url, connections: 4, duration: Math.min(10, durationSeconds), headers: { authorization: token } });
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, non2xx: result.non2xx };
}

const [base, ref] = results;
const pad = (s: string, n: number) => s.padEnd(n);
console.log(`\nIngestion benchmark: ${connections} connections, ${durationSeconds} s per route, Node ${process.version}, ${new Date().toISOString()}`);
console.log(pad("route", 44) + pad("req/s", 9) + pad("p50 ms", 8) + pad("p99 ms", 8) + pad("vs echo", 9) + pad("vs example", 11) + "non-2xx/errors");
for (const r of results) {
  console.log(
    pad(r.name, 44) +
      pad(r.rps.toFixed(0), 9) +
      pad(String(r.p50), 8) +
      pad(String(r.p99), 8) +
      pad((r.rps / base!.rps).toFixed(2), 9) +
      pad((r.rps / ref!.rps).toFixed(2), 11) +
      `${r.non2xx}/${r.errors}`,
  );
}
for (const line of extras) console.log(line);
