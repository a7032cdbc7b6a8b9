// A webhook's health in the board view: missing when monday no longer has it (reconciled), failing
// when its deliveries could not be processed, waiting until its first delivery, silent after a long
// quiet time, healthy otherwise;
// with the right figures when a hundred thousand deliveries are stored (a day's count comes from the
// webhook's 5-minute buckets, exact at the day's start).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { apiGet } from "../helpers/http.ts";
import { insertDeliveries } from "../helpers/stored-deliveries.ts";
import { bucketOf } from "../../server/board-webhooks/delivery-counts.ts";
import { SEED_BOARD_EVENTS } from "../../server/cli/simulate/board-samples.ts";
import {
  connect,
  createWebhook,
  deleteWebhook,
  listWebhooks,
  reconcileWebhooks,
  startHookboardWithMonday,
  type HookboardWithMonday,
  type WebhookJson,
} from "../helpers/monday-standin/hookboard-with-monday.ts";

const kinds = await databaseKinds();
const HOUR = 3600_000;

describe.each(kinds)("board webhook health on %s", (kind) => {
  const user = { accountId: "8001", userId: "81" };
  const board = "4004";
  let world: HookboardWithMonday;
  // the app's own handler refuses events of this item, so their deliveries fail
  const poisonedItem = 666;

  beforeAll(async () => {
    world = await startHookboardWithMonday({
      kind,
      worker: { maxAttempts: 2 },
      register: (handlers) =>
        handlers.on("board:*", async (event) => {
          if (event.item?.id === String(poisonedItem)) throw new Error("the app could not handle this item");
        }),
    });
    world.monday.boards.addBoard(user.accountId, board);
    await connect(world, user);
  });
  afterAll(() => world.stop());

  const create = async (event: string) => {
    const res = await createWebhook(world.hb.url, user, board, { event });
    expect(res.status).toBe(201);
    return res.body;
  };
  const healthOf = async (webhook: WebhookJson) => {
    const res = await listWebhooks(world.hb.url, user, board);
    expect(res.status).toBe(200);
    return res.body.webhooks.find((w) => w.id === webhook.id);
  };

  const reconciled = async (webhook: WebhookJson) => {
    const res = await reconcileWebhooks(world.hb.url, user, board);
    expect(res.status).toBe(200);
    return res.body.webhooks.find((w) => w.id === webhook.id);
  };

  it("When monday no longer has a webhook, then reconciling marks it missing, and as before (waiting for its first event) once monday has it back", async () => {
    const webhook = await create("item_deleted");
    const atMonday = world.monday.boards.webhooks.get(webhook.mondayWebhookId!)!;
    world.monday.boards.forget(atMonday.id);

    expect(await healthOf(webhook)).toMatchObject({ state: "active" });
    expect(await reconciled(webhook)).toMatchObject({ state: "missing", health: { state: "missing" } });
    expect(await healthOf(webhook)).toMatchObject({ state: "missing", health: { state: "missing" } });
    expect((await world.hb.hookboard.db.prisma.boardWebhook.findUniqueOrThrow({ where: { id: webhook.id } })).state).toBe("missing");

    world.monday.boards.webhooks.set(atMonday.id, atMonday);
    expect(await reconciled(webhook)).toMatchObject({ state: "active", health: { state: "waiting" } });
  });

  it("When a missing webhook is deleted, then Hookboard forgets it without asking monday to delete what it no longer has", async () => {
    const webhook = await create("item_restored");
    world.monday.boards.forget(webhook.mondayWebhookId!);
    await reconciled(webhook);
    const deletes = world.monday.standin.calls("delete_webhook").length;
    expect((await deleteWebhook(world.hb.url, user, board, webhook.id)).status).toBe(204);
    expect(world.monday.standin.calls("delete_webhook").length).toBe(deletes);
    expect(await healthOf(webhook)).toBeUndefined();
  });

  it("When monday cannot be asked while reconciling, then the board view is told so and Hookboard's records stay as they are", async () => {
    const webhook = await create("edit_update");
    world.monday.boards.failNext("webhooks", { status: 500, body: { error_message: "Internal server error" } });
    const res = await reconcileWebhooks(world.hb.url, user, board);
    expect(res.status).toBeGreaterThanOrEqual(502);
    expect(await healthOf(webhook)).toMatchObject({ state: "active", health: { state: "waiting" } });
  });

  it("When the app cannot process a webhook's deliveries, then the webhook is failing with the number of failures of the last day", async () => {
    const webhook = await create("create_item");
    const ok = await world.monday.boards.deliver(webhook.mondayWebhookId!, { ...SEED_BOARD_EVENTS.create_item.event, triggerUuid: randomUUID() });
    const bad = await world.monday.boards.deliver(webhook.mondayWebhookId!, {
      ...SEED_BOARD_EVENTS.create_item.event,
      pulseId: poisonedItem,
      triggerUuid: randomUUID(),
    });
    expect([ok.status, bad.status]).toEqual([200, 200]);
    await eventually(
      async () => (await world.hb.hookboard.db.prisma.delivery.count({ where: { webhookId: webhook.id, status: { in: ["done", "dead"] } } })) === 2,
      10_000,
      "both processed",
    );

    const listed = await healthOf(webhook);
    expect(listed?.health).toMatchObject({ state: "failing", deliveries24h: 2, failures24h: 1 });
    const deliveries = await apiGet<{ deliveries: { webhookId: string; status: string }[] }>(world.hb.url, `/api/deliveries?boardId=${board}`, user);
    expect(
      deliveries.body.deliveries
        .filter((d) => d.webhookId === webhook.id)
        .map((d) => d.status)
        .sort(),
    ).toEqual(["dead", "done"]);
  });

  it("When a webhook has received nothing yet, then it is waiting for its first event however old it is, and its first delivery makes it healthy", async () => {
    const webhook = await create("item_archived");
    const prisma = world.hb.hookboard.db.prisma;
    expect((await healthOf(webhook))?.health).toEqual({ state: "waiting", lastDeliveryAt: null, deliveries24h: 0, failures24h: 0 });
    // made four days ago (past the 72-hour silence threshold): still nothing has shown that deliveries arrive
    await prisma.boardWebhook.update({ where: { id: webhook.id }, data: { createdAt: new Date(Date.now() - 96 * HOUR) } });
    expect((await healthOf(webhook))?.health.state).toBe("waiting");

    const event = { ...SEED_BOARD_EVENTS.create_item.event, type: "archive_pulse", triggerUuid: randomUUID() };
    const res = await world.monday.boards.deliver(webhook.mondayWebhookId!, event);
    expect(res.status).toBe(200);
    const healthy = await eventually(
      async () => {
        const health = (await healthOf(webhook))?.health;
        return health?.state === "healthy" ? health : null;
      },
      10_000,
      "healthy after the first delivery",
    );
    expect(healthy).toMatchObject({ deliveries24h: 1, failures24h: 0 });
    expect(healthy.lastDeliveryAt).not.toBeNull();

    // monday's retry of the same event is not a second delivery
    const again = await world.monday.boards.deliver(webhook.mondayWebhookId!, event);
    expect(again.status).toBe(200);
    expect((await healthOf(webhook))?.health).toMatchObject({ deliveries24h: 1 });
  });

  it("When a webhook has had no delivery for longer than the silence threshold, then it is silent, and a delivery makes it healthy again", async () => {
    const webhook = await create("change_name");
    const prisma = world.hb.hookboard.db.prisma;
    const deliver = () =>
      world.monday.boards.deliver(webhook.mondayWebhookId!, { ...SEED_BOARD_EVENTS.create_item.event, type: "update_name", triggerUuid: randomUUID() });
    expect((await deliver()).status).toBe(200);
    await eventually(async () => (await healthOf(webhook))?.health.state === "healthy", 10_000, "healthy after its first delivery");
    // applied first: applying it keeps its time on the webhook, which must not undo the move below
    await eventually(async () => (await prisma.delivery.count({ where: { webhookId: webhook.id, status: "done" } })) === 1, 10_000, "applied");
    // that delivery was four days ago (the default threshold is 72 hours)
    const fourDaysAgo = new Date(Date.now() - 96 * HOUR);
    await prisma.delivery.updateMany({ where: { webhookId: webhook.id }, data: { receivedAt: fourDaysAgo } });
    await prisma.webhookDeliveryCount.updateMany({ where: { webhookId: webhook.id }, data: { bucket: bucketOf(fourDaysAgo) } });
    await prisma.boardWebhook.update({ where: { id: webhook.id }, data: { lastDeliveryAt: fourDaysAgo } });
    expect((await healthOf(webhook))?.health).toEqual({ state: "silent", lastDeliveryAt: fourDaysAgo.toISOString(), deliveries24h: 0, failures24h: 0 });

    expect((await deliver()).status).toBe(200);
    await eventually(async () => (await healthOf(webhook))?.health.state === "healthy", 10_000, "healthy again");
  });

  it("When a hundred thousand deliveries are stored, then the health figures count exactly the last day's deliveries and failures", async () => {
    const webhook = await create("change_column_value");
    const now = Date.now();
    // 60,000 in the last day (12 of them failed), 40,000 older (7 of them failed), plus another webhook's failures;
    // and, a minute either side of the day's start, 7 in and 5 out (the 5-minute bucket the day starts in is counted exactly)
    const db = world.hb.hookboard.db;
    await insertDeliveries(db, { webhookId: webhook.id, count: 60_000, newest: new Date(now - 5_000), spreadMinutes: 1380, failed: 12 });
    await insertDeliveries(db, { webhookId: webhook.id, count: 40_000, newest: new Date(now - 25 * HOUR), spreadMinutes: 5000, failed: 7 });
    await insertDeliveries(db, { webhookId: webhook.id, count: 7, newest: new Date(now - 24 * HOUR + 60_000), spreadMinutes: 1, failed: 0 });
    await insertDeliveries(db, { webhookId: webhook.id, count: 5, newest: new Date(now - 24 * HOUR - 60_000), spreadMinutes: 1, failed: 0 });
    await insertDeliveries(db, { webhookId: randomUUID(), count: 2_000, newest: new Date(now - 1000), spreadMinutes: 10, failed: 2_000 });
    expect(await db.prisma.delivery.count({ where: { webhookId: webhook.id } })).toBe(100_012);

    const listed = await healthOf(webhook);
    expect(listed?.health).toEqual({ state: "failing", lastDeliveryAt: new Date(now - 5_000).toISOString(), deliveries24h: 60_007, failures24h: 12 });
  });

  it("When deliveries arrive either side of a UTC midnight, then the daily chart puts each on its own day, with that day's failures", async () => {
    const webhook = await create("create_subitem");
    const db = world.hb.hookboard.db;
    const today = new Date(new Date().toISOString().slice(0, 10)).getTime();
    const midnight = today - 2 * 24 * HOUR;
    await insertDeliveries(db, { webhookId: webhook.id, count: 5, newest: new Date(midnight - 30_000), spreadMinutes: 1, failed: 0 });
    await insertDeliveries(db, { webhookId: webhook.id, count: 3, newest: new Date(midnight + 30_000), spreadMinutes: 1, failed: 1, failedAs: "dead" });
    const res = await apiGet<{ days: string[]; webhooks: { webhookId: string; days: { date: string; deliveries: number; failures: number }[] }[] }>(
      world.hb.url,
      `/api/boards/${board}/deliveries/daily`,
      user,
    );
    expect(res.status).toBe(200);
    const chart = res.body.webhooks.find((w) => w.webhookId === webhook.id)!.days;
    expect(chart.map((d) => [d.date, d.deliveries, d.failures])).toEqual(
      res.body.days.map((date) => [
        date,
        date === new Date(midnight - 1).toISOString().slice(0, 10) ? 5 : date === new Date(midnight).toISOString().slice(0, 10) ? 3 : 0,
        date === new Date(midnight).toISOString().slice(0, 10) ? 1 : 0,
      ]),
    );
  });
});
