// Intake while retention deletes old deliveries: the lifecycle route's throughput with 100,000 applied
// deliveries past DELIVERY_RETENTION_DAYS stored, first with nothing to delete (a retention of ten
// years), then while the worker deletes them in its batches, on the same database. Prints both and
// how many were deleted during the measurement (it must still have been pruning at the end).
//
//   npx tsx test/bench/retention.bench.ts --duration 5 --databases sqlite,postgresql
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { createDb } from "../../server/db/client.ts";
import { webhookToken } from "../../server/test-kit/monday-tokens.ts";
import { createTestDatabase, postgresReachable, type DbKind } from "../helpers/databases.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { insertDeliveries } from "../helpers/stored-deliveries.ts";
import { measure, type LoadResult } from "./load.ts";
import { startHookboardProcess } from "./processes.ts";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "5" },
    connections: { type: "string", default: "16" },
    databases: { type: "string", default: "sqlite,postgresql" },
    stored: { type: "string", default: "100000" },
  },
});
const durationSeconds = Number(values.duration);
const connections = Number(values.connections);
const stored = Number(values.stored);
const DAY = 24 * 3600_000;
const ACCOUNT = 900002;
let sequence = 0;

async function intake(base: string, name: string): Promise<LoadResult> {
  const path = "/webhooks/lifecycle";
  const token = await webhookToken(ACCOUNT, { audience: base + path, expiresIn: 3600 });
  const run = Date.now();
  const spec = {
    name,
    url: base,
    path,
    request: () => ({
      body: JSON.stringify(lifecycleBody("app_subscription_renewed", { accountId: ACCOUNT, timestamp: new Date(run + sequence++).toISOString() })),
      headers: { authorization: token },
    }),
  };
  await measure(spec, { connections, durationSeconds: Math.min(2, durationSeconds) }); // warm-up
  return measure(spec, { connections, durationSeconds });
}

async function bench(kind: DbKind) {
  const database = await createTestDatabase(kind);
  try {
    // the first start migrates; with ten years' retention nothing is deleted
    const keep = await startHookboardProcess(database.url, { DELIVERY_RETENTION_DAYS: "3650" });
    const db = createDb(database.url);
    await insertDeliveries(db, { webhookId: randomUUID(), count: stored, newest: new Date(Date.now() - 31 * DAY), spreadMinutes: stored, failed: 0 });
    const old = () => db.prisma.delivery.count({ where: { status: "done", receivedAt: { lt: new Date(Date.now() - 30 * DAY) } } });
    const baseline = await intake(keep.url, "nothing to delete");
    await keep.stop();

    const pruning = await startHookboardProcess(database.url);
    const before = await old();
    const during = await intake(pruning.url, "while pruning");
    const after = await old();
    await pruning.stop();
    await db.close();
    return { kind, baseline, during, deleted: before - after, stillPruning: after > 0 };
  } finally {
    await database.drop();
  }
}

const kinds: DbKind[] = [];
for (const k of values.databases!.split(",") as DbKind[]) if (k === "sqlite" || (k === "postgresql" && (await postgresReachable()))) kinds.push(k);
for (const kind of kinds) {
  const r = await bench(kind);
  const ratio = r.during.rps / r.baseline.rps;
  console.log(
    `${kind}: lifecycle intake ${r.baseline.rps.toFixed(0)} req/s (p99 ${r.baseline.p99} ms) with nothing to delete; ` +
      `${r.during.rps.toFixed(0)} req/s (p99 ${r.during.p99} ms, non-2xx ${r.during.non2xx}) while pruning = ${(ratio * 100).toFixed(0)}%; ` +
      `${r.deleted} of ${stored} old deliveries deleted during the ${durationSeconds} s and its warm-up${r.stillPruning ? " (still pruning at the end)" : " (pruning finished within it)"}`,
  );
}
