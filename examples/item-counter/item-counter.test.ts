// The item-counter example's tests use only Hookboard's public entry and its test kit: a real
// Hookboard on a temporary SQLite file, a stand-in monday, and events sent the way monday sends them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHookboard, type TestHookboard, type TestWebhook } from "../../server/test-kit/index.ts";
import { registerItemCounter } from "./item-counter.ts";

describe("the item-counter example", () => {
  const user = { accountId: "5550001", userId: "77" };
  const board = "5550100";
  let kit: TestHookboard;
  let created: TestWebhook;
  let deleted: TestWebhook;

  beforeAll(async () => {
    kit = await startTestHookboard({ register: registerItemCounter, env: { MONDAY_OAUTH_SCOPES: "notifications:write" } });
    kit.addBoard(user.accountId, board);
    await kit.connect(user);
    created = await kit.createWebhook(user, board, "create_item");
    deleted = await kit.createWebhook(user, board, "item_deleted");
  });
  afterAll(() => kit.stop());

  const count = async () => (await kit.prisma.exampleBoardItemCount.findUnique({ where: { boardId: board } }))?.items ?? 0;

  it("When items are created and deleted on a board, then its count follows", async () => {
    for (let i = 0; i < 3; i++) expect((await kit.board(created)).status).toBe("done");
    expect(await count()).toBe(3);
    expect((await kit.board(deleted)).status).toBe("done");
    expect(await count()).toBe(2);
  });

  it("When monday sends the same item event twice, then it is counted once", async () => {
    const before = await count();
    const event = { triggerUuid: "same-trigger-twice", pulseId: 900001 };
    await kit.board(created, event);
    await kit.board(created, event);
    expect(await count()).toBe(before + 1);
  });

  it("When the account installs the app, then the installing user is greeted in monday once the install is applied", async () => {
    const install = await kit.lifecycle("install", { accountId: user.accountId, userId: user.userId, timestamp: new Date().toISOString() });
    expect(install.status).toBe("done");
    const greeting = await kit.prisma.delivery.findFirst({ where: { source: "task", type: "item-counter.greet" } });
    expect(greeting).not.toBeNull();
    expect((await kit.waitUntilApplied(greeting!.id)).status).toBe("done");
    expect(kit.monday.boards.notifications).toEqual([
      expect.objectContaining({
        byAccountId: user.accountId,
        userId: user.userId,
        targetId: board,
        targetType: "Project",
        text: expect.stringContaining("Item Counter"),
      }),
    ]);
  });

  it("When a custom object is created, then monday gets the answer synchronously", async () => {
    const { answer, delivery } = await kit.feature("AppFeatureObject:create", { accountId: user.accountId });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ success: true, data: { boardsCounted: 1 } });
    expect(delivery.status).toBe("done");
  });
});
