// The one handler contract, through the public entry and the test kit, on both databases: every key
// form fires once per delivery, board and lifecycle handlers run in registration order, a failing
// handler is retried and ends dead with its error visible, a handler's database work is committed
// once even when a later handler fails, tasks run after the commit, and a handler gets monday's API
// as the account when the account is connected.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hookboard } from "../../server/index.ts";
import { succeed } from "../../server/index.ts";
import { startTestHookboard, type TestHookboard, type TestWebhook } from "../../server/test-kit/index.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/databases.ts";
import { apiGet } from "../helpers/http.ts";

const kinds = await databaseKinds();

describe.each(kinds)("the handler registry on %s", (kind) => {
  const user = { accountId: "7100001", userId: "71" };
  const board = "7100100";
  const calls: string[] = [];
  /** a handler that fails until told otherwise */
  let failing = new Set<string>();
  let database: TestDatabase;
  let kit: TestHookboard;
  let created: TestWebhook;
  let archived: TestWebhook;

  const register = (hookboard: Hookboard) =>
    hookboard
      .on("board:create_item", async (event) => void calls.push(`board:create_item ${event.deliveryId} item ${event.item?.id}`), { name: "first" })
      .on("board:*", async (event) => void calls.push(`board:* ${event.deliveryId} ${event.event}`), { name: "any-board-event" })
      .on("board:create_item", async (event) => void calls.push(`board:create_item#2 ${event.deliveryId}`), { name: "second" })
      .on("board:item_archived", async (event, ctx) => {
        // commits first, then a later handler fails once: the retry must not commit this again
        await ctx.commit((tx) =>
          tx.boardViewSettings.create({ data: { viewId: `archived-${event.triggerUuid}`, accountId: event.accountId, settings: "{}" } }),
        );
        calls.push(`committed ${event.deliveryId}`);
      })
      .on("board:item_archived", async (event) => {
        calls.push(`after-commit attempt ${event.deliveryId}`);
        if (failing.has("archived")) {
          failing.delete("archived");
          throw new Error("the second handler failed once");
        }
      })
      .on("lifecycle:install", async (event) => void calls.push(`lifecycle:install ${event.deliveryId} newest=${event.newest}`))
      .on("lifecycle:*", async (event) => void calls.push(`lifecycle:* ${event.deliveryId} ${event.type}`))
      .on("lifecycle:app_subscription_renewal_attempt_failed", async () => {
        throw new Error("the billing system is down");
      })
      .on("lifecycle:app_subscription_created", async (event, ctx) => {
        ctx.afterCommit("task:note-subscription", { accountId: event.accountId, plan: event.subscription?.planId });
        await ctx.commit(async () => calls.push(`subscription committed ${event.deliveryId}`));
      })
      .on("task:note-subscription", async (event, ctx) => {
        const me = ctx.monday ? await ctx.monday.request<{ me: { id: string } }>("query { me { id } }") : null;
        calls.push(`task ${JSON.stringify(event.payload)} parent ${event.parentDeliveryId} monday-user ${me?.me.id ?? "none"}`);
      })
      .on("feature:AppFeatureObject:create", async (event) => succeed({ decidedBy: "create", type: event.type }))
      .on("feature:AppFeatureObject:*", async (event) => succeed({ decidedBy: "object-wildcard", type: event.type }));

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    kit = await startTestHookboard({ register, databaseUrl: database.url, env: { WORKER_CLAIM_TTL_MS: "5000" } });
    kit.addBoard(user.accountId, board);
    await kit.connect(user);
    created = await kit.createWebhook(user, board, "create_item");
    archived = await kit.createWebhook(user, board, "item_archived");
  });
  afterAll(async () => {
    await kit?.stop();
    await database?.drop();
  });

  it("When a board event arrives, then its board:<event> handlers and the board:* handler each run once, in registration order", async () => {
    calls.length = 0;
    const delivery = await kit.board(created, { pulseId: 4242001 });
    expect(delivery.status).toBe("done");
    expect(calls).toEqual([`board:create_item ${delivery.id} item 4242001`, `board:* ${delivery.id} create_item`, `board:create_item#2 ${delivery.id}`]);
  });

  it("When a lifecycle event arrives, then lifecycle:<type> and lifecycle:* each run once, and the event says whether it was the newest", async () => {
    calls.length = 0;
    const install = await kit.lifecycle("install", { accountId: user.accountId, timestamp: "2026-06-01T00:00:00Z" });
    const lateOlder = await kit.lifecycle("install", { accountId: user.accountId, timestamp: "2026-05-01T00:00:00Z" });
    expect([install.status, lateOlder.status]).toEqual(["done", "done"]);
    expect(calls).toEqual([
      `lifecycle:install ${install.id} newest=true`,
      `lifecycle:* ${install.id} install`,
      `lifecycle:install ${lateOlder.id} newest=false`,
      `lifecycle:* ${lateOlder.id} install`,
    ]);
  });

  it("When a feature event arrives, then its own key decides it, and its feature type's :* decides the others of that type", async () => {
    const own = await kit.feature("AppFeatureObject:create", { accountId: user.accountId });
    const wildcard = await kit.feature("AppFeatureObject:archive", { accountId: user.accountId });
    const otherFeature = await kit.feature("AppFeatureColumn:create", { accountId: user.accountId });
    expect(own.answer.body).toMatchObject({ success: true, data: { decidedBy: "create" } });
    expect(wildcard.answer.body).toMatchObject({ success: true, data: { decidedBy: "object-wildcard", type: "AppFeatureObject:archive" } });
    // nobody registered: Hookboard's default keeps it on record and succeeds
    expect(otherFeature.answer.body).toMatchObject({ success: true, data: { recorded: true } });
  });

  it("When a handler keeps throwing, then the delivery is retried and ends dead after its last attempt, with the handler's error in /api/deliveries", async () => {
    const delivery = await kit.lifecycle("app_subscription_renewal_attempt_failed", { accountId: user.accountId, timestamp: "2026-06-02T00:00:00Z" });
    expect(delivery).toMatchObject({ status: "dead", attempts: 8, error: "the billing system is down" });
    const listed = await apiGet<{ deliveries: { id: string; status: string; error: string | null; attempts: number }[] }>(kit.url, "/api/deliveries", {
      ...user,
      isAdmin: true,
    });
    expect(listed.body.deliveries.find((d) => d.id === delivery.id)).toMatchObject({ status: "dead", attempts: 8, error: "the billing system is down" });
    // Hookboard's own state was applied before the handler ran: the account shows the failing renewal
    const me = await apiGet<{ subscription: { status: string } }>(kit.url, "/api/me", user);
    expect(me.body.subscription.status).toBe("renewal_failing");
  }, 60_000);

  it("When a later handler fails once, then the retry skips the handler that had committed (its database work happens once) and runs again those that did not", async () => {
    calls.length = 0;
    failing = new Set(["archived"]);
    const delivery = await kit.board(archived, { triggerUuid: "archived-once" });
    expect(delivery).toMatchObject({ status: "done", attempts: 2 });
    // board:* never commits, so it runs on each attempt (at-least-once); the committing handler ran once
    expect(calls).toEqual([
      `board:* ${delivery.id} item_archived`,
      `committed ${delivery.id}`,
      `after-commit attempt ${delivery.id}`,
      `board:* ${delivery.id} item_archived`,
      `after-commit attempt ${delivery.id}`,
    ]);
    expect(await kit.prisma.boardViewSettings.count({ where: { viewId: "archived-archived-once" } })).toBe(1);
  });

  it("When a handler leaves a task for after its commit, then the task's handler runs once the commit went through, with monday's API as the account", async () => {
    calls.length = 0;
    const delivery = await kit.lifecycle("app_subscription_created", { accountId: user.accountId, timestamp: "2026-06-03T00:00:00Z", planId: "gold" });
    expect(delivery.status).toBe("done");
    const task = await kit.prisma.delivery.findFirst({ where: { source: "task", type: "note-subscription", accountId: user.accountId } });
    expect(task).not.toBeNull();
    expect((await kit.waitUntilApplied(task!.id)).status).toBe("done");
    expect(calls).toEqual([
      `lifecycle:* ${delivery.id} app_subscription_created`,
      `subscription committed ${delivery.id}`,
      `task ${JSON.stringify({ accountId: user.accountId, plan: "gold" })} parent ${delivery.id} monday-user ${user.userId}`,
    ]);
  });

  it("When an account has no connection to monday, then its handlers get ctx.monday as null", async () => {
    calls.length = 0;
    const stranger = "7100999";
    const delivery = await kit.lifecycle("app_subscription_created", { accountId: stranger, timestamp: "2026-06-03T00:00:00Z", planId: "gold" });
    const task = await kit.prisma.delivery.findFirstOrThrow({ where: { source: "task", accountId: stranger } });
    await kit.waitUntilApplied(task.id);
    expect(calls).toContain(`task ${JSON.stringify({ accountId: stranger, plan: "gold" })} parent ${delivery.id} monday-user none`);
  });
});
