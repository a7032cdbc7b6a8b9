// Bounded storage on SQLite and PostgreSQL: with a hundred thousand old applied deliveries stored,
// the worker deletes them in small batches while monday's deliveries keep being stored, keeps dead
// ones until their own retention, and leaves every webhook's health as it was (the webhooks'
// delivery counts kept only for the 31 days they are read for).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketOf } from "../../server/board-webhooks/delivery-counts.ts";
import { webhookHealth } from "../../server/board-webhooks/webhook-health.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually, startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { insertDeliveries } from "../helpers/stored-deliveries.ts";

const kinds = await databaseKinds();
const DAY = 24 * 3600_000;
const SILENT_AFTER = 72 * 3600_000;

describe.each(kinds)("delivery retention on %s", (kind) => {
  let hb: RunningHookboard;
  beforeAll(async () => {
    // the defaults (30 days applied, 90 dead), looked for every 100 ms instead of every 10 minutes
    hb = await startHookboard({ kind, worker: { retention: { doneMs: 30 * DAY, deadMs: 90 * DAY, batchSize: 500, everyMs: 100 } } });
  });
  afterAll(() => hb.stop({ drop: true }));

  it("When 100,000 applied deliveries are older than the retention, then they are deleted in batches while intake goes on, dead ones are kept until their own retention, and health is unchanged", async () => {
    const { db, metrics } = hb.hookboard;
    const prisma = db.prisma;
    const now = Date.now();
    const busy = randomUUID();
    const quiet = randomUUID();
    for (const [id, last] of [
      [busy, new Date(now - 60_000)],
      [quiet, new Date(now - 40 * DAY)],
    ] as const) {
      await prisma.boardWebhook.create({
        data: { id, accountId: "8001", boardId: "4004", event: "change_column_value", urlToken: id, state: "active", lastDeliveryAt: last },
      });
    }
    const healthWith = async () =>
      Promise.all(
        [busy, quiet].map(async (id) => webhookHealth(prisma, await prisma.boardWebhook.findUniqueOrThrow({ where: { id } }), SILENT_AFTER, new Date(now))),
      );

    // the busy webhook: 300 in the last day (4 of them failed) and 100,000 applied 31 to 100 days ago;
    // dead ones 40 days old (kept) and 95 days old (deleted); the quiet webhook's last were 40 days ago
    await insertDeliveries(db, { webhookId: busy, count: 300, newest: new Date(now - 60_000), spreadMinutes: 1200, failed: 4 });
    await insertDeliveries(db, { webhookId: busy, count: 100_000, newest: new Date(now - 31 * DAY), spreadMinutes: 100_000, failed: 0 });
    await insertDeliveries(db, { webhookId: busy, count: 30, newest: new Date(now - 40 * DAY), spreadMinutes: 10, failed: 30, failedAs: "dead" });
    await insertDeliveries(db, { webhookId: busy, count: 10, newest: new Date(now - 95 * DAY), spreadMinutes: 10, failed: 10, failedAs: "dead" });
    await insertDeliveries(db, { webhookId: quiet, count: 20, newest: new Date(now - 40 * DAY), spreadMinutes: 10, failed: 0 });
    const before = await healthWith();
    expect(before.map((h) => h.state)).toEqual(["failing", "silent"]);
    expect(before[0]).toMatchObject({ deliveries24h: 300, failures24h: 4 });

    // intake while the worker prunes: every delivery stored and answered
    const old = () => prisma.delivery.count({ where: { status: "done", receivedAt: { lt: new Date(now - 30 * DAY) } } });
    const stillOldWhenStored: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await sendLifecycle(
        hb.url,
        lifecycleBody("app_subscription_renewed", { accountId: 8001, timestamp: new Date(now - i * 1000).toISOString() }),
      );
      expect(res.status).toBe(200);
      stillOldWhenStored.push(await old());
    }
    expect(stillOldWhenStored[0]).toBeGreaterThan(0);

    await eventually(async () => (await old()) === 0, 120_000, "old applied deliveries deleted");
    await eventually(async () => (await prisma.delivery.count({ where: { status: "dead", receivedAt: { lt: new Date(now - 90 * DAY) } } })) === 0, 10_000);
    expect(metrics.get("hookboard_deliveries_pruned_total", { status: "done" })).toBe(100_020);
    expect(metrics.get("hookboard_deliveries_pruned_total", { status: "dead" })).toBe(10);
    expect(await prisma.delivery.count({ where: { status: "dead" } })).toBe(30 + 2);
    expect(await prisma.delivery.count({ where: { source: "lifecycle", accountId: "8001" } })).toBe(20);
    // the webhooks' delivery counts: the buckets of the last 31 days are kept (the daily chart reaches back 30), older ones deleted
    expect(await prisma.webhookDeliveryCount.count({ where: { bucket: { lt: bucketOf(new Date(now - 31 * DAY)) } } })).toBe(0);
    const recent = await prisma.webhookDeliveryCount.aggregate({
      where: { webhookId: busy, bucket: { gte: bucketOf(new Date(now - 2 * DAY)) } },
      _sum: { deliveries: true },
    });
    expect(recent._sum.deliveries).toBe(300);

    // health as before: the day's figures from the deliveries kept, the quiet webhook still silent (its last delivery kept on it)
    expect(await healthWith()).toEqual(before);
  }, 180_000);
});
