// The board view's webhook routes refuse what they must: unknown events and configs that do not fit,
// boards of another account (checked with monday, nothing changed there), webhooks of another
// account, viewers, and accounts that never connected Hookboard to monday.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { request } from "../helpers/http.ts";
import {
  connect,
  createWebhook,
  deleteWebhook,
  listWebhooks,
  startHookboardWithMonday,
  type HookboardWithMonday,
} from "../helpers/monday-standin/hookboard-with-monday.ts";
import { sessionToken } from "../../server/test-kit/monday-tokens.ts";

const kinds = await databaseKinds();

describe.each(kinds)("board webhook routes on %s", (kind) => {
  const alice = { accountId: "7001", userId: "71" };
  const bob = { accountId: "7002", userId: "72" };
  const carol = { accountId: "7003", userId: "73" };
  let world: HookboardWithMonday;

  const mondayCalls = (field: string) => world.monday.standin.calls(field).length;
  const rows = () => world.hb.hookboard.db.prisma.boardWebhook.count();

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind });
    world.monday.boards.addBoard(alice.accountId, "1001").addBoard(bob.accountId, "2002").addBoard(carol.accountId, "3003");
    await connect(world, alice);
    await connect(world, bob);
  });
  afterAll(() => world.stop());

  const invalid: [string, unknown, string][] = [
    ["an event monday does not have", { event: "create_board" }, "event"],
    ["no event", {}, "event"],
    ["a config for an event that takes none", { event: "create_item", config: { columnId: "status" } }, "config"],
    ["no config for an event that needs one", { event: "change_specific_column_value" }, "config"],
    [
      "a config of the wrong shape",
      { event: "change_status_column_value", config: { columnId: "status", columnValue: { index: "three" } } },
      "config.columnValue",
    ],
    ["a config with fields the event does not know", { event: "item_moved_to_specific_group", config: { groupId: "topics", extra: 1 } }, "config"],
    ["fields the route does not know", { event: "create_item", url: "https://evil.example" }, "url"],
  ];
  it.each(invalid)("When the board view asks for %s, then 400 says what is wrong and monday is not asked", async (_what, body, path) => {
    const before = [mondayCalls("create_webhook"), await rows()];
    const res = await createWebhook(world.hb.url, alice, "1001", body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_body");
    expect(res.body.error.message).toContain(path);
    expect([mondayCalls("create_webhook"), await rows()]).toEqual(before);
  });

  it.each([
    ["change_specific_column_value", { columnId: "date4" }],
    ["change_status_column_value", { columnId: "status", columnValue: { index: 3 } }],
    ["change_status_column_value", { columnId: "status", columnValue: { $any$: true } }],
    ["item_moved_to_specific_group", { groupId: "topics" }],
  ])("When the board view creates a %s webhook with a config of its shape, then monday receives that config", async (event, config) => {
    const res = await createWebhook(world.hb.url, alice, "1001", { event, config });
    expect(res.status).toBe(201);
    expect(res.body.config).toEqual(config);
    const call = world.monday.standin.calls("create_webhook").at(-1)!;
    expect(call.args).toMatchObject({ board_id: "1001", event });
    expect(JSON.parse(String(call.args.config))).toEqual(config);
    expect(world.monday.boards.webhooks.get(res.body.mondayWebhookId!)?.config).toEqual(config);
  });

  it("When the body is not JSON by its content type, then 415 and nothing is created", async () => {
    const res = await request<{ error: { code: string } }>(`${world.hb.url}/api/boards/1001/webhooks`, {
      method: "POST",
      headers: { authorization: await sessionToken(alice), "content-type": "text/plain" },
      body: "event=create_item",
    });
    expect(res.status).toBe(415);
  });

  it("When an account names another account's board, then listing, creating and deleting answer 404 and nothing changes at monday", async () => {
    const before = [mondayCalls("create_webhook"), mondayCalls("delete_webhook"), world.monday.boards.webhooks.size, await rows()];
    const bobs = await createWebhook(world.hb.url, bob, "2002", { event: "create_item" });
    expect(bobs.status).toBe(201);

    const list = await listWebhooks(world.hb.url, alice, "2002");
    expect([list.status, list.body.error.code]).toEqual([404, "board_not_found"]);
    const create = await createWebhook(world.hb.url, alice, "2002", { event: "create_item" });
    expect([create.status, create.body.error.code]).toEqual([404, "board_not_found"]);
    const remove = await deleteWebhook(world.hb.url, alice, "2002", bobs.body.id);
    expect(remove.status).toBe(404);
    // alice's own board does not reach bob's webhook either
    const viaOwnBoard = await deleteWebhook(world.hb.url, alice, "1001", bobs.body.id);
    expect(viaOwnBoard.status).toBe(404);

    expect(mondayCalls("create_webhook")).toBe((before[0] as number) + 1);
    expect(mondayCalls("delete_webhook")).toBe(before[1]);
    expect(world.monday.boards.webhooks.has(bobs.body.mondayWebhookId!)).toBe(true);
    expect(await world.hb.hookboard.db.prisma.boardWebhook.findUniqueOrThrow({ where: { id: bobs.body.id } })).toMatchObject({
      state: "active",
      accountId: bob.accountId,
    });
    expect((await listWebhooks(world.hb.url, bob, "2002")).body.webhooks.map((w) => w.id)).toEqual([bobs.body.id]);
  });

  it("When the board view sends something that is not a board id or a webhook id, then 400 and 404", async () => {
    expect((await listWebhooks(world.hb.url, alice, "abc")).status).toBe(400);
    expect((await deleteWebhook(world.hb.url, alice, "1001", "not-a-webhook")).status).toBe(404);
  });

  it("When an account never connected Hookboard to monday, then its webhook routes say to connect first and nothing is stored", async () => {
    const before = await rows();
    const list = await listWebhooks(world.hb.url, carol, "3003");
    expect(list.status).toBe(409);
    expect(list.body.error.code).toBe("oauth_required");
    expect(list.body.error.message).toMatch(/connect/i);
    const create = await createWebhook(world.hb.url, carol, "3003", { event: "create_item" });
    expect([create.status, create.body.error.code]).toEqual([409, "oauth_required"]);
    expect(await rows()).toBe(before);
  });

  it("When a viewer or guest tries to change webhooks, then 403 and nothing changes", async () => {
    const before = [mondayCalls("create_webhook"), await rows()];
    const viewer = await createWebhook(world.hb.url, { ...alice, isViewOnly: true }, "1001", { event: "create_item" });
    const guest = await createWebhook(world.hb.url, { ...alice, isGuest: true }, "1001", { event: "create_item" });
    expect([viewer.status, guest.status]).toEqual([403, 403]);
    expect([mondayCalls("create_webhook"), await rows()]).toEqual(before);
    expect((await listWebhooks(world.hb.url, { ...alice, isViewOnly: true }, "1001")).status).toBe(200);
  });

  it("When another user of the same account lists, then the account's webhooks are shown with the account's token", async () => {
    const colleague = { accountId: alice.accountId, userId: "79" };
    const res = await listWebhooks(world.hb.url, colleague, "1001");
    expect(res.status).toBe(200);
    expect(res.body.webhooks.length).toBeGreaterThan(0);
  });

  it("When monday fails the URL check of a new webhook, then the board view gets a clear error and the webhook is not listed", async () => {
    world.monday.boards.failNext("create_webhook", {
      status: 200,
      body: { errors: [{ message: "Failed to verify the webhook URL", extensions: { code: "WEBHOOK_URL_VERIFICATION_FAILED" } }] },
    });
    const res = await createWebhook(world.hb.url, alice, "1001", { event: "create_column" });
    expect(res.status).toBe(502);
    expect(res.body.error).toEqual({ code: "monday_error", message: "monday refused the request: Failed to verify the webhook URL" });
    const listed = await listWebhooks(world.hb.url, alice, "1001");
    expect(listed.body.webhooks.map((w) => w.event)).not.toContain("create_column");
  });
});
