// Board webhooks are listed from Hookboard's records alone; monday is asked when a user reconciles
// and on a schedule in the background. A webhook monday dropped is recreated by an admin, or by
// Hookboard itself with auto-repair: same event and config, a new URL monday checks with its
// challenge, the old URL answering 410 and its record kept as replaced.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_BOARD_EVENTS } from "../../server/cli/simulate/board-samples.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/databases.ts";
import { startBoardsMonday, type BoardsMonday } from "../../server/test-kit/monday/webhooks.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { postJson } from "../helpers/http.ts";
import { webhookToken } from "../../server/test-kit/monday-tokens.ts";
import {
  connect,
  createWebhook,
  listWebhooks,
  reconcileWebhooks,
  recreateWebhook,
  startHookboardWithMonday,
  type HookboardWithMonday,
  type WebhookJson,
} from "../helpers/monday-standin/hookboard-with-monday.ts";

const kinds = await databaseKinds();
const event = () => ({ ...SEED_BOARD_EVENTS.create_item.event, triggerUuid: randomUUID() });

describe.each(kinds)("reconciling and recreating board webhooks on %s", (kind) => {
  const admin = { accountId: "9101", userId: "91", isAdmin: true };
  const member = { accountId: "9101", userId: "92", isAdmin: false };
  const board = "9111";
  let world: HookboardWithMonday;
  const prisma = () => world.hb.hookboard.db.prisma;

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind });
    world.monday.boards.addBoard(admin.accountId, board);
    await connect(world, admin);
    await connect(world, member);
  });
  afterAll(() => world.stop());

  const create = async (body: Record<string, unknown> = { event: "create_item" }) => {
    const res = await createWebhook(world.hb.url, admin, board, body);
    expect(res.status).toBe(201);
    return res.body;
  };
  const urlAtMonday = (webhook: WebhookJson) => world.monday.boards.webhooks.get(webhook.mondayWebhookId!)!.url;

  it("When the board view lists webhooks, then monday is not asked, even while it fails every request", async () => {
    const webhook = await create();
    const asked = world.monday.standin.calls("webhooks").length;
    world.monday.boards.failAlways("webhooks", { status: 500, body: { error_message: "Internal server error" } });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await listWebhooks(world.hb.url, admin, board);
        expect(res.status).toBe(200);
        expect(res.body.webhooks.map((w) => w.id)).toContain(webhook.id);
      }
    } finally {
      world.monday.boards.failAlways("webhooks", null);
    }
    expect(world.monday.standin.calls("webhooks").length).toBe(asked);
  });

  it("When a user reconciles, then monday is asked once and the answer is the board's webhooks with the one monday dropped missing", async () => {
    const kept = await create({ event: "create_update" });
    const dropped = await create({ event: "item_archived" });
    world.monday.boards.forget(dropped.mondayWebhookId!);
    const asked = world.monday.standin.calls("webhooks").length;

    const res = await reconcileWebhooks(world.hb.url, member, board);
    expect(res.status).toBe(200);
    expect(world.monday.standin.calls("webhooks").length).toBe(asked + 1);
    const byId = new Map(res.body.webhooks.map((w) => [w.id, w]));
    expect(byId.get(kept.id)).toMatchObject({ state: "active", signed: true, origin: "oauth" });
    expect(byId.get(dropped.id)).toMatchObject({ state: "missing", health: { state: "missing" } });
  });

  it("When an admin recreates a missing webhook, then monday checks the new URL, the new webhook receives, and the old URL answers 410", async () => {
    const config = { columnId: "status", columnValue: { index: 1 } };
    const old = await create({ event: "change_status_column_value", config });
    const oldUrl = urlAtMonday(old);
    world.monday.boards.forget(old.mondayWebhookId!);
    await reconcileWebhooks(world.hb.url, admin, board);

    const res = await recreateWebhook(world.hb.url, admin, board, old.id);
    expect(res.status).toBe(201);
    const fresh = res.body;
    expect(fresh).toMatchObject({ event: "change_status_column_value", config, state: "active", signed: true });
    expect(fresh.id).not.toBe(old.id);
    const newUrl = urlAtMonday(fresh);
    expect(newUrl).not.toBe(oldUrl);
    const challenge = world.monday.boards.challenges.at(-1)!;
    expect([challenge.url, challenge.status, challenge.answer]).toEqual([newUrl, 200, { challenge: challenge.challenge }]);

    const delivered = await world.monday.boards.deliver(fresh.mondayWebhookId!, event());
    expect(delivered.status).toBe(200);
    const before = await prisma().delivery.count();
    // signed as monday signs its retries to the old URL
    const gone = await postJson<{ error: { code: string } }>(
      oldUrl,
      { event: event() },
      { authorization: await webhookToken(admin.accountId, { audience: oldUrl }) },
    );
    expect([gone.status, gone.body.error.code]).toEqual([410, "webhook_gone"]);
    expect(await prisma().delivery.count()).toBe(before);

    expect(await prisma().boardWebhook.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({
      state: "replaced",
      replacedById: fresh.id,
      replaceReason: "recreated",
    });
    const listed = (await listWebhooks(world.hb.url, admin, board)).body.webhooks.map((w) => w.id);
    expect(listed).toContain(fresh.id);
    expect(listed).not.toContain(old.id);
  });

  it("When a member who is not an admin asks to recreate a webhook, then 403 and monday is not asked", async () => {
    const webhook = await create({ event: "item_restored" });
    const creates = world.monday.standin.calls("create_webhook").length;
    const res = await recreateWebhook(world.hb.url, member, board, webhook.id);
    expect(res.status).toBe(403);
    expect(world.monday.standin.calls("create_webhook").length).toBe(creates);
  });

  it("When monday refuses to recreate a webhook, then the old one stays missing and the board view is told", async () => {
    const old = await create({ event: "delete_update" });
    world.monday.boards.forget(old.mondayWebhookId!);
    await reconcileWebhooks(world.hb.url, admin, board);
    world.monday.boards.failNext("create_webhook", {
      status: 200,
      body: { errors: [{ message: "Board is locked", extensions: { code: "USER_UNAUTHORIZED" } }] },
    });
    const res = await recreateWebhook(world.hb.url, admin, board, old.id);
    expect(res.status).toBe(502);
    expect((await prisma().boardWebhook.findUniqueOrThrow({ where: { id: old.id } })).state).toBe("missing");
  });
});

