// The operations console in real Chromium, against the stand-in monday: a delivery opens to its
// detail (payload, attempts), an admin retries a dead one to done, the list filters by status, each
// webhook shows its 7-day chart with a text alternative, and the account's history tells delivered
// entries from those reconciled with monday's records; no WCAG 2.1 AA violation with the detail open.
import { randomUUID } from "node:crypto";
import type { FrameLocator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_BOARD_EVENTS } from "../../server/cli/simulate/board-samples.ts";
import { RECONCILED_META } from "../../server/lifecycle/origin.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { connect, createWebhook } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { viewFrame, wcagViolations } from "./axe.ts";
import { openView } from "./browser.ts";
import { startViewWorld, type ViewWorld } from "./view-world.ts";

const kinds = await databaseKinds();

async function pick(view: FrameLocator, field: string, option: string): Promise<void> {
  await view.getByTestId(field).click();
  await view.getByRole("option", { name: option, exact: true }).click();
}

describe.each(kinds)("the operations console on %s", (kind) => {
  let world: ViewWorld;
  const accountId = "6300001";
  const userId = "4242";
  const board = "3200001";
  const user = { accountId, userId };
  let broken = true;
  let deadId = "";
  let webhookId = "";

  beforeAll(async () => {
    world = await startViewWorld(kind, { withMonday: true });
    world.monday!.boards.addBoard(accountId, board);
    world.hb.hookboard.registry.on("board:*", async (event) => {
      if (broken && event.item?.id === "666") throw new Error("the app's inventory service refused item 666");
    });
    await connect({ hb: world.hb, monday: world.monday!, stop: async () => {} }, user);
    const created = await createWebhook(world.hb.url, user, board, { event: "create_item" });
    expect(created.status).toBe(201);
    webhookId = created.body.id;
    for (const item of [1, 2, 666]) {
      const event = { ...SEED_BOARD_EVENTS.create_item.event, pulseId: item, triggerUuid: randomUUID(), pulseName: item === 666 ? "x".repeat(400) : "An item" };
      expect((await world.monday!.boards.deliver(created.body.mondayWebhookId!, event)).status).toBe(200);
    }
    const prisma = world.hb.hookboard.db.prisma;
    await eventually(async () => (await prisma.delivery.count({ where: { webhookId, status: { in: ["done", "dead"] } } })) === 3, 30_000, "deliveries settled");
    deadId = (await prisma.delivery.findFirstOrThrow({ where: { webhookId, status: "dead" } })).id;

    // the account's history: an install monday delivered, and a plan change read from monday's records
    await sendLifecycle(world.hb.url, lifecycleBody("install", { accountId, timestamp: "2026-11-01T00:00:00Z", planId: "basic" }));
    const readAt = new Date().toISOString();
    await world.hb.hookboard.inbox.accept({
      source: "lifecycle",
      type: "app_subscription_changed",
      idempotencyKey: `reconcile:test-${randomUUID()}`,
      accountId,
      payload: JSON.stringify({
        type: "app_subscription_changed",
        data: { account_id: accountId, timestamp: readAt, subscription: { plan_id: "pro", is_trial: false } },
      }),
      meta: { ...RECONCILED_META },
    });
    await eventually(async () => (await prisma.lifecycleEvent.count({ where: { accountId } })) === 2, 10_000, "history applied");
  });
  afterAll(() => world?.stop());

  it("When a webhook received deliveries this week, then its chart shows them with the same figures as text", async () => {
    const { view } = await openView(world.window, world.host, { accountId, userId, boardId: board });
    const chart = view.getByTestId(`week-${webhookId}`);
    await chart.waitFor();
    expect(await chart.getByTestId("week-chart-text").innerText()).toBe("3 deliveries in the last 7 days, 1 failed");
    // the text alternative names every day's figures
    const today = new Intl.DateTimeFormat("en", { weekday: "short", timeZone: "UTC" }).format(Date.now());
    const label = await chart.getByRole("img").getAttribute("aria-label");
    expect(label).toMatch(/^An item is created: 3 deliveries in the last 7 days, 1 failed: (\w{3} 0, ){6}/);
    expect(label).toContain(`${today} 3 (1 failed).`);
  });

  it("When the account's history is shown, then entries from monday's records are told apart from delivered ones", async () => {
    const { view } = await openView(world.window, world.host, { accountId, userId, boardId: board });
    const history = view.getByTestId("lifecycle-timeline");
    await history.getByTestId("timeline-reconciled").waitFor();
    expect(await history.getByTestId("timeline-reconciled").innerText()).toContain("From monday's records");
    expect(await history.getByTestId("timeline-reconciled").innerText()).toContain("Plan changed (plan pro)");
    expect(await history.getByTestId("timeline-delivered").innerText()).toContain("Delivered by monday");
  });

  it("When the list is filtered to failed deliveries, then only the dead one is listed", async () => {
    const { view } = await openView(world.window, world.host, { accountId, userId, boardId: board });
    await view.getByTestId(`delivery-${deadId}`).waitFor();
    await eventually(async () => (await view.locator('[data-testid^="delivery-"][data-testid$="-"]').count()) >= 0);
    await pick(view, "filter-status", "Failed");
    await eventually(
      async () => (await view.locator('[data-testid="deliveries-table"] [role="row"][data-testid^="delivery-"]').count()) === 1,
      10_000,
      "one row",
    );
    expect(await view.getByTestId(`delivery-${deadId}`).isVisible()).toBe(true);
  });

  it("When a dead delivery is opened and an admin retries it, then the detail shows its payload and attempts, and the retry ends applied", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId, userId, boardId: board });
    await view.getByTestId(`open-delivery-${deadId}`).click();
    const dialog = view.getByTestId("delivery-detail");
    const payload = dialog.getByTestId("delivery-payload");
    await payload.waitFor();
    const text = await payload.innerText();
    expect(text).toContain('"pulseId": 666');
    expect(text).toContain("… (280 more characters)");
    await dialog.getByTestId("unfold-payload").click();
    expect(await payload.innerText()).toContain("x".repeat(400));
    const attempts = await dialog.getByTestId("delivery-attempts").locator("li").allInnerTexts();
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts.every((a) => a.includes("failed") && a.includes("the app's inventory service refused item 666"))).toBe(true);
    expect(await dialog.getByTestId("delivery-timeline").innerText()).toContain("Received from monday");

    expect(await wcagViolations(viewFrame(page))).toEqual([]);

    broken = false;
    await dialog.getByTestId("retry-delivery").click();
    await dialog.getByTestId("retry-outcome").getByText("Retried: the delivery was applied.").waitFor({ timeout: 20_000 });
    expect(await dialog.getByTestId("delivery-timeline").innerText()).toContain("Applied");
    expect((await world.hb.hookboard.db.prisma.delivery.findUniqueOrThrow({ where: { id: deadId } })).status).toBe("done");
  });
});
