// `npm run screenshots`: docs/screenshots/board-view-{light,dark}-{1280,700}.png, the board view as
// the README shows it at a wide and a narrow board view (with a hand-made webhook whose delivery is
// unsigned), and the dialogs of a delivery's detail and of adding a webhook by hand, taken in
// Chromium from a real Hookboard fed through the stand-in monday.
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { chromium } from "playwright-core";
import { startHookboard } from "../test/helpers/hookboard-server.ts";
import { sendLifecycle } from "../test/helpers/http.ts";
import { lifecycleBody } from "../test/helpers/lifecycle-samples.ts";
import { MondayHost } from "../test/helpers/monday-host/server.ts";
import { connect, createWebhook } from "../test/helpers/monday-standin/hookboard-with-monday.ts";
import { startBoardsMonday } from "../server/test-kit/monday/webhooks.ts";
import { TEST_SECRETS } from "../server/test-kit/monday-tokens.ts";
import { RECONCILED_META } from "../server/lifecycle/origin.ts";
import { ensureClientBuilt } from "./build-client.ts";

const ACCOUNT = "777777";
const USER = "4242";
const BOARD = "3000001";
const DAY = 24 * 3600_000;
const OUT = resolve("docs/screenshots");

await ensureClientBuilt();
const monday = await startBoardsMonday();
monday.boards.addBoard(ACCOUNT, BOARD);
let refusing: string | null = null;
const hb = await startHookboard({
  kind: "sqlite",
  env: monday.env(),
  // the app's own handler refuses one webhook's events, so the picture shows a failing webhook too
  register: (handlers) =>
    handlers.on("board:*", async (event) => {
      if (event.webhookId === refusing) throw new Error("the app's handler is down");
    }),
});

