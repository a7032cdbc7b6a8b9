// Webhooks made by hand and self-healing ones, in real Chromium against the stand-in monday: the
// view issues a URL to paste into the board's Webhooks recipe, copies it, and marks its first
// delivery unsigned; a webhook monday dropped shows as missing once checked with monday, and an
// admin recreates it.
import { randomUUID } from "node:crypto";
import type { FrameLocator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_BOARD_EVENTS } from "../../server/cli/simulate/board-samples.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { connect, createWebhook } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { openView } from "./browser.ts";
import { startViewWorld, type ViewWorld } from "./view-world.ts";

const kinds = await databaseKinds();

async function pick(view: FrameLocator, field: string, option: string): Promise<void> {
  await view.getByTestId(field).click();
  await view.getByRole("option", { name: option, exact: true }).click();
}

describe.each(kinds)("webhooks made by hand and recreated, in the board view on %s", (kind) => {
  let world: ViewWorld;
  const user = { accountId: "6300001", userId: "4343" };
  const board = "3200001";

  beforeAll(async () => {
    world = await startViewWorld(kind, { withMonday: true });
    world.monday!.boards.addBoard(user.accountId, board);
    await connect({ hb: world.hb, monday: world.monday!, stop: async () => {} }, user);
  });
  afterAll(() => world?.stop());

  it("When a user adds a webhook by hand, then the view shows its URL to copy and the recipe's steps, and its first delivery is marked unsigned", async () => {
    const { page, view } = await openView(world.window, world.host, { ...user, boardId: board });
    const creates = world.monday!.standin.calls("create_webhook").length;

    await view.getByTestId("add-by-hand").click();
    await view.getByText("Add a webhook by hand").waitFor();
    await pick(view, "field-event", "An item is created");
    await view.getByTestId("create-webhook-submit").click();
    const shown = view.getByTestId("manual-webhook-url");
    await shown.waitFor();
    expect(await shown.innerText()).toMatch(/Automations.*Integrations.*Webhooks/);
    expect(await shown.innerText()).toContain("only protection");

    const url = await view.getByRole("textbox", { name: "Webhook URL" }).inputValue();
    const row = await world.hb.hookboard.db.prisma.boardWebhook.findFirstOrThrow({ where: { accountId: user.accountId, origin: "recipe" } });
    expect(url).toBe(`${world.hb.url}/webhooks/board/${row.urlToken}`);
    expect(world.monday!.standin.calls("create_webhook").length).toBe(creates);

    // the stand-in host, like a page that does not delegate clipboard access to its frame, leaves the
    // view the copy command: what it copies is what the copy event carries once the view filled it
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    await frame.evaluate(() => {
      window.addEventListener("copy", (event) => {
        (window as unknown as { copied: string }).copied = event.clipboardData?.getData("text/plain") ?? "";
      });
    });
    await view.getByTestId("copy-url").click();
    await view.getByText("Copied", { exact: true }).waitFor();
    expect(await frame.evaluate(() => (window as unknown as { copied?: string }).copied)).toBe(url);
    await view.getByTestId("manual-done").click();

    // what monday's recipe does with the pasted URL: the challenge, then events without a JWT
    expect((await world.monday!.boards.pasteIntoRecipe(url)).status).toBe(200);
    expect((await world.monday!.boards.sendFromRecipe(url, { ...SEED_BOARD_EVENTS.create_item.event, triggerUuid: randomUUID() })).status).toBe(200);

    const webhookRow = view.getByTestId(`webhook-row-${row.id}`);
    await webhookRow.getByTestId("webhook-unsigned").getByText("Unsigned").waitFor();
    await webhookRow.getByTestId("last-delivery").getByText("just now").waitFor({ timeout: 20_000 });
    const delivery = view.locator('[data-testid^="delivery-"]').first();
    await delivery.getByTestId("delivery-unsigned").waitFor({ timeout: 20_000 });
    expect(await delivery.innerText()).toContain("Unsigned");
    await page.close();
  });

  it("When monday drops a webhook, then checking with monday shows it missing and an admin recreates it at a new URL", async () => {
    const created = await createWebhook(world.hb.url, user, board, { event: "create_update" });
    expect(created.status).toBe(201);
    world.monday!.boards.forget(created.body.mondayWebhookId!);
    const { page, view } = await openView(world.window, world.host, { ...user, boardId: board });
    const oldRow = view.getByTestId(`webhook-row-${created.body.id}`);
    // listing reads Hookboard's records: monday's loss shows once someone checks
    await oldRow.getByText("Waiting for the first event").waitFor();
    await view.getByTestId("check-with-monday").click();
    await oldRow.getByText("Missing at monday").waitFor();

    await oldRow.getByTestId("row-recreate").click();
    await oldRow.waitFor({ state: "detached" });
    const fresh = await world.hb.hookboard.db.prisma.boardWebhook.findFirstOrThrow({
      where: { accountId: user.accountId, event: "create_update", state: "active" },
    });
    await view.getByTestId(`webhook-row-${fresh.id}`).getByText("Waiting for the first event").waitFor();
    const atMonday = world.monday!.boards.webhooks.get(fresh.mondayWebhookId!)!;
    expect(world.monday!.boards.challenges.find((c) => c.url === atMonday.url)).toMatchObject({ status: 200 });
    await page.close();
  });
});
