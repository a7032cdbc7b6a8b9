// The board view for someone using a screen reader or only a keyboard, in real Chromium: axe-core's
// WCAG 2.1 A and AA rules find nothing in any of monday's three themes with webhooks and
// deliveries on screen, nor in the create and delete dialogs; and a webhook is added and deleted
// with the keyboard alone. (The view does not depend on the database kind: SQLite only.)
import { randomUUID } from "node:crypto";
import type { Frame, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/hookboard-server.ts";
import { connect, createWebhook } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { viewFrame, wcagViolations } from "./axe.ts";
import { openView } from "./browser.ts";
import { startViewWorld, type ViewWorld } from "./view-world.ts";

const accountId = "6300001";
const userId = "4242";
const board = "3300001";
const user = { accountId, userId };

/** What has the keyboard focus in the view: its accessible name, else its test id or text. */
function focusedInView(frame: Frame): Promise<string> {
  return frame.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return "nothing";
    return el.getAttribute("aria-label") ?? el.getAttribute("data-testid") ?? el.innerText.trim().slice(0, 60);
  });
}

/** Presses Tab (or Shift+Tab) until `wanted` has the focus; fails if it never does. */
async function tabTo(page: Page, frame: Frame, wanted: (focused: string) => boolean, what: string, limit = 60): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const focused = await focusedInView(frame);
    if (wanted(focused)) return;
    seen.push(focused);
  }
  throw new Error(`Tab never reached ${what}; focus went through: ${seen.join(" → ")}`);
}

/** In a focused searchable dropdown: types to filter, and picks the option with the arrow key and Enter. */
async function choose(page: Page, frame: Frame, view: FrameLocator, typed: string, option: string): Promise<void> {
  await page.keyboard.type(typed);
  await view.getByRole("option").first().filter({ hasText: option }).waitFor();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await eventually(async () => (await frame.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)) === option, 5000, `${option} chosen`);
}

describe("the board view's accessibility", () => {
  let world: ViewWorld;

  beforeAll(async () => {
    world = await startViewWorld("sqlite", { withMonday: true });
    world.monday!.boards.addBoard(accountId, board);
    await connect({ hb: world.hb, monday: world.monday!, stop: async () => {} }, user);
    const status = await createWebhook(world.hb.url, user, board, {
      event: "change_status_column_value",
      config: { columnId: "status", columnValue: { index: 1 } },
    });
    const items = await createWebhook(world.hb.url, user, board, { event: "create_item" });
    expect([status.status, items.status]).toEqual([201, 201]);
    // one healthy webhook with a delivery, one still waiting for its first
    await world.monday!.boards.deliver(status.body.mondayWebhookId!, {
      type: "update_column_value",
      boardId: Number(board),
      pulseId: 1,
      triggerUuid: randomUUID(),
    });
    await eventually(
      async () => (await world.hb.hookboard.db.prisma.delivery.count({ where: { webhookId: status.body.id, status: "done" } })) === 1,
      10_000,
      "the delivery applied",
    );
  });
  afterAll(() => world?.stop());

  for (const theme of ["light", "dark", "black"] as const) {
    it(`When the view lists webhooks and deliveries in the ${theme} theme, then axe finds no WCAG 2.1 A or AA violation`, async () => {
      const { page, view } = await openView(world.window, world.host, { accountId, userId, boardId: board, theme });
      await view.getByText("Waiting for the first event").waitFor();
      await view.locator('[data-testid^="delivery-"]').first().waitFor();
      expect(await wcagViolations(viewFrame(page))).toEqual([]);
      await page.close();
    });
  }

  it("When a webhook is added and deleted with the keyboard alone, then both dialogs work, have no axe violation, and focus comes back to the page", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId, userId, boardId: board });
    const frame = viewFrame(page);
    await view.getByText("Status column set to Done").waitFor();

    // from the top of monday's page into the view, to its button
    await tabTo(page, frame, (f) => f === "add-webhook", "the Add webhook button");
    await page.keyboard.press("Enter");
    const dialog = view.getByTestId("create-webhook-dialog");
    await dialog.waitFor();
    // the dialog takes the focus: its first field, where typing filters monday's events
    await eventually(async () => (await focusedInView(frame)) === "Event", 5000, "the focus in the event field");
    await choose(page, frame, view, "item moves to a specific", "An item moves to a specific group");
    await view.getByTestId("field-group").waitFor();
    await tabTo(page, frame, (f) => f === "Group", "the group field", 5);
    await choose(page, frame, view, "Done", "Done");
    expect(await wcagViolations(frame)).toEqual([]);
    await tabTo(page, frame, (f) => f === "create-webhook-submit", "the Create webhook button", 8);
    await page.keyboard.press("Enter");

    const row = view.getByRole("row").filter({ hasText: "An item moves to a specific group" });
    await row.waitFor();
    await dialog.waitFor({ state: "detached" });
    const created = world.monday!.standin.calls("create_webhook").at(-1);
    expect(created?.args).toMatchObject({ board_id: board, event: "item_moved_to_specific_group" });
    expect(JSON.parse(String(created?.args.config))).toEqual({ groupId: "group_done" });
    // the focus went back to where the dialog was opened from
    await eventually(async () => (await focusedInView(frame)) === "add-webhook", 5000, "the focus back on Add webhook");

    await tabTo(page, frame, (f) => f === "Delete webhook: An item moves to a specific group", "the new webhook's Delete button");
    await page.keyboard.press("Enter");
    await view.getByTestId("delete-webhook-dialog").waitFor();
    await eventually(async () => (await focusedInView(frame)) === "delete-webhook-confirm", 5000, "the focus on the confirm button");
    expect(await wcagViolations(frame)).toEqual([]);
    await page.keyboard.press("Enter");
    await row.waitFor({ state: "detached" });
    expect(world.monday!.standin.calls("delete_webhook")).toHaveLength(1);
    // its Delete button went with the row: the focus is put on Add webhook, not lost to the page
    await eventually(async () => (await focusedInView(frame)) === "add-webhook", 5000, "the focus on Add webhook after deleting");

    // Escape closes a dialog without acting
    await tabTo(page, frame, (f) => f === "Delete webhook: An item is created", "another webhook's Delete button");
    await page.keyboard.press("Enter");
    await view.getByTestId("delete-webhook-dialog").waitFor();
    await page.keyboard.press("Escape");
    await view.getByTestId("delete-webhook-dialog").waitFor({ state: "hidden" });
    expect(world.monday!.standin.calls("delete_webhook")).toHaveLength(1);
    await page.close();
  });
});