describe.each(kinds)("repairing board webhooks by themselves on %s", (kind) => {
  const user = { accountId: "9201", userId: "93" };
  const board = "9222";
  let world: HookboardWithMonday;
  const prisma = () => world.hb.hookboard.db.prisma;

  beforeAll(async () => {
    // the background reconcile runs every 0.6 s here (minutes in production)
    world = await startHookboardWithMonday({ kind, env: { BOARD_WEBHOOK_AUTO_REPAIR: "true", BOARD_WEBHOOK_RECONCILE_MINUTES: "0.01" } });
    world.monday.boards.addBoard(user.accountId, board);
    await connect(world, user);
  });
  afterAll(() => world.stop());

  it("When monday drops a webhook, then the background reconcile recreates it once: the challenge answered, the new URL receiving, the old one 410", async () => {
    const old = (await createWebhook(world.hb.url, user, board, { event: "create_item" })).body;
    const oldUrl = world.monday.boards.webhooks.get(old.mondayWebhookId!)!.url;
    const manual = (await createWebhook(world.hb.url, user, board, { event: "create_item", mode: "manual" })).body;
    world.monday.boards.forget(old.mondayWebhookId!);

    const replaced = await eventually(
      async () => {
        const row = await prisma().boardWebhook.findUniqueOrThrow({ where: { id: old.id } });
        return row.state === "replaced" ? row : null;
      },
      15_000,
      "the dropped webhook recreated",
    );
    expect(replaced).toMatchObject({ replaceReason: "auto_repair" });
    expect(replaced.repairAttemptedAt).not.toBeNull();
    const fresh = await prisma().boardWebhook.findUniqueOrThrow({ where: { id: replaced.replacedById! } });
    expect(fresh).toMatchObject({ state: "active", event: "create_item", origin: "oauth" });
    const atMonday = world.monday.boards.webhooks.get(fresh.mondayWebhookId!)!;
    expect(world.monday.boards.challenges.find((c) => c.url === atMonday.url)).toMatchObject({ status: 200 });

    expect((await world.monday.boards.deliver(atMonday.id, event())).status).toBe(200);
    expect((await postJson(oldUrl, { event: event() }, { authorization: await webhookToken(user.accountId, { audience: oldUrl }) })).status).toBe(410);

    // later rounds find nothing to repair; the hand-made webhook is never compared with monday
    const creates = world.monday.standin.calls("create_webhook").length;
    const rounds = world.monday.standin.calls("webhooks").length;
    await eventually(async () => world.monday.standin.calls("webhooks").length >= rounds + 2, 10_000, "two more background rounds");
    expect(world.monday.standin.calls("create_webhook").length).toBe(creates);
    expect((await prisma().boardWebhook.findUniqueOrThrow({ where: { id: manual.id } })).state).toBe("active");
  });

  it("When recreating fails, then the failure is recorded on the webhook and not tried again within the hour", async () => {
    const old = (await createWebhook(world.hb.url, user, board, { event: "item_deleted" })).body;
    world.monday.boards.failAlways("create_webhook", {
      status: 200,
      body: { errors: [{ message: "Board is locked", extensions: { code: "USER_UNAUTHORIZED" } }] },
    });
    try {
      world.monday.boards.forget(old.mondayWebhookId!);
      const row = await eventually(
        async () => {
          const r = await prisma().boardWebhook.findUniqueOrThrow({ where: { id: old.id } });
          return r.repairError ? r : null;
        },
        15_000,
        "the failed repair recorded",
      );
      expect(row.state).toBe("missing");
      const creates = world.monday.standin.calls("create_webhook").length;
      const rounds = world.monday.standin.calls("webhooks").length;
      await eventually(async () => world.monday.standin.calls("webhooks").length >= rounds + 2, 10_000, "two more background rounds");
      expect(world.monday.standin.calls("create_webhook").length).toBe(creates);
      const listed = (await listWebhooks(world.hb.url, user, board)).body.webhooks.find((w) => w.id === old.id);
      expect(listed?.repair).toMatchObject({ error: expect.stringContaining("Board is locked") });
    } finally {
      world.monday.boards.failAlways("create_webhook", null);
    }
  });
});

