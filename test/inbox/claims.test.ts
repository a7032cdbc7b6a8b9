// The one claim protocol and the attempt it lends, on both databases: what is claimed and in which
// order, what a claimed delivery carries, an attempt's commits (done once, steps once, tasks in the
// same transaction, nothing under a lost claim or while stopping), failures recorded with their
// history, claims released and renewed, and a delivery put back by hand.
import { describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client.ts";
import { attemptOn } from "../../server/inbox/attempt.ts";
import { claimDue, claimOne, LostClaimError, recordFailure, release, renew, requeue } from "../../server/inbox/claims.ts";
import type { ClaimedDelivery } from "../../server/inbox/delivery.ts";
import { Inbox } from "../../server/inbox/inbox.ts";
import { Metrics } from "../../server/ops/metrics.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { migratedDatabasePerTest } from "../helpers/migrated-database.ts";
import { captureLog } from "../helpers/log-capture.ts";
import { refuseDeliveryUpdates } from "../helpers/refused-updates.ts";

const kinds = await databaseKinds();
const { log } = captureLog();
const MINUTE = 60_000;

describe.each(kinds)("the claim protocol on %s", (kind) => {
  let db: Db;
  const openDatabase = migratedDatabasePerTest(kind);

  async function setup() {
    db = await openDatabase();
    return new Inbox(db, new Metrics());
  }

  const stored = (inbox: Inbox, key: string, extra: Partial<Parameters<Inbox["accept"]>[0]> = {}) =>
    inbox.accept({ source: "board", type: "create_pulse", idempotencyKey: key, accountId: "7001", payload: `{"key":"${key}"}`, ...extra }).then((a) => a.id);
  const row = (id: string) => db.prisma.delivery.findUniqueOrThrow({ where: { id } });
  const set = (id: string, data: Parameters<Db["prisma"]["delivery"]["update"]>[0]["data"]) => db.prisma.delivery.update({ where: { id }, data });
  const attempt = (d: ClaimedDelivery, options: Partial<Parameters<typeof attemptOn>[3]> = {}) =>
    attemptOn(db, d, log, { transactionTimeoutMs: 5_000, ...options });

  it("When deliveries are due, then the oldest due are claimed first, up to the limit, under one token, with an expiry and the attempt counted", async () => {
    const inbox = await setup();
    const now = Date.now();
    const ids = {
      second: await stored(inbox, "second", { notBefore: new Date(now - 2 * MINUTE) }),
      first: await stored(inbox, "first", { notBefore: new Date(now - 3 * MINUTE) }),
      third: await stored(inbox, "third", { notBefore: new Date(now - 1 * MINUTE) }),
      later: await stored(inbox, "later", { notBefore: new Date(now + MINUTE) }),
      done: await stored(inbox, "done", { notBefore: new Date(now - 5 * MINUTE) }),
      dead: await stored(inbox, "dead", { notBefore: new Date(now - 5 * MINUTE) }),
      held: await stored(inbox, "held", { notBefore: new Date(now - 5 * MINUTE) }),
      expired: await stored(inbox, "expired", { notBefore: new Date(now - 30_000) }),
      retrying: await stored(inbox, "retrying", { notBefore: new Date(now - 20_000) }),
    };
    await set(ids.done, { status: "done" });
    await set(ids.dead, { status: "dead" });
    await set(ids.held, { claimToken: "someone-else", claimExpiresAt: new Date(now + MINUTE) });
    await set(ids.expired, { claimToken: "a-dead-process", claimExpiresAt: new Date(now - 1_000), attempts: 1 });
    await set(ids.retrying, { status: "retrying", attempts: 2 });

    const firstTwo = await claimDue(db, "worker-a", 2, 30_000);
    // which are claimed is the oldest due (the order of the returned rows is the database's)
    expect(firstTwo.map((d) => d.idempotencyKey).sort()).toEqual(["first", "second"]);
    const rest = await claimDue(db, "worker-b", 10, 30_000);
    expect(rest.map((d) => d.idempotencyKey).sort()).toEqual(["expired", "retrying", "third"]);
    expect(await claimDue(db, "worker-c", 10, 30_000)).toEqual([]);

    expect(new Set(firstTwo.map((d) => d.claimToken)).size).toBe(1);
    expect(firstTwo[0]!.claimToken).not.toBe(rest[0]!.claimToken);
    const claimed = await row(ids.first);
    expect(claimed).toMatchObject({ claimToken: firstTwo[0]!.claimToken, claimedBy: "worker-a", attempts: 1, status: "pending" });
    expect(claimed.claimExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(claimed.claimExpiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 30_000);
    expect(rest.find((d) => d.idempotencyKey === "expired")!.attempts).toBe(2);
    expect(rest.find((d) => d.idempotencyKey === "retrying")!.attempts).toBe(3);
    expect(await row(ids.held)).toMatchObject({ claimToken: "someone-else", attempts: 0 });
  });

  it("When a delivery is claimed, then it carries everything it was stored with; a meta that is not a JSON object reads as empty", async () => {
    const inbox = await setup();
    const receivedAt = new Date("2026-11-30T10:07:30.123Z");
    const id = await stored(inbox, "full", {
      boardId: "9001",
      webhookId: "wh-1",
      meta: { authenticated: true },
      requestId: "req-1",
      receivedAt,
      notBefore: new Date(),
    });
    const [d] = await claimDue(db, "worker-a", 10, 30_000);
    expect(d).toEqual({
      id,
      source: "board",
      type: "create_pulse",
      idempotencyKey: "full",
      accountId: "7001",
      boardId: "9001",
      webhookId: "wh-1",
      payload: '{"key":"full"}',
      meta: { authenticated: true },
      attempts: 1,
      requestId: "req-1",
      receivedAt,
      claimToken: expect.any(String) as string,
    });
    for (const meta of ["not json", "[1,2]", "null", '"text"', "5", "true"]) {
      const other = await stored(inbox, `meta-${meta}`);
      await set(other, { meta });
      const claimedOne = await claimOne(db.prisma, other, "route", 30_000);
      // toEqual: toMatchObject would take an array, or any object, for {}
      expect({ meta, claimed: claimedOne!.meta }).toEqual({ meta, claimed: {} });
      expect(claimedOne).toMatchObject({ boardId: null, webhookId: null, requestId: null });
    }
  });

  it("When the route claims one delivery, then it gets it only while it is pending or retrying and nobody holds it", async () => {
    const inbox = await setup();
    const id = await stored(inbox, "one");
    const first = await claimOne(db.prisma, id, "route-a", 30_000);
    expect(first).toMatchObject({ id, attempts: 1 });
    expect(await row(id)).toMatchObject({ claimedBy: "route-a", claimToken: first!.claimToken });
    expect(await claimOne(db.prisma, id, "route-b", 30_000)).toBeNull();

    await set(id, { claimExpiresAt: new Date(Date.now() - 1) });
    expect(await claimOne(db.prisma, id, "route-b", 30_000)).toMatchObject({ id, attempts: 2 });
    await set(id, { claimExpiresAt: null, claimToken: null, status: "retrying" });
    expect(await claimOne(db.prisma, id, "route-c", 30_000)).toMatchObject({ attempts: 3 });
    for (const status of ["done", "dead"]) {
      await set(id, { claimExpiresAt: null, claimToken: null, status });
      expect(await claimOne(db.prisma, id, "route-d", 30_000)).toBeNull();
    }
    expect(await claimOne(db.prisma, "no-such-delivery", "route-d", 30_000)).toBeNull();
  });

  it("When an attempt commits, then its work and the delivery's end are one transaction, once, and nothing is committed under a lost claim", async () => {
    const inbox = await setup();
    const id = await stored(inbox, "commit");
    await set(id, { lastError: "an earlier failure" });
    const [d] = await claimDue(db, "worker-a", 1, 30_000);
    const a = attempt(d!);
    expect(a.done).toBe(false);
    const before = Date.now();
    expect(await a.commit(async (tx) => tx.account.create({ data: { id: "7001", orderKey: "k" } }).then(() => "the work's value"))).toBe("the work's value");
    expect(a.done).toBe(true);
    const done = await row(id);
    expect(done).toMatchObject({ status: "done", claimToken: null, claimExpiresAt: null, lastError: null, claimedBy: "worker-a" });
    expect(done.processedAt!.getTime()).toBeGreaterThanOrEqual(before - 5);
    await expect(a.commit(async () => undefined)).rejects.toThrow(new LostClaimError(`delivery ${id} is done already`));

    // another process took the delivery over: the late commit's work is rolled back
    const other = await stored(inbox, "taken-over");
    const [late] = await claimDue(db, "worker-a", 1, 30_000);
    await set(other, { claimToken: "worker-b-token" });
    const lateAttempt = attempt(late!);
    await expect(lateAttempt.commit((tx) => tx.account.create({ data: { id: "7002", orderKey: "k" } }))).rejects.toThrow(LostClaimError);
    await expect(lateAttempt.commitStep("handler", (tx) => tx.account.create({ data: { id: "7003", orderKey: "k" } }))).rejects.toThrow(LostClaimError);
    expect(lateAttempt.done).toBe(false);
    expect((await db.prisma.account.findMany()).map((x) => x.id)).toEqual(["7001"]);
    expect(await db.prisma.deliveryStep.count()).toBe(0);
    expect(await row(other)).toMatchObject({ status: "pending", claimToken: "worker-b-token" });
  });

  it("When an attempt commits steps, then each is recorded with its result for later attempts, and the tasks it asked for exist exactly when its work committed", async () => {
    const inbox = await setup();
    const id = await stored(inbox, "steps", { requestId: "req-steps" });
    const [d] = await claimDue(db, "worker-a", 1, 30_000);
    let queued = 0;
    const a = attempt(d!, { onTasksQueued: () => queued++ });
    expect(await a.completedSteps()).toEqual(new Map());
    await a.commitStep("core", async () => ({ newest: true }), { resultOf: (v) => JSON.stringify(v) });
    await a.commitStep("audit", async () => "ignored", { tasks: [{ name: "notify", payload: { to: "ops" } }] });
    expect(queued).toBe(1);
    expect(a.done).toBe(false);
    await expect(
      a.commitStep(
        "broken",
        async (tx) => {
          await tx.account.create({ data: { id: "7009", orderKey: "k" } });
          throw new Error("handler failed");
        },
        { tasks: [{ name: "never", payload: null }] },
      ),
    ).rejects.toThrow("handler failed");
    expect(queued).toBe(1);
    expect(await a.completedSteps()).toEqual(
      new Map([
        ["core", '{"newest":true}'],
        ["audit", null],
      ]),
    );
    expect(await db.prisma.account.count()).toBe(0);
    expect(await row(id)).toMatchObject({ status: "pending", claimToken: d!.claimToken });

    const tasks = await db.prisma.delivery.findMany({ where: { source: "task" } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ type: "notify", accountId: "7001", requestId: "req-steps", status: "pending", payload: '{"to":"ops"}' });
    // a later attempt (the first one's claim expired) sees the steps the first committed
    await set(id, { claimExpiresAt: new Date(Date.now() - 1) });
    const again = attempt((await claimOne(db.prisma, id, "worker-b", 30_000))!);
    expect(await again.completedSteps()).toEqual(
      new Map([
        ["core", '{"newest":true}'],
        ["audit", null],
      ]),
    );
    await again.commit(async () => undefined, { tasks: [{ name: "notify-after-done", payload: 1 }] });
    expect(await db.prisma.delivery.count({ where: { source: "task" } })).toBe(2);
    // the first attempt's claim is gone: a step it tries now is refused, saying whose claim was lost
    await expect(a.commitStep("late", async () => undefined)).rejects.toMatchObject({ name: "LostClaimError", message: `claim on ${id} was lost` });

    // another delivery's attempt sees its own steps only
    const otherId = await stored(inbox, "other-steps");
    const other = attempt((await claimOne(db.prisma, otherId, "worker-a", 30_000))!);
    expect(await other.completedSteps()).toEqual(new Map());
    await other.commitStep("core", async () => "mine", { resultOf: (v) => v });
    expect(await other.completedSteps()).toEqual(new Map([["core", "mine"]]));
  });

  it("When Hookboard is stopping, then an attempt commits nothing more", async () => {
    const inbox = await setup();
    const id = await stored(inbox, "stopping");
    const [d] = await claimDue(db, "worker-a", 1, 30_000);
    const stopping = new AbortController();
    const a = attempt(d!, { stopping: stopping.signal });
    stopping.abort();
    await expect(a.commit((tx) => tx.account.create({ data: { id: "7001", orderKey: "k" } }))).rejects.toThrow(LostClaimError);
    await expect(a.commitStep("core", (tx) => tx.account.create({ data: { id: "7001", orderKey: "k" } }))).rejects.toThrow("Hookboard is stopping");
    expect(await db.prisma.account.count()).toBe(0);
    expect(await row(id)).toMatchObject({ status: "pending", claimToken: d!.claimToken });
  });

  it("When an attempt's work outlasts its own time limit, then it is rolled back and the delivery stays claimed", async () => {
    const inbox = await setup();
    const id = await stored(inbox, "slow");
    const [d] = await claimDue(db, "worker-a", 1, 30_000);
    const slow = (tx: Parameters<Parameters<ReturnType<typeof attempt>["commit"]>[0]>[0]) =>
      tx.account.create({ data: { id: "7001", orderKey: "k" } }).then(() => new Promise((resolve) => setTimeout(resolve, 800)));
    await expect(attempt(d!).commit(slow, { timeoutMs: 200 })).rejects.toThrow();
    await expect(attempt(d!, { transactionTimeoutMs: 200 }).commitStep("core", slow)).rejects.toThrow();
    expect(await db.prisma.account.count()).toBe(0);
    expect(await row(id)).toMatchObject({ status: "pending" });
  });

  it("When an attempt fails, then the delivery goes back to retrying or dead with the reason and its history, unless its claim was lost", async () => {
    const inbox = await setup();
    const id = await stored(inbox, "fails");
    const [d] = await claimDue(db, "worker-a", 1, 30_000);
    const next = new Date(Date.now() + 5 * MINUTE);
    const long = "x".repeat(2_500);
    expect(await recordFailure(db.prisma, d!, { message: long, dead: false, nextAttemptAt: next })).toBe(true);
    expect(await row(id)).toMatchObject({ status: "retrying", nextAttemptAt: next, lastError: long, claimToken: null, claimedBy: null, claimExpiresAt: null });
    // a second report under the same (now released) claim changes nothing
    expect(await recordFailure(db.prisma, d!, { message: "late", dead: true, nextAttemptAt: next })).toBe(false);

    await set(id, { nextAttemptAt: new Date(Date.now() - 1) });
    const [again] = await claimDue(db, "worker-a", 1, 30_000);
    expect(await recordFailure(db.prisma, again!, { message: "gave up", dead: true, nextAttemptAt: next })).toBe(true);
    expect(await row(id)).toMatchObject({ status: "dead", lastError: "gave up", attempts: 2 });
    const history = await db.prisma.deliveryAttempt.findMany({ where: { deliveryId: id }, orderBy: { at: "asc" } });
    expect(history.map((h) => h.error)).toEqual(["x".repeat(2_000), "gave up"]);
  });

  it("When a worker gives back a claimed delivery it did not start, then it is free again and the attempt is not counted", async () => {
    const inbox = await setup();
    const id = await stored(inbox, "given-back");
    const [d] = await claimDue(db, "worker-a", 1, 30_000);
    await release(db.prisma, { id, claimToken: "not-the-token" });
    expect(await row(id)).toMatchObject({ claimToken: d!.claimToken, attempts: 1 });
    await release(db.prisma, d!);
    expect(await row(id)).toMatchObject({ status: "pending", claimToken: null, claimedBy: null, claimExpiresAt: null, attempts: 0 });
    expect(await claimDue(db, "worker-b", 1, 30_000)).toHaveLength(1);
  });

  it("When two workers claim at the same moment, then no delivery is claimed by both and each claimed one counts one attempt", async () => {
    const inbox = await setup();
    const ids = await Promise.all(Array.from({ length: 60 }, (_, i) => stored(inbox, `contended-${i}`)));
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all([claimDue(db, "worker-a", 60, 30_000), claimDue(db, "worker-b", 60, 30_000)]);
      const both = a.filter((d) => b.some((e) => e.id === d.id));
      expect({ round, both: both.map((d) => d.id) }).toEqual({ round, both: [] });
      expect(a.length + b.length).toBe(60);
      const rows = await db.prisma.delivery.findMany({ where: { id: { in: ids } }, select: { attempts: true } });
      expect(rows.every((r) => r.attempts === round + 1)).toBe(true);
      // the claims run out, so the next round claims every delivery again
      await db.prisma.delivery.updateMany({ where: { id: { in: ids } }, data: { claimExpiresAt: new Date(Date.now() - 1) } });
    }
  });

  it("When a live worker renews its claims, then exactly the deliveries it holds under that token are extended", async () => {
    const inbox = await setup();
    await stored(inbox, "a");
    await stored(inbox, "b");
    const held = await claimDue(db, "worker-a", 2, 1_000);
    const [a, b] = held;
    const token = a!.claimToken;
    expect(await renew(db.prisma, token, [], 60_000)).toBe(0);
    expect(await renew(db.prisma, "another-token", [a!.id, b!.id], 60_000)).toBe(0);
    expect(await renew(db.prisma, token, [a!.id], 60_000)).toBe(1);
    expect((await row(a!.id)).claimExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect((await row(b!.id)).claimExpiresAt!.getTime()).toBeLessThan(Date.now() + 2_000);
  });

  it("When a delivery is put back by hand, then a held one is left alone, a done one only when asked (its steps forgotten), a failed one keeps its steps", async () => {
    const inbox = await setup();
    const id = await stored(inbox, "replayed");
    const [d] = await claimDue(db, "worker-a", 1, 30_000);
    expect(await requeue(db.prisma, id)).toEqual({ requeued: false, reason: "claimed" });
    await attempt(d!).commitStep("core", async () => undefined);
    await attempt(d!).commit(async () => undefined);
    expect(await requeue(db.prisma, id)).toEqual({ requeued: false, reason: "done" });
    expect(await requeue(db.prisma, id, { onlyDead: true, allowDone: true })).toEqual({ requeued: false, reason: "done" });
    expect(await db.prisma.deliveryStep.count()).toBe(1);
    // another delivery's committed step, which replaying this one must not touch
    const bystander = await stored(inbox, "bystander");
    await attempt((await claimOne(db.prisma, bystander, "worker-a", 30_000))!).commitStep("core", async () => undefined);
    expect(await requeue(db.prisma, id, { allowDone: true })).toEqual({ requeued: true, previous: { status: "done", attempts: 1 } });
    expect(await row(id)).toMatchObject({ status: "pending", attempts: 0, processedAt: null, claimToken: null, claimedBy: null });
    expect((await db.prisma.deliveryStep.findMany({ select: { deliveryId: true } })).map((s) => s.deliveryId)).toEqual([bystander]);
    await db.prisma.deliveryStep.deleteMany({ where: { deliveryId: bystander } });
    await set(bystander, { status: "done", claimToken: null, claimExpiresAt: null });

    // a dead one with a committed step: the step is kept, so the handler that committed is not run twice
    const [again] = await claimDue(db, "worker-a", 1, 30_000);
    await attempt(again!).commitStep("core", async () => undefined);
    await recordFailure(db.prisma, again!, { message: "later handler failed", dead: true, nextAttemptAt: new Date() });
    expect(await requeue(db.prisma, id, { onlyDead: true })).toEqual({ requeued: true, previous: { status: "dead", attempts: 1 } });
    expect(await db.prisma.deliveryStep.count()).toBe(1);
    // onlyDead on a delivery that is not dead (pending now) changes nothing
    expect(await requeue(db.prisma, id, { onlyDead: true })).toEqual({ requeued: false, reason: "changed" });
    // done again (its step kept), then changed by someone else between requeue's read and its update:
    // nothing changes, its steps included
    await set(id, { status: "done", claimToken: null, claimExpiresAt: null });
    const meanwhile = await refuseDeliveryUpdates(db, "NEW.status = 'pending'", "skip");
    expect(await requeue(db.prisma, id, { allowDone: true })).toEqual({ requeued: false, reason: "changed" });
    await meanwhile.lift();
    expect(await row(id)).toMatchObject({ status: "done" });
    expect(await db.prisma.deliveryStep.count()).toBe(1);
    // a claim that expired does not hold it
    await set(id, { claimToken: "a-dead-process", claimExpiresAt: new Date(Date.now() - 1), status: "retrying", attempts: 4 });
    expect(await requeue(db.prisma, id)).toEqual({ requeued: true, previous: { status: "retrying", attempts: 4 } });
    expect(await row(id)).toMatchObject({ status: "pending", attempts: 0, claimToken: null, claimExpiresAt: null });
  });
});
