// The board's webhooks in real Chromium, against the stand-in monday: Connect runs the OAuth flow,
// the dialog creates a webhook at monday, a delivery shows on its row, delete removes it, a board
// switch shows the other board's webhooks, and older deliveries page in.
import { randomUUID } from "node:crypto";
import type { FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { createWebhook } from "../helpers/monday-standin/hookboard-with-monday.ts";
import type { StandInWebhook } from "../../server/test-kit/monday/webhooks.ts";
import { MONDAY_API_VERSION } from "../../server/monday-api/api-version.ts";
import { openView } from "./browser.ts";
import { startViewWorld, type ViewWorld } from "./view-world.ts";

const kinds = await databaseKinds();

/** Picks `option` in one of the dialog's Vibe dropdowns, as a user does: open it, choose. */
async function pick(view: FrameLocator, field: string, option: string): Promise<void> {
  await view.getByTestId(field).click();
  await view.getByRole("option", { name: option, exact: true }).click();
}

async function notices(page: Page): Promise<string[]> {
  return page.locator("#notices li").allInnerTexts();
}

describe.each(kinds)("the board's webhooks on %s", (kind) => {
  let world: ViewWorld;
  const accountId = "6200001";
  const userId = "4242";
  const board = "3100001";
  const otherBoard = "3100002";
  const user = { accountId, userId };

  beforeAll(async () => {
    world = await startViewWorld(kind, { withMonday: true });
    world.monday!.boards.addBoard(accountId, board).addBoard(accountId, otherBoard);
    world.monday!.oauth.signedIn = user;
  });
  afterAll(() => world?.stop());

  const atMonday = (): StandInWebhook[] => [...world.monday!.boards.webhooks.values()].filter((w) => w.accountId === accountId);

  it("When the user connects, then the OAuth flow runs against monday and the view shows the connection", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId, userId, boardId: board });
    expect(await view.getByTestId("oauth-status").innerText()).toBe("Not connected");
    await view.getByTestId("webhooks-connect-first").waitFor();
    // the board's deliveries need monday to confirm the board is the account's, which needs the connection too
    await view.getByTestId("deliveries-connect-first").waitFor();

    // every address the browser asks for while connecting, in the view and in the OAuth window
    const asked: { method: string; url: string }[] = [];
    const record = (req: { method(): string; url(): string }) => asked.push({ method: req.method(), url: req.url() });
    world.window.on("request", record);
    const popup = world.window.waitForEvent("page");
    await view.getByTestId("oauth-connect").click();
    const oauthWindow = await popup;

    await view.getByTestId("oauth-status").getByText("Connected", { exact: true }).waitFor();
    // the view closes the window once the callback page reports success
    await eventually(() => oauthWindow.isClosed(), 10_000, "the OAuth window to close");
    const authorize = world.monday!.standin.requests.filter((r) => r.path === "/oauth2/authorize");
    expect(authorize).toHaveLength(1);
    expect(world.monday!.oauth.validAccessTokens()).toHaveLength(1);
    world.window.off("request", record);
    // the view asked for the consent address with its sessionToken in a header; no address carried one
    expect(asked.filter((r) => new URL(r.url).pathname === "/oauth/start").map((r) => r.method)).toEqual(["POST"]);
    expect(asked.some((r) => r.url.includes(`${world.monday!.standin.url}/oauth2/authorize`))).toBe(true);
    expect(asked.filter((r) => /sessionToken=|token=ey/.test(new URL(r.url).search) && !new URL(r.url).pathname.startsWith("/view"))).toEqual([]);
    // with a connection, the board's (still empty) webhook list shows instead of "connect first"
    await view.getByTestId("webhooks-empty").waitFor();
    await view.getByTestId("deliveries-empty").waitFor();
    expect(await view.getByTestId("oauth-connect").innerText()).toBe("Reconnect");
    await page.close();
  });

  it("When a webhook is created in the dialog, then monday receives create_webhook with the chosen config and the row appears", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId, userId, boardId: board });

    await view.getByTestId("add-webhook").click();
    const dialog = view.getByTestId("create-webhook-dialog");
    await dialog.waitFor();
    await pick(view, "field-event", "A status changes");
    await pick(view, "field-statusColumn", "Status");
    await pick(view, "field-statusLabel", "Done");
    await view.getByTestId("create-webhook-submit").click();

    await view.getByText("Status column set to Done").waitFor();
    // the column and label names came from monday's API, asked through the SeamlessApiClient's
    // channel in Hookboard's one API version (and the host checked the document against monday's schema)
    const log = await page.locator("#log li").evaluateAll((items) => items.map((li) => li.textContent ?? ""));
    const asked = log.filter((line) => line.startsWith("← ") && line.includes('"method":"api"'));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((line) => line.includes(`"apiVersion":"${MONDAY_API_VERSION}"`))).toBe(true);
    const calls = world.monday!.standin.calls("create_webhook");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args).toMatchObject({ board_id: board, event: "change_status_column_value" });
    expect(JSON.parse(String(calls[0]!.args.config))).toEqual({ columnId: "status", columnValue: { index: 1 } });
    expect(atMonday()).toHaveLength(1);

    const row = view.getByRole("row").filter({ hasText: "Status column set to Done" });
    expect(await row.innerText()).toContain("A status changes");
    expect(await row.getByTestId("last-delivery").innerText()).toBe("None yet");
    await eventually(async () => (await notices(page)).includes("Webhook created: A status changes"), 5000, "monday's notice");
    await dialog.waitFor({ state: "detached" });
    await page.close();
  });

  it("When the dialog is sent without what the event needs, then it says what is missing and sends nothing", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId, userId, boardId: board });
    const before = world.monday!.standin.calls("create_webhook").length;
    await view.getByTestId("add-webhook").click();
    await view.getByTestId("create-webhook-submit").click();
    await view.getByText("Choose the event that should trigger the webhook.").waitFor();

    await pick(view, "field-event", "An item moves to a specific group");
    await view.getByTestId("create-webhook-submit").click();
    await view.getByText("Choose the group items move into.").waitFor();
    expect(world.monday!.standin.calls("create_webhook")).toHaveLength(before);
    await page.close();
  });

  it("When monday delivers an event to the webhook, then its row turns from waiting to healthy with the delivery, and the deliveries list has it", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId, userId, boardId: board });
    const row = view.getByRole("row").filter({ hasText: "Status column set to Done" });
    expect(await row.getByTestId("last-delivery").innerText()).toBe("None yet");
    // nothing has arrived yet: not a green light
    await row.getByText("Waiting for the first event").waitFor();

    const hook = atMonday()[0]!;
    const answer = await world.monday!.boards.deliver(hook.id, {
      type: "update_column_value",
      boardId: Number(board),
      pulseId: 1,
      columnId: "status",
      triggerUuid: randomUUID(),
    });
    expect(answer.status).toBe(200);

    // the view refreshes itself while open
    await row.getByTestId("last-delivery").getByText("just now").waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toMatch(/Healthy\s+just now\s+1\s+0/);
    const delivery = view.locator('[data-testid^="delivery-"]').first();
    await delivery.getByText("Processed").waitFor({ timeout: 20_000 });
    expect(await delivery.innerText()).toContain("A status changes");
    await page.close();
  });

  it("When the user switches the view to another board, then it shows that board's webhooks", async () => {
    const created = await createWebhook(world.hb.url, user, otherBoard, { event: "create_item" });
    expect(created.status).toBe(201);
    const { page, view } = await openView(world.window, world.host, { accountId, userId, boardId: board });
    await view.getByText("Status column set to Done").waitFor();

    await page.locator('#context-form [name="boardId"]').fill(otherBoard);
    await page.locator("#push-context").click();

    await view.getByRole("row").filter({ hasText: "An item is created" }).waitFor();
    expect(await view.getByText("Status column set to Done").count()).toBe(0);
    await page.close();
  });

  it("When more deliveries arrived than a page holds, then older ones page in, newest first", async () => {
    const hook = atMonday().find((w) => w.boardId === otherBoard)!;
    for (let i = 0; i < 23; i++) {
      const answer = await world.monday!.boards.deliver(hook.id, {
        type: "create_pulse",
        boardId: Number(otherBoard),
        pulseId: 100 + i,
        triggerUuid: randomUUID(),
      });
      expect(answer.status).toBe(200);
    }
    const expected = (
      await world.hb.hookboard.db.prisma.delivery.findMany({
        where: { boardId: otherBoard },
        orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
        select: { id: true },
      })
    ).map((d) => `delivery-${d.id}`);
    expect(expected).toHaveLength(23);

    const { page, view } = await openView(world.window, world.host, { accountId, userId, boardId: otherBoard });
    const rows = view.locator('[data-testid^="delivery-"]');
    await eventually(async () => (await rows.count()) === 20, 10_000, "the first page of deliveries");
    await view.getByTestId("older-deliveries").click();
    await eventually(async () => (await rows.count()) === 23, 10_000, "the older deliveries");
    const shown = await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-testid")));
    expect(shown).toEqual(expected);
    expect(await view.getByTestId("older-deliveries").count()).toBe(0);
    await page.close();
  });

  it("When the user deletes a webhook and confirms, then monday deletes it and the row goes", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId, userId, boardId: board });
    const row = view.getByRole("row").filter({ hasText: "Status column set to Done" });
    const hook = atMonday().find((w) => w.boardId === board)!;

    await row.getByRole("button", { name: "Delete webhook: A status changes" }).click();
    await view.getByTestId("delete-webhook-dialog").waitFor();
    await view.getByTestId("delete-webhook-confirm").click();

    await view.getByTestId("webhooks-empty").waitFor();
    expect(world.monday!.standin.calls("delete_webhook").map((c) => String(c.args.id))).toEqual([hook.id]);
    expect(atMonday().some((w) => w.id === hook.id)).toBe(false);
    await eventually(async () => (await notices(page)).includes("Webhook deleted: A status changes"), 5000, "monday's notice");
    await page.close();
  });
  it("When monday does not tell the view the board's columns, then the dialog takes typed ids and the row names them", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId, userId, boardId: board, mondayApi: false });
    await view.getByTestId("add-webhook").click();
    await pick(view, "field-event", "A specific column changes");
    await view.getByText("monday did not tell Hookboard this board's columns and groups, so enter their ids.").waitFor();
    const columnId = view.locator('[data-testid="field-column"] input, input[data-testid="field-column"]').first();
    await columnId.fill("date 4");
    await view.getByTestId("create-webhook-submit").click();
    await view.getByText("A column id has only letters, digits and underscores.").waitFor();

    await columnId.fill("date4");
    await view.getByTestId("create-webhook-submit").click();
    await view.getByRole("row").filter({ hasText: "column “date4” changes" }).waitFor();
    const call = world.monday!.standin.calls("create_webhook").at(-1)!;
    expect(call.args).toMatchObject({ board_id: board, event: "change_specific_column_value" });
    expect(JSON.parse(String(call.args.config))).toEqual({ columnId: "date4" });
    await page.close();
  });
});