// several processes on one database is PostgreSQL's case (a SQLite file has one server process)
describe.each(kinds.filter((k) => k === "postgresql"))("the background reconcile shared by two processes on %s", (kind) => {
  const user = { accountId: "9301", userId: "94" };
  const board = "9333";
  let monday: BoardsMonday;
  let database: TestDatabase;
  const worlds: HookboardWithMonday[] = [];

  beforeAll(async () => {
    monday = await startBoardsMonday();
    database = await createTestDatabase(kind);
    const setup = await startHookboardWithMonday({ kind, monday, database });
    monday.boards.addBoard(user.accountId, board);
    await connect(setup, user);
    expect((await createWebhook(setup.hb.url, user, board, { event: "create_item" })).status).toBe(201);
    await setup.stop();
  });
  afterAll(async () => {
    for (const world of worlds) await world.stop();
    await database?.drop();
    await monday?.stop();
  });

  it("When two processes run the schedule on one database, then each period's reconcile is done once", async () => {
    // both processes record the periodic task of each 0.9 s period
    const shared = { kind, monday, database, env: { BOARD_WEBHOOK_RECONCILE_MINUTES: "0.015" } } as const;
    const started = Date.now();
    const asked = monday.standin.calls("webhooks").length;
    worlds.push(await startHookboardWithMonday(shared), await startHookboardWithMonday(shared));
    const prisma = worlds[0]!.hb.hookboard.db.prisma;

    await eventually(async () => (await prisma.delivery.count({ where: { type: "hookboard.reconcile-board", status: "done" } })) >= 3, 20_000, "three rounds");
    const elapsedPeriods = (Date.now() - started) / 900;
    const rounds = await prisma.delivery.findMany({ where: { type: "hookboard.reconcile-board-webhooks" }, select: { idempotencyKey: true } });
    const boardTasks = await prisma.delivery.count({ where: { type: "hookboard.reconcile-board", status: "done" } });
    const questions = monday.standin.calls("webhooks").length - asked;

    // one task per period whoever recorded it, one board task per round, one question to monday per board task
    expect(new Set(rounds.map((r) => r.idempotencyKey)).size).toBe(rounds.length);
    expect(rounds.length).toBeLessThanOrEqual(Math.ceil(elapsedPeriods) + 1);
    expect(boardTasks).toBeLessThanOrEqual(rounds.length);
    expect(questions).toBeGreaterThanOrEqual(boardTasks);
    expect(questions).toBeLessThanOrEqual(boardTasks + 2);
  });
});
