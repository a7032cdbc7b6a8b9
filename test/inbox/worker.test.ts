// The worker's promises, each tested on its own against a real database: retries with backoff,
// dead after the last attempt, a batch with one poisoned delivery, a claim taken over after it
// expired, claims renewed while a live worker holds them, a slow delivery not holding up the
// others, and claims released on stop.
import { hostname } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client.ts";
import type { ClaimedDelivery } from "../../server/inbox/delivery.ts";
import { Inbox } from "../../server/inbox/inbox.ts";
import { Worker, type Applier } from "../../server/inbox/worker.ts";
import type { Attempt } from "../../server/inbox/attempt.ts";
import { Metrics } from "../../server/ops/metrics.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { migratedDatabasePerTest } from "../helpers/migrated-database.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { captureLog, type CapturedLog } from "../helpers/log-capture.ts";
import { refuseDeliveryUpdates } from "../helpers/refused-updates.ts";

const kinds = await databaseKinds();

describe.each(kinds)("the delivery worker on %s", (kind) => {
  let db: Db;
  let logs: CapturedLog;
  const workers: Worker[] = [];
  const openDatabase = migratedDatabasePerTest(kind);
  // registered after the database's: vitest runs after-hooks last first, so workers stop before it closes
  afterEach(() => Promise.all(workers.splice(0).map((w) => w.stop())));

  async function setup() {
    db = await openDatabase();
    const metrics = new Metrics();
    logs = captureLog();
    return { inbox: new Inbox(db, metrics), metrics };
  }

  /** A worker whose board deliveries go through `apply` (and `applyBatch`, when given). */
  function worker(apply: Applier["apply"] | Applier, metrics: Metrics, options: ConstructorParameters<typeof Worker>[5] = {}) {
    const applier = typeof apply === "function" ? { apply } : apply;
    const w = new Worker(db, null, { board: applier }, metrics, logs.log, { pollMs: 20, backoff: { baseMs: 20, maxMs: 50 }, ...options });
    workers.push(w);
    return w;
  }

  /** A worker whose deliveries wait in their lane until `release()`; `started()` counts those that began. */
  function heldWorker(metrics: Metrics, options: ConstructorParameters<typeof Worker>[5]) {
    let started = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = worker(
      async () => {
        started++;
        await gate;
      },
      metrics,
      options,
    );
    return { w, started: () => started, release };
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
    // the success is logged after the commit and its count
    await eventually(() => logs.withMessage("delivery processed").length > 0, 5_000, "the processed delivery's log line");
    const done = await db.prisma.delivery.findFirstOrThrow();
    expect(done).toMatchObject({ attempts: 3, lastError: null });
    expect(metrics.get("hookboard_deliveries_retried_total", { source: "board" })).toBe(2);
    expect(metrics.get("hookboard_deliveries_processed_total", { source: "board" })).toBe(1);
    // each failure is logged with the delivery, the attempt and when it comes back; then the success
    const retries = logs.withMessage("delivery failed; will retry");
    expect(retries.map((l) => l.attempt)).toEqual([1, 2]);
    for (const line of retries) {
      expect(line).toMatchObject({ level: 40, deliveryId: done.id, source: "board", type: "create_pulse", error: "monday was down" });
      expect(new Date(line.nextAttemptAt as string).toISOString()).toBe(line.nextAttemptAt);
    }
    expect(logs.withMessage("delivery processed")).toMatchObject([{ level: 20, deliveryId: done.id, attempt: 3 }]);
  });

  it("When a handler keeps failing, then the delivery is parked as dead after its last attempt, with the reason", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["poison"]);
    const reason = `cannot apply this: ${"x".repeat(600)}`;
    worker(
      async () => {
        throw new Error(reason);
      },
      metrics,
      { maxAttempts: 3 },
    ).start();
    // the end is logged after the delivery is marked dead and counted
    await eventually(() => logs.withMessage("delivery is dead after its last attempt").length > 0, 5_000, "the dead delivery's log line");
    // the reason is kept to its first 500 characters
    expect(await db.prisma.delivery.findFirst()).toMatchObject({ attempts: 3, lastError: reason.slice(0, 500) });
    expect(metrics.get("hookboard_deliveries_dead_total", { source: "board" })).toBe(1);
    expect(metrics.get("hookboard_deliveries_retried_total", { source: "board" })).toBe(2);
    expect(metrics.get("hookboard_deliveries_processed_total", { source: "board" })).toBe(0);
    expect(logs.withMessage("delivery is dead after its last attempt")).toMatchObject([{ level: 50, attempt: 3, error: reason.slice(0, 500) }]);
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
    expect(logs.withMessage("batch not applied; applying its deliveries one by one")).toMatchObject([{ level: 20, source: "board", size: 4 }]);
    expect(metrics.get("hookboard_deliveries_processed_total", { source: "board" })).toBe(3);
  });

  it("When a batch applies cleanly, then all its deliveries are done in one transaction with one attempt each", async () => {
    const { inbox, metrics } = await setup();
    await store(
      inbox,
      Array.from({ length: 50 }, (_, i) => `k${i}`),
    );
    const batches: number[] = [];
    const afterCommit: number[] = [];
    const applier: Applier = {
      async apply() {
        throw new Error("the batch path should have been taken");
      },
      async applyBatch(batch) {
        batches.push(batch.length);
        return () => afterCommit.push(batch.length);
      },
    };
    await worker(applier, metrics).drainOnce();
    expect(batches).toEqual([50]);
    expect(afterCommit).toEqual([50]);
    expect(await db.prisma.delivery.count({ where: { status: "done", attempts: 1 } })).toBe(50);
    expect(metrics.get("hookboard_deliveries_processed_total", { source: "board" })).toBe(50);
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
    expect(logs.withMessage("delivery was taken over by another worker; its result was discarded")).toMatchObject([{ level: 40, attempt: 1 }]);
    // the late result is neither a failure nor a success
    expect(logs.withMessage("delivery failed; will retry")).toEqual([]);
    expect(metrics.get("hookboard_deliveries_processed_total", { source: "board" })).toBe(1);
  });

  it("When a delivery takes longer than the claim's lifetime in a live worker, then its claim is renewed and no other worker takes it over", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["long", "longer"]);
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
    // the first lifetime is over, yet both claims are younger: they were renewed
    await eventually(
      async () => Date.now() > first.getTime() + 200 && (await db.prisma.delivery.findMany()).every((d) => (d.claimExpiresAt?.getTime() ?? 0) > Date.now()),
      5000,
      "renewed claims",
    );
    const other = worker(async () => {
      throw new Error("the delivery was taken over");
    }, metrics);
    expect(await other.drainOnce()).toBe(0);
    release();
    await eventually(async () => (await db.prisma.delivery.count({ where: { status: "done", attempts: 1 } })) === 2);
    expect(runs).toBe(2);
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

  it("When the database refuses to record a failed attempt, then the worker says so, counts no retry, and the delivery is tried again once its claim expires", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["unrecorded"]);
    const refused = await refuseDeliveryUpdates(db, "NEW.status = 'retrying'");
    let attempts = 0;
    const w = worker(
      async ({ commit }) => {
        if (++attempts === 1) throw new Error("monday was down");
        await commit(async () => undefined);
      },
      metrics,
      { claimTtlMs: 1000 },
    );
    await w.drainOnce();
    const row = await db.prisma.delivery.findFirstOrThrow();
    expect(logs.withMessage("could not record a failed attempt; the claim will expire and the delivery be retried")).toMatchObject([
      { level: 50, deliveryId: row.id, err: { message: expect.any(String) } },
    ]);
    expect(logs.withMessage("delivery failed; will retry")).toEqual([]);
    expect(metrics.get("hookboard_deliveries_retried_total", { source: "board" })).toBe(0);
    // nothing was written: the delivery is still under the failed attempt's claim
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: null });
    expect(row.claimExpiresAt).not.toBeNull();
    await refused.lift();
    await eventually(() => Date.now() > row.claimExpiresAt!.getTime() + 50, 5000, "the claim's expiry");
    expect(await w.drainOnce()).toBe(1);
    expect(await db.prisma.delivery.findFirst()).toMatchObject({ status: "done", attempts: 2 });
  });

  it("When the worker stops and the database refuses to release its claims, then it says so, stops all the same, and the deliveries are taken over once the claims expire", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["first", "second", "third"]);
    const { w, started, release } = heldWorker(metrics, { concurrency: 1, claimTtlMs: 1000 });
    w.start();
    await eventually(() => started() === 1);
    // release gives the attempt back: it is the only update that lowers the count
    const refused = await refuseDeliveryUpdates(db, "NEW.attempts < OLD.attempts");
    const stopping = w.stop();
    release();
    await stopping;
    const kept = (await db.prisma.delivery.findMany({ where: { status: "pending" } })).filter((r) => r.claimToken !== null && r.attempts === 1);
    expect(kept).toHaveLength(2);
    expect(
      logs.withMessage("could not release a claim; it will expire").sort((a, b) => String(a.deliveryId).localeCompare(String(b.deliveryId))),
    ).toMatchObject(
      kept
        .map((r) => r.id)
        .sort()
        .map((id) => ({ level: 40, deliveryId: id, err: { message: expect.any(String) } })),
    );
    await refused.lift();
    const latest = Math.max(...kept.map((r) => r.claimExpiresAt!.getTime()));
    await eventually(() => Date.now() > latest + 50, 5000, "the claims' expiry");
    expect(await worker(async () => undefined, metrics).drainOnce()).toBe(2);
    expect(await db.prisma.delivery.count({ where: { status: "done" } })).toBe(3);
  });

  it("When the database refuses to renew a live worker's claims, then the worker says so and renews them once it can again", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["long"]);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const live = worker(
      async ({ commit }) => {
        await gate;
        await commit(async () => undefined);
      },
      metrics,
      { claimTtlMs: 2000 },
    );
    // a renewal keeps the claim's token and moves its expiry; a claim or its end changes the token
    const refused = await refuseDeliveryUpdates(db, "NEW.claim_token = OLD.claim_token AND NEW.claim_expires_at <> OLD.claim_expires_at");
    live.start();
    await eventually(() => logs.withMessage("could not renew claims; they may expire and be taken over").length > 0, 5000, "the refused renewal's log line");
    expect(logs.withMessage("could not renew claims; they may expire and be taken over")[0]).toMatchObject({
      level: 40,
      err: { message: expect.any(String) },
    });
    const unrenewed = (await db.prisma.delivery.findFirstOrThrow()).claimExpiresAt!;
    await refused.lift();
    await eventually(async () => (await db.prisma.delivery.findFirstOrThrow()).claimExpiresAt! > unrenewed, 5000, "a renewed claim");
    release();
    await eventually(async () => (await db.prisma.delivery.count({ where: { status: "done", attempts: 1 } })) === 1);
  });

  it("When its lanes are full, then a worker claims no more until one is free, so other workers can take the rest", async () => {
    const { inbox, metrics } = await setup();
    await store(
      inbox,
      Array.from({ length: 5 }, (_, i) => `k${i}`),
    );
    const { w: busy, started, release } = heldWorker(metrics, { concurrency: 1, batchSize: 2 });
    busy.start();
    await eventually(() => started() === 1);
    // ten poll intervals: a worker that went on claiming with its lanes full would hold all five by now
    await new Promise((resolve) => setTimeout(resolve, 10 * 20));
    expect(await db.prisma.delivery.count({ where: { claimedBy: busy.id } })).toBe(2);
    expect(busy.inHand).toBe(2);
    expect(await worker(async () => undefined, metrics).drainOnce()).toBe(3);
    release();
    await eventually(async () => (await db.prisma.delivery.count({ where: { status: "done", attempts: 1 } })) === 5, 5000, "all five done once");
    expect(started()).toBe(2);
  });

  it("When a batch takes longer than the database's default transaction time limit, then it is still applied in its one transaction, within the claim's lifetime", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["slow-batch-1", "slow-batch-2"]);
    const alone: string[] = [];
    const applier: Applier = {
      async apply({ delivery, commit }) {
        await commit(async () => alone.push(delivery.idempotencyKey));
      },
      async applyBatch(batch, { tx }) {
        // Prisma's own limit for an interactive transaction is 5 s
        await new Promise((resolve) => setTimeout(resolve, 5_300));
        await tx.boardViewSettings.create({ data: { viewId: `batch-of-${batch.length}`, settings: "{}" } });
      },
    };
    await worker(applier, metrics, { claimTtlMs: 20_000 }).drainOnce();
    expect(alone).toEqual([]);
    expect((await db.prisma.boardViewSettings.findMany()).map((s) => s.viewId)).toEqual(["batch-of-2"]);
    expect(await db.prisma.delivery.count({ where: { status: "done", attempts: 1 } })).toBe(2);
  }, 30_000);

  it("When the worker stops, then deliveries it claimed but did not start are released for others", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["first", "second", "third"]);
    const { w, started, release } = heldWorker(metrics, { concurrency: 1 });
    w.start();
    await eventually(() => started() === 1);
    const stopping = w.stop();
    release();
    await stopping;
    const rows = await db.prisma.delivery.findMany();
    expect(rows.filter((r) => r.status === "done")).toHaveLength(1);
    expect(rows.filter((r) => r.status === "pending" && r.claimToken === null && r.attempts === 0)).toHaveLength(2);
  });

  it("When a delivery's commit queues a task, then the running worker applies the task at once, without waiting for its next poll", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["asks-for-a-task"]);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tasks: string[] = [];
    const w = new Worker(
      db,
      null,
      {
        board: {
          apply: async ({ commit }) => {
            await gate;
            await commit(async () => undefined, { tasks: [{ name: "follow-up", payload: { n: 1 } }] });
          },
        },
        task: { apply: async ({ delivery, commit }) => void (await commit(async () => tasks.push(delivery.type))) },
      },
      metrics,
      logs.log,
      { pollMs: 60_000 },
    );
    workers.push(w);
    w.start();
    await eventually(() => w.inHand === 1, 5000, "the delivery in a lane");
    // the worker's next round finds nothing and it waits a minute, unless the commit tells it
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await eventually(() => tasks.length === 1, 5000, "the task applied");
    expect(tasks).toEqual(["follow-up"]);
  });

  it("When the worker is stopped twice at once, then both calls wait until the delivery in its lane is finished", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["in-a-lane"]);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = worker(async ({ commit }) => {
      await gate;
      await commit(async () => undefined);
    }, metrics);
    w.start();
    await eventually(() => w.inHand === 1, 5000, "the delivery in a lane");
    const stops: string[] = [];
    const first = w.stop().then(() => stops.push("first"));
    const second = w.stop().then(() => stops.push("second"));
    // both wait for the lane: neither has resolved while the delivery runs
    await eventually(async () => (await db.prisma.delivery.findFirst())?.claimExpiresAt !== null, 5000, "the claim");
    expect(stops).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(stops).toEqual(["first", "second"]);
    expect(await db.prisma.delivery.findFirst()).toMatchObject({ status: "done" });
  });

  it("When a worker that never started is stopped, then nothing changes: asked to drain, it still applies", async () => {
    const { inbox, metrics } = await setup();
    const w = worker(async () => undefined, metrics);
    await w.stop();
    await store(inbox, ["drained"]);
    expect(await w.drainOnce()).toBe(1);
    expect(await db.prisma.delivery.findFirst()).toMatchObject({ status: "done" });
  });

  it("When the worker has stopped, then it claims nothing more, even when asked to drain, and leaves the deliveries to other workers", async () => {
    const { inbox, metrics } = await setup();
    const stopped = worker(async () => undefined, metrics);
    stopped.start();
    await stopped.stop();
    await store(inbox, ["after-stop"]);
    expect(await stopped.drainOnce()).toBe(0);
    expect(await db.prisma.delivery.findFirst()).toMatchObject({ status: "pending", claimToken: null, attempts: 0 });
    expect(await worker(async () => undefined, metrics).drainOnce()).toBe(1);
  });

  it("When a worker applies a delivery, then the delivery records which host and process applied it, and each worker of a process has its own name", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["named"]);
    const w = worker(async () => undefined, metrics);
    const other = worker(async () => undefined, metrics);
    expect(w.id.startsWith(`${hostname()}:${process.pid}:`)).toBe(true);
    expect(w.id.split(":").at(-1)).toMatch(/^[0-9a-f]{8}$/);
    expect(other.id).not.toBe(w.id);
    await w.drainOnce();
    expect(await db.prisma.delivery.findFirst()).toMatchObject({ status: "done", claimedBy: w.id });
  });

  it("With its default settings, a failed attempt comes back after about 2 s, the delay doubles with each attempt, and the 8th failed attempt is the last", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["first-failure", "seventh-failure", "eighth-failure"]);
    // as if they had failed 6 and 7 times already, due now
    await db.prisma.delivery.updateMany({ where: { idempotencyKey: "seventh-failure" }, data: { attempts: 6 } });
    await db.prisma.delivery.updateMany({ where: { idempotencyKey: "eighth-failure" }, data: { attempts: 7 } });
    const defaults = new Worker(
      db,
      null,
      {
        board: {
          apply: async () => {
            throw new Error("monday was down");
          },
        },
      },
      metrics,
      logs.log,
    );
    const before = Date.now();
    expect(await defaults.drainOnce()).toBe(3);
    const after = Date.now();
    const row = (key: string) => db.prisma.delivery.findFirstOrThrow({ where: { idempotencyKey: key } });
    // 2 s, then doubling: the 7th attempt waits 2 s × 2⁶ = 128 s; each ±20 %
    const first = await row("first-failure");
    expect(first).toMatchObject({ status: "retrying", attempts: 1 });
    expect(first.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 1_600);
    expect(first.nextAttemptAt.getTime()).toBeLessThanOrEqual(after + 2_400);
    const seventh = await row("seventh-failure");
    expect(seventh).toMatchObject({ status: "retrying", attempts: 7 });
    expect(seventh.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 102_400);
    expect(seventh.nextAttemptAt.getTime()).toBeLessThanOrEqual(after + 153_600);
    expect(await row("eighth-failure")).toMatchObject({ status: "dead", attempts: 8, lastError: "monday was down" });
  });

  it("When the database refuses the worker's claims, then it says so and claims again once it can", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["claimed-later"]);
    // a claim counts the attempt: the only update that raises the count
    const refused = await refuseDeliveryUpdates(db, "NEW.attempts > OLD.attempts");
    const applied: string[] = [];
    const w = worker(async ({ delivery, commit }) => void (await commit(async () => applied.push(delivery.idempotencyKey))), metrics);
    w.start();
    await eventually(() => logs.withMessage("worker could not claim deliveries; will try again").length > 0, 5000, "the refused claim's log line");
    expect(logs.withMessage("worker could not claim deliveries; will try again")[0]).toMatchObject({ level: 50, err: { message: expect.any(String) } });
    expect(applied).toEqual([]);
    await refused.lift();
    await eventually(() => applied.length === 1, 5000, "the delivery applied once the database accepts claims");
    expect(await db.prisma.delivery.findFirst()).toMatchObject({ status: "done", attempts: 1 });
  });

  it("When a claim of a batch is lost while the batch runs, then nothing of the batch commits and its deliveries are applied one by one", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["batch-1", "batch-2", "batch-3"]);
    const alone: string[] = [];
    const applier: Applier = {
      async apply({ delivery, commit }) {
        await commit(async () => alone.push(delivery.idempotencyKey));
      },
      async applyBatch(batch, { tx }) {
        await tx.boardViewSettings.create({ data: { viewId: "effect-of-the-batch", settings: "{}" } });
        // another worker's claim, as after an expiry: the batch no longer holds this delivery
        await tx.delivery.updateMany({ where: { id: batch[1]!.id }, data: { claimToken: "another-workers-claim" } });
      },
    };
    await worker(applier, metrics).drainOnce();
    expect(logs.withMessage("batch not applied; applying its deliveries one by one")).toMatchObject([
      { level: 20, source: "board", size: 3, err: { message: "a claim in the batch was lost" } },
    ]);
    // the batch's effect and its claim change were rolled back together
    expect(await db.prisma.boardViewSettings.count()).toBe(0);
    expect(alone.sort()).toEqual(["batch-1", "batch-2", "batch-3"]);
    expect(await db.prisma.delivery.count({ where: { status: "done", attempts: 1 } })).toBe(3);
  });

  it("When an attempt fails, then the delivery comes back after the backoff for its attempt number", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["backs-off"]);
    const before = Date.now();
    await worker(
      async () => {
        throw new Error("monday was down");
      },
      metrics,
      { backoff: { baseMs: 60_000, maxMs: 600_000 } },
    ).drainOnce();
    const after = Date.now();
    const row = await db.prisma.delivery.findFirstOrThrow();
    expect(row).toMatchObject({ status: "retrying", attempts: 1 });
    // the first attempt's delay is the base, ±20 %
    expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 48_000);
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(after + 72_000);
    // not due yet: nothing to claim
    expect(await worker(async () => undefined, metrics).drainOnce()).toBe(0);
  });

  it("When some deliveries of a batch may not be batched, then they are applied one by one and the rest together", async () => {
    const { inbox, metrics } = await setup();
    await store(inbox, ["together-1", "alone-1", "together-2", "alone-2"]);
    const alone: string[] = [];
    const together: string[][] = [];
    const applier: Applier = {
      async apply({ delivery, commit }) {
        await commit(async () => alone.push(delivery.idempotencyKey));
      },
      async applyBatch(batch) {
        together.push(batch.map((d) => d.idempotencyKey).sort());
      },
      batchable: (d) => d.idempotencyKey.startsWith("together"),
    };
    await worker(applier, metrics).drainOnce();
    expect(together).toEqual([["together-1", "together-2"]]);
    expect(alone.sort()).toEqual(["alone-1", "alone-2"]);
    expect(await db.prisma.delivery.count({ where: { status: "done" } })).toBe(4);
  });

  it("When a delivery's source has no applier, then its attempt fails with that reason and is retried", async () => {
    const { inbox, metrics } = await setup();
    await inbox.accept({ source: "lifecycle", type: "install", idempotencyKey: "nobody-applies", payload: "{}" });
    await worker(async () => undefined, metrics).drainOnce();
    expect(await db.prisma.delivery.findFirst()).toMatchObject({ status: "retrying", lastError: "no applier for source lifecycle" });
  });

  it("When the inbox stores a delivery, then a running worker applies it at once, without waiting for its next poll; stopped and started again, it carries on", async () => {
    const { inbox, metrics } = await setup();
    const applied: string[] = [];
    const w = new Worker(
      db,
      inbox,
      { board: { apply: async ({ delivery, commit }) => void (await commit(async () => applied.push(delivery.idempotencyKey))) } },
      metrics,
      logs.log,
      {
        pollMs: 60_000,
      },
    );
    workers.push(w);
    w.start();
    w.start();
    expect(inbox.listenerCount("stored")).toBe(1);
    // the first round found nothing: the worker now waits a minute unless it is told
    await new Promise((resolve) => setTimeout(resolve, 200));
    await store(inbox, ["told"]);
    await eventually(() => applied.includes("told"), 5_000, "the stored delivery applied");

    await w.stop();
    await w.stop();
    expect(inbox.listenerCount("stored")).toBe(0);
    await store(inbox, ["while-stopped"]);
    expect(await db.prisma.delivery.findFirst({ where: { idempotencyKey: "while-stopped" } })).toMatchObject({ status: "pending", claimToken: null });
    w.start();
    await eventually(() => applied.includes("while-stopped"), 5_000, "the delivery stored while stopped applied after the restart");
    await store(inbox, ["after-restart"]);
    await eventually(() => applied.includes("after-restart"), 5_000, "the next one applied at once");
  });
});
