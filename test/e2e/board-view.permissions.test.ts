// Each user acts with their own monday connection. Users without write rights (view-only members,
// guests) change nothing and cannot connect, so the board's webhooks, which Hookboard shows only
// after monday confirms the user can see the board, are not shown to them; a member who has not
// connected is asked to connect, while an admin sees the webhooks through the account's connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { connect, createWebhook } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { openView } from "./browser.ts";
import { startViewWorld, type ViewWorld } from "./view-world.ts";

const kinds = await databaseKinds();

describe.each(kinds)("who sees and changes what on %s", (kind) => {
  let world: ViewWorld;
  const accountId = "6300001";
  const board = "3200001";

  beforeAll(async () => {
    world = await startViewWorld(kind, { withMonday: true });
    world.monday!.boards.addBoard(accountId, board);
    // an admin connected Hookboard and made a webhook earlier
    await connect({ hb: world.hb, monday: world.monday!, stop: async () => {} }, { accountId, userId: "4242" });
    const created = await createWebhook(world.hb.url, { accountId, userId: "4242" }, board, { event: "create_item" });
    expect(created.status).toBe(201);
  });
  afterAll(() => world?.stop());

  it.each([
    ["a view-only member", { viewOnly: true }],
    ["a guest", { guest: true }],
  ] as const)("When %s opens the view, then they see the account but no webhooks, and no create, delete or connect button", async (_who, rights) => {
    const { page, view } = await openView(world.window, world.host, { accountId, userId: "5555", boardId: board, admin: false, ...rights });
    await view.getByTestId("webhooks-connect-first").waitFor();
    expect(await view.getByTestId("webhooks-connect-first").innerText()).toContain("viewers and guests cannot connect");
    expect(await view.getByTestId("oauth-status").innerText()).toBe("Not connected");
    expect(await view.getByTestId("add-webhook").count()).toBe(0);
    expect(await view.getByRole("button", { name: /^Delete webhook/ }).count()).toBe(0);
    expect(await view.getByTestId("oauth-connect").count()).toBe(0);
    expect(await view.getByRole("row").filter({ hasText: "An item is created" }).count()).toBe(0);
    expect(await view.locator("header").innerText()).toContain("changing webhooks needs edit rights");
    await page.close();
  });

  it("When a member who never connected opens the view, then they are asked to connect their own monday user, not shown the admin's view of the board", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId, userId: "6666", boardId: board, admin: false });
    await view.getByTestId("webhooks-connect-first").waitFor();
    expect(await view.getByTestId("webhooks-connect-first").innerText()).toContain("your own monday connection");
    expect(await view.getByTestId("oauth-status").innerText()).toBe("Not connected");
    expect(await view.getByTestId("oauth-connect").innerText()).toBe("Connect");
    expect(await view.getByRole("row").filter({ hasText: "An item is created" }).count()).toBe(0);
    await page.close();
  });

  it("When another admin of the account opens the view, then they see the webhooks through the account's connection, with the create and delete buttons", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId, userId: "7777", boardId: board, admin: true });
    await view.getByRole("row").filter({ hasText: "An item is created" }).waitFor();
    expect(await view.getByTestId("oauth-status").innerText()).toBe("Connected");
    expect(await view.getByTestId("add-webhook").count()).toBe(1);
    expect(await view.getByRole("button", { name: "Delete webhook: An item is created" }).count()).toBe(1);
    await page.close();
  });
});
