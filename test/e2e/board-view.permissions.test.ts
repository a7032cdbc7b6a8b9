// Users without write rights (view-only members, guests) see the board's webhooks and the
// account's state, but the view offers them no way to create, delete or connect.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { connect, createWebhook } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { openView } from "./browser.ts";
import { startViewWorld, type ViewWorld } from "./view-world.ts";

const kinds = await databaseKinds();

describe.each(kinds)("a user without write rights on %s", (kind) => {
  let world: ViewWorld;
  const accountId = "6300001";
  const board = "3200001";

  beforeAll(async () => {
    world = await startViewWorld(kind, { withMonday: true });
    world.monday!.boards.addBoard(accountId, board);
    // an editor connected Hookboard and made a webhook earlier
    await connect({ hb: world.hb, monday: world.monday!, stop: async () => {} }, { accountId, userId: "4242" });
    const created = await createWebhook(world.hb.url, { accountId, userId: "4242" }, board, { event: "create_item" });
    expect(created.status).toBe(201);
  });
  afterAll(() => world?.stop());

  it.each([
    ["a view-only member", { viewOnly: true }],
    ["a guest", { guest: true }],
  ] as const)("When %s opens the view, then they see the webhooks but no create, delete or connect button", async (_who, rights) => {
    const { page, view } = await openView(world.window, world.host, { accountId, userId: "5555", boardId: board, admin: false, ...rights });
    await view.getByRole("row").filter({ hasText: "An item is created" }).waitFor();
    expect(await view.getByTestId("oauth-status").innerText()).toBe("Connected");

    expect(await view.getByTestId("add-webhook").count()).toBe(0);
    expect(await view.getByRole("button", { name: /^Delete webhook/ }).count()).toBe(0);
    expect(await view.getByTestId("oauth-connect").count()).toBe(0);
    expect(await view.locator("header").innerText()).toContain("changing webhooks needs edit rights");
    await page.close();
  });

  it("When an editor opens the same view, then the create and delete buttons are there", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId, userId: "4242", boardId: board });
    await view.getByRole("row").filter({ hasText: "An item is created" }).waitFor();
    expect(await view.getByTestId("add-webhook").count()).toBe(1);
    expect(await view.getByRole("button", { name: "Delete webhook: An item is created" }).count()).toBe(1);
    await page.close();
  });
});
