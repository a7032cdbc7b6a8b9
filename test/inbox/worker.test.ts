// The worker's promises, each tested on its own against a real database: retries with backoff,
// dead after the last attempt, a batch with one poisoned delivery, a claim taken over after it
// expired, claims renewed while a live worker holds them, a slow delivery not holding up the
// others, and claims released on stop.
import { afterEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../server/db/client.ts";
import type { ClaimedDelivery } from "../../server/inbox/delivery.ts";
import { Inbox } from "../../server/inbox/inbox.ts";
import { Worker, type Applier } from "../../server/inbox/worker.ts";
import type { Attempt } from "../../server/inbox/attempt.ts";
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
    return { inbox: new Inbox(db, metrics), metrics };
  }

  /** A worker whose board deliveries go through `apply` (and `applyBatch`, when given). */
  function worker(apply: Applier["apply"] | Applier, metrics: Metrics, options: ConstructorParameters<typeof Worker>[5] = {}) {
    const applier = typeof apply === "function" ? { apply } : apply;
    const w = new Worker(db, null, { board: applier }, metrics, log, { pollMs: 20, backoff: { baseMs: 20, maxMs: 50 }, ...options });
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
    const applier: Applier = {
      async apply({ delivery: d, commit }: Attempt) {
        if (d.idempotencyKey === "poisoned") throw new Error("bad payload");
        await commit(async () => applied.push(d.idempotencyKey));
      },
      async applyBatch(batch: ClaimedDelivery[]) {
        if (batch.some((d) => d.idempotencyKey === "poisoned")) throw new Error("bad payload in batch");
        applied.push(...batch.map((d) => d.idempotencyKey));
      },
    };
    await worker(applier, metrics, { maxAttempts: 1 }).drainOnce();
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
    const applier: Applier = {
      async apply() {
        throw new Error("the batch path should have been taken");
      },
      async applyBatch(batch) {
        batches.push(batch.length);
      },
    };
    await worker(applier, metrics).drainOnce();
    expect(batches).toEqual([50]);
    expect(await db.prisma.delivery.count({ where: { status: "done", attempts: 1 } })).toBe(50);
  });

  it("When a worker stops renewing its claim (its process died), then another worker takes the delivery over once the claim expires and the first one's late result is discarded", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["slow"]);
    const effects: string[] = [];
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    // drainOnce without start: no heartbeat renews this claim, as in a process that died
    const slow = worker(
      async ({ commit }) => {
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
    const claimed = await eventually(async () => (await db.prisma.delivery.findFirst())?.claimExpiresAt, 5000, "the claim");
    await eventually(() => Date.now() > claimed.getTime() + 50, 5000, "the claim's expiry");
    const fast = worker(
      async ({ commit }) => {
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

  it("When a delivery takes longer than the claim's lifetime in a live worker, then its claim is renewed and no other worker takes it over", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["long"]);
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const live = worker(
      async ({ commit }) => {
        runs++;
        await gate;
        await commit(async () => undefined);
      },
      metrics,
      { claimTtlMs: 1000 },
    );
    live.start();
    const first = await eventually(async () => (await db.prisma.delivery.findFirst())?.claimExpiresAt, 5000, "the first claim");
    // the first lifetime is over, yet the claim is younger: it was renewed
    await eventually(
      async () => Date.now() > first.getTime() + 200 && ((await db.prisma.delivery.findFirst())?.claimExpiresAt?.getTime() ?? 0) > Date.now(),
      5000,
      "a renewed claim",
    );
    const other = worker(async () => {
      throw new Error("the delivery was taken over");
    }, metrics);
    expect(await other.drainOnce()).toBe(0);
    release();
    await eventually(async () => (await db.prisma.delivery.findFirst())?.status === "done");
    expect(runs).toBe(1);
    expect(await db.prisma.delivery.findFirst()).toMatchObject({ attempts: 1 });
  });

  it("When one delivery is slow, then the worker goes on claiming and applying the others meanwhile", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["slow"]);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = worker(async ({ delivery, commit }) => {
      if (delivery.idempotencyKey === "slow") await gate;
      await commit(async () => undefined);
    }, metrics);
    w.start();
    await eventually(async () => (await db.prisma.delivery.findFirst({ where: { idempotencyKey: "slow" } }))?.claimToken, 5000, "the slow delivery's claim");
    await store(
      inbox,
      Array.from({ length: 30 }, (_, i) => `quick-${i}`),
    );
    w.nudge();
    await eventually(async () => (await db.prisma.delivery.count({ where: { status: "done" } })) === 30, 10_000, "the quick deliveries");
    expect(await db.prisma.delivery.findFirst({ where: { idempotencyKey: "slow" } })).toMatchObject({ status: "pending" });
    release();
    await eventually(async () => (await db.prisma.delivery.count({ where: { status: "done" } })) === 31);
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