try {
  const now = Date.now();
  await sendLifecycle(hb.url, lifecycleBody("install", { accountId: Number(ACCOUNT), timestamp: new Date(now - 20 * DAY).toISOString(), planId: "pro" }));
  await sendLifecycle(
    hb.url,
    lifecycleBody("app_trial_subscription_started", {
      accountId: Number(ACCOUNT),
      timestamp: new Date(now - 2 * DAY).toISOString(),
      planId: "pro",
      renewalDate: new Date(now + 12 * DAY).toISOString(),
      daysLeft: 12,
    }),
  );
  // a plan change Hookboard read from monday's records (npx hookboard reconcile), told apart in the history
  await hb.hookboard.inbox.accept({
    source: "lifecycle",
    type: "app_subscription_changed",
    idempotencyKey: `reconcile:screenshot-${randomUUID()}`,
    accountId: ACCOUNT,
    payload: JSON.stringify({
      type: "app_subscription_changed",
      data: { account_id: ACCOUNT, timestamp: new Date(now - DAY).toISOString(), subscription: { plan_id: "pro", is_trial: false, billing_period: "monthly" } },
    }),
    meta: { ...RECONCILED_META },
  });
  await connect({ hb, monday, stop: async () => {} }, { accountId: ACCOUNT, userId: USER });

  const user = { accountId: ACCOUNT, userId: USER };
  const make = async (body: unknown) => {
    const res = await createWebhook(hb.url, user, BOARD, body);
    if (res.status !== 201) throw new Error(`could not create a webhook: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const status = await make({ event: "change_status_column_value", config: { columnId: "status", columnValue: { index: 1 } } });
  const items = await make({ event: "create_item" });
  const moved = await make({ event: "item_moved_to_specific_group", config: { groupId: "group_done" } });
  await make({ event: "create_update" });
  // a webhook made by hand in the board's Webhooks recipe: its events arrive unsigned
  const byHand = await make({ event: "item_archived", mode: "manual" });
  refusing = moved.id;

  const deliver = async (mondayWebhookId: string | null, type: string, count: number) => {
    for (let i = 0; i < count; i++) {
      await monday.boards.deliver(String(mondayWebhookId), { type, boardId: Number(BOARD), pulseId: 1000 + i, triggerUuid: randomUUID() });
    }
  };
  await deliver(items.mondayWebhookId, "create_pulse", 4);
  await deliver(status.mondayWebhookId, "update_column_value", 7);
  await deliver(moved.mondayWebhookId, "move_pulse_into_group", 2);
  await monday.boards.pasteIntoRecipe(String(byHand.url));
  await monday.boards.sendFromRecipe(String(byHand.url), { type: "archive_pulse", boardId: Number(BOARD), pulseId: 2000, triggerUuid: randomUUID() });
  await new Promise((r) => setTimeout(r, 1500));

  const host = await new MondayHost({ viewUrl: `${hb.url}/view/`, clientSecret: TEST_SECRETS.clientSecret }).start();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  try {
    // the stand-in host keeps its settings in a 300 px column beside the view
    for (const width of [1280, 700]) {
      for (const theme of ["light", "dark"] as const) {
        const context = await browser.newContext({
          locale: "en-US",
          timezoneId: "UTC",
          viewport: { width: width + 300, height: 2000 },
          deviceScaleFactor: 1,
        });
        const page = await context.newPage();
        await page.goto(host.pageUrl({ accountId: ACCOUNT, userId: USER, boardId: BOARD, theme }));
        const view = page.frameLocator("#view");
        await view.getByText("Status column set to Done").waitFor();
        await view.getByText("Failing").first().waitFor({ timeout: 20_000 });
        await view.getByText("Waiting for the first event").first().waitFor();
        const frame = page.frames().find((f) => f !== page.mainFrame())!;
        await frame.evaluate(() => document.fonts.ready.then(() => undefined));
        // the view's own height, not the rest of the tall window
        const box = (await page.locator("#view").boundingBox())!;
        const height = Math.min(box.height, await frame.evaluate(() => Math.ceil(document.getElementById("root")!.getBoundingClientRect().bottom)));
        const file = `${OUT}/board-view-${theme}-${width}.png`;
        await page.screenshot({ path: file, clip: { x: box.x, y: box.y, width: box.width, height } });
        console.log(`wrote ${file}`);
        await context.close();
      }
    }

    // the operations console: a failed delivery opened to its detail
    const context = await browser.newContext({ locale: "en-US", timezoneId: "UTC", viewport: { width: 1280 + 300, height: 1100 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(host.pageUrl({ accountId: ACCOUNT, userId: USER, boardId: BOARD, theme: "light" }));
    const view = page.frameLocator("#view");
    await view.getByTestId("week-section").waitFor();
    const failed = await hb.hookboard.db.prisma.delivery.findFirstOrThrow({ where: { webhookId: refusing!, status: { in: ["dead", "retrying"] } } });
    await view.getByTestId(`open-delivery-${failed.id}`).click();
    await view.getByTestId("delivery-payload").waitFor();
    const file = `${OUT}/delivery-detail-light-1280.png`;
    const box = (await page.locator("#view").boundingBox())!;
    await page.screenshot({ path: file, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 1100) } });
    console.log(`wrote ${file}`);
    await context.close();

    // the dialog that adds a webhook by hand, once it has issued the URL
    const manualContext = await browser.newContext({
      locale: "en-US",
      timezoneId: "UTC",
      viewport: { width: 1280 + 300, height: 1100 },
      deviceScaleFactor: 1,
    });
    const manualPage = await manualContext.newPage();
    await manualPage.goto(host.pageUrl({ accountId: ACCOUNT, userId: USER, boardId: BOARD, theme: "light" }));
    const manualView = manualPage.frameLocator("#view");
    await manualView.getByTestId("add-by-hand").click();
    await manualView.getByTestId("field-event").click();
    await manualView.getByRole("option", { name: "An item is created", exact: true }).click();
    await manualView.getByTestId("create-webhook-submit").click();
    await manualView.getByTestId("manual-webhook-url").waitFor();
    await new Promise((r) => setTimeout(r, 400));
    const manualFile = `${OUT}/board-view-manual-webhook.png`;
    await manualView.getByTestId("create-webhook-dialog").screenshot({ path: manualFile });
    console.log(`wrote ${manualFile}`);
    await manualContext.close();
  } finally {
    await browser.close();
    await host.stop();
  }
} finally {
  await hb.stop({ drop: true });
  await monday.stop();
}
