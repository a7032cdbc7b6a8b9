// The worker's promises, each tested on its own against a real database: retries with backoff,
// dead after the last attempt, a batch with one poisoned delivery, a claim taken over after it
// expired, and claims released on stop.
import { afterEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../server/db/client.ts";
import type { ClaimedDelivery } from "../../server/inbox/delivery.ts";
import { Inbox } from "../../server/inbox/inbox.ts";
import { Worker, type DeliveryHandler } from "../../server/inbox/worker.ts";
import { createLogger } from "../../server/log/logger.ts";
import { Metrics } from "../../server/ops/metrics.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";

const kinds = await databaseKinds();
const log = createLogger("silent");

describe.each(kinds)("the delivery worker on %s", (kind) => {
  let database: TestDatabase;
  let db: Db;
  const workers: Worker[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await db?.close();
    await database?.drop();
  });

  async function setup() {
    database = await createTestDatabase(kind);
    db = createDb(database.url);
    await db.migrate();
    const metrics = new Metrics();
    return { inbox: new Inbox(db.prisma, metrics), metrics };
  }

  function worker(handler: DeliveryHandler, metrics: Metrics, options: ConstructorParameters<typeof Worker>[5] = {}) {
    const w = new Worker(db, null, { board: handler }, metrics, log, { pollMs: 20, backoff: { baseMs: 20, maxMs: 50 }, ...options });
    workers.push(w);
    return w;
  }

  const store = (inbox: Inbox, keys: string[], type = "create_pulse") =>
    Promise.all(keys.map((k) => inbox.accept({ source: "board", type, idempotencyKey: k, accountId: "1", payload: JSON.stringify({ key: k }) })));

  it("When a handler fails twice and then succeeds, then the delivery is done after three attempts", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["flaky"]);
    let calls = 0;
    worker(async () => {
      if (++calls < 3) throw new Error("monday was down");
    }, metrics).start();
    await eventually(async () => (await db.prisma.delivery.findFirst())?.status === "done");
    expect(await db.prisma.delivery.findFirst()).toMatchObject({ attempts: 3, lastError: null });
    expect(metrics.get("hookboard_deliveries_retried_total", { source: "board" })).toBe(2);
  });

  it("When a handler keeps failing, then the delivery is parked as dead after its last attempt, with the reason", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["poison"]);
    worker(
      async () => {
        throw new Error("cannot apply this");
      },
      metrics,
      { maxAttempts: 3 },
    ).start();
    await eventually(async () => (await db.prisma.delivery.findFirst())?.status === "dead");
    expect(await db.prisma.delivery.findFirst()).toMatchObject({ attempts: 3, lastError: "cannot apply this" });
    expect(metrics.get("hookboard_deliveries_dead_total", { source: "board" })).toBe(1);
  });

  it("When one delivery of a batch is poisoned, then the others are applied and only it is retried", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["a", "b", "poisoned", "c"]);
    const applied: string[] = [];
    const handler: DeliveryHandler = async (d, { commit }) => {
      if (d.idempotencyKey === "poisoned") throw new Error("bad payload");
      await commit(async () => applied.push(d.idempotencyKey));
    };
    handler.applyBatch = async (batch: ClaimedDelivery[]) => {
      if (batch.some((d) => d.idempotencyKey === "poisoned")) throw new Error("bad payload in batch");
      applied.push(...batch.map((d) => d.idempotencyKey));
    };
    await worker(handler, metrics, { maxAttempts: 1 }).drainOnce();
    expect(applied.sort()).toEqual(["a", "b", "c"]);
    const rows = await db.prisma.delivery.findMany({ orderBy: { idempotencyKey: "asc" } });
    expect(rows.map((r) => `${r.idempotencyKey}:${r.status}`)).toEqual(["a:done", "b:done", "c:done", "poisoned:dead"]);
  });

  it("When a batch applies cleanly, then all its deliveries are done in one transaction with one attempt each", async () => {
    const { inbox, metrics } = await setup();
    await store(
      inbox,
      Array.from({ length: 50 }, (_, i) => `k${i}`),
    );
    const batches: number[] = [];
    const handler: DeliveryHandler = async () => {
      throw new Error("the batch path should have been taken");
    };
    handler.applyBatch = async (batch) => {
      batches.push(batch.length);
    };
    await worker(handler, metrics).drainOnce();
    expect(batches).toEqual([50]);
    expect(await db.prisma.delivery.count({ where: { status: "done", attempts: 1 } })).toBe(50);
  });

  it("When a claim expires while its worker is stuck, then another worker takes the delivery over and the stuck worker's result is discarded", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["slow"]);
    const effects: string[] = [];
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const slow = worker(
      async (_d, { commit }) => {
        await stuck;
        await commit(async (tx) => {
          effects.push("slow worker");
          await tx.boardViewSettings.create({ data: { viewId: "effect-of-slow", settings: "{}" } });
        });
      },
      metrics,
      { claimTtlMs: 1000 },
    );
    const first = slow.drainOnce();
    await new Promise((r) => setTimeout(r, 1100));
    const fast = worker(
      async (_d, { commit }) => {
        await commit(async (tx) => {
          effects.push("second worker");
          await tx.boardViewSettings.create({ data: { viewId: "effect-of-second", settings: "{}" } });
        });
      },
      metrics,
      { claimTtlMs: 1000 },
    );
    expect(await fast.drainOnce()).toBe(1);
    release();
    await first;
    expect(effects).toEqual(["second worker", "slow worker"]);
    // the slow worker's transaction was rolled back: one effect, one done delivery
    expect((await db.prisma.boardViewSettings.findMany()).map((s) => s.viewId)).toEqual(["effect-of-second"]);
    expect(await db.prisma.delivery.findFirst()).toMatchObject({ status: "done", attempts: 2 });
  });

  it("When the worker stops, then deliveries it claimed but did not start are released for others", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["first", "second", "third"]);
    let started = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = worker(
      async () => {
        started++;
        await gate;
      },
      metrics,
      { concurrency: 1 },
    );
    w.start();
    await eventually(() => started === 1);
    const stopping = w.stop();
    release();
    await stopping;
    const rows = await db.prisma.delivery.findMany();
    expect(rows.filter((r) => r.status === "done")).toHaveLength(1);
    expect(rows.filter((r) => r.status === "pending" && r.claimToken === null && r.attempts === 0)).toHaveLength(2);
  });
});
