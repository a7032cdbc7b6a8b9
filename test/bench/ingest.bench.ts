// `npm run bench`: Hookboard's webhook routes (JWT verified, delivery durably stored) against a
// bare Express 5 JSON echo route and monday's example lifecycle handler, measured side by side in
// one run on this machine, plus the worker's drain rate. Prints ratios, not absolute verdicts.
//
//   npm run bench -- --duration 10 --connections 16 --databases sqlite,postgresql
import { parseArgs } from "node:util";
import { createDb } from "../../server/db/client.ts";
import { createTestDatabase, postgresReachable, type DbKind } from "../helpers/databases.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { TEST_SECRETS, webhookToken } from "../helpers/monday-tokens.ts";
import { measure, type LoadResult, type LoadSpec } from "./load.ts";
import { startHookboardProcess, startReference } from "./processes.ts";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "16" },
    databases: { type: "string", default: "sqlite,postgresql" },
    "drain-count": { type: "string", default: "5000" },
  },
});
const durationSeconds = Number(values.duration);
const connections = Number(values.connections);
const wanted = values.databases!.split(",") as DbKind[];
const databases = wanted.filter((k) => k === "sqlite") as DbKind[];
if (wanted.includes("postgresql")) {
  if (await postgresReachable()) databases.push("postgresql");
  else console.warn("PostgreSQL is not reachable: measuring SQLite only");
}

const ACCOUNTS = 50;
const T0 = Date.UTC(2024, 0, 1);

async function lifecycleSpec(name: string, base: string): Promise<LoadSpec> {
  const path = "/webhooks/lifecycle";
  const tokens = await Promise.all(Array.from({ length: ACCOUNTS }, (_, i) => webhookToken(900000 + i, { audience: base + path, expiresIn: 3600 })));
  const runId = Math.floor(Math.random() * 1e6);
  return {
    name,
    url: base,
    path,
    request: (n) => {
      const account = n % ACCOUNTS;
      const body = lifecycleBody("app_subscription_renewed", { accountId: 900000 + account, timestamp: new Date(T0 + runId * 1e6 + n).toISOString() });
      return { body: JSON.stringify(body), headers: { authorization: tokens[account]! } };
    },
  };
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  await measure(spec, { connections, durationSeconds: Math.min(2, durationSeconds) }); // warm-up
  return measure(spec, { connections, durationSeconds });
}

const results: LoadResult[] = [];

const echo = await startReference("echo", "");
const sample = JSON.stringify(lifecycleBody("app_subscription_renewed"));
results.push(await run({ name: "bare Express 5 JSON echo", url: echo.url, path: "/echo", request: () => ({ body: sample, headers: {} }) }));
await echo.stop();

const example = await startReference("monday-example", TEST_SECRETS.signingSecret);
results.push(await run(await lifecycleSpec("monday example handler (verify, log)", example.url)));
await example.stop();

const drains: { db: DbKind; perSecond: number; count: number }[] = [];
for (const kind of databases) {
  const database = await createTestDatabase(kind);
  const hb = await startHookboardProcess(database.url);
  results.push(await run(await lifecycleSpec(`POST /webhooks/lifecycle (${kind})`, hb.url)));
  await hb.stop();

  // drain rate: stored deliveries processed per second by one worker
  const db = createDb(database.url);
  const count = Number(values["drain-count"]);
  const writer = await startHookboardProcess(database.url, { WORKER_ENABLED: "false" });
  const spec = await lifecycleSpec("fill", writer.url);
  const fill = Array.from({ length: count }, (_, n) => spec.request(n));
  for (let i = 0; i < fill.length; i += 100) {
    await Promise.all(fill.slice(i, i + 100).map((r) => fetch(writer.url + spec.path, { method: "POST", headers: { "content-type": "application/json", ...r.headers }, body: r.body })));
  }
  await writer.stop();
  // includes whatever the load test left unprocessed
  const toDrain = await db.prisma.delivery.count({ where: { status: { not: "done" } } });
  const drainer = await startHookboardProcess(database.url);
  const readyAt = performance.now();
  while ((await db.prisma.delivery.count({ where: { status: { not: "done" } } })) > 0) await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - readyAt) / 1000;
  drains.push({ db: kind, perSecond: toDrain / seconds, count: toDrain });
  await drainer.stop();
  await db.close();
  await database.drop();
}

const [base, ref] = results;
const pad = (s: string, n: number) => s.padEnd(n);
console.log(`\nIngestion benchmark: ${connections} connections, ${durationSeconds} s per route, Node ${process.version}, ${new Date().toISOString()}`);
console.log(pad("route", 44) + pad("req/s", 10) + pad("p50 ms", 8) + pad("p99 ms", 8) + pad("vs echo", 9) + pad("vs example", 11) + "non-2xx/errors");
for (const r of results) {
  console.log(
    pad(r.name, 44) + pad(r.rps.toFixed(0), 10) + pad(String(r.p50), 8) + pad(String(r.p99), 8) + pad((r.rps / base!.rps).toFixed(2), 9) + pad((r.rps / ref!.rps).toFixed(2), 11) + `${r.non2xx}/${r.errors}`,
  );
}
for (const d of drains) console.log(`worker drain rate (${d.db}): ${d.perSecond.toFixed(0)} deliveries/s (${d.count} stored deliveries)`);
