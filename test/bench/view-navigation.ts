// The board view as a user opens it: Chromium loads the stand-in monday host page framing the view
// that a Hookboard process serves (production build, SQLite, an account connected through OAuth with
// one webhook), and the time from navigation to the webhooks table showing its rows is measured, a
// fresh browser window each time (nothing cached). The same wait as the end-to-end tests' openView.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { ensureClientBuilt } from "../../scripts/build.mjs";
import { sessionToken, TEST_SECRETS } from "../../server/test-kit/monday-tokens.ts";
import { connectThroughBrowser } from "../../server/test-kit/monday/oauth.ts";
import { startBoardsMonday } from "../../server/test-kit/monday/webhooks.ts";
import { createTestDatabase } from "../helpers/databases.ts";
import { request } from "../helpers/http.ts";
import { DEFAULT_SETTINGS, MondayHost } from "../helpers/monday-host/server.ts";
import { startHookboardProcess } from "./processes.ts";
import { figureOf, type Figure } from "./stats.ts";

// as the end-to-end tests find it (test/e2e/browser.ts, which needs vitest's context)
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TABLE_CONTENT =
  '[data-testid="webhooks-table"] :is([data-testid^="webhook-row-"], [data-testid="webhooks-empty"], [data-testid="webhooks-connect-first"], [data-testid="error-box"])';

export async function measureViewNavigation(times: number): Promise<Figure> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}`);
  await ensureClientBuilt();
  const user = { accountId: DEFAULT_SETTINGS.accountId, userId: DEFAULT_SETTINGS.userId };
  const monday = await startBoardsMonday();
  monday.boards.addBoard(user.accountId, DEFAULT_SETTINGS.boardId);
  const database = await createTestDatabase("sqlite");
  const hb = await startHookboardProcess(database.url, monday.env());
  const host = await new MondayHost({ viewUrl: `${hb.url}/view/`, clientSecret: TEST_SECRETS.clientSecret }).start();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
    headless: true,
  });
  try {
    monday.oauth.signedIn = user;
    if ((await connectThroughBrowser(hb.url, user)).status !== 200) throw new Error("OAuth connect failed");
    const created = await request(`${hb.url}/api/boards/${DEFAULT_SETTINGS.boardId}/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: await sessionToken(user) },
      body: JSON.stringify({ event: "create_item" }),
    });
    if (created.status !== 201) throw new Error(`creating the webhook failed: ${created.status}`);
    const samples: number[] = [];
    // the first opening warms the server (its first queries); it is not counted
    for (let i = 0; i <= times; i++) {
      const context = await browser.newContext({ locale: "en-US", timezoneId: "UTC", viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(host.pageUrl());
      await page.frameLocator("#view").locator(TABLE_CONTENT).first().waitFor({ state: "visible", timeout: 30_000 });
      if (i > 0) samples.push(Date.now() - started);
      await context.close();
    }
    return figureOf(samples);
  } finally {
    await browser.close();
    await host.stop();
    await hb.stop();
    await database.drop();
    await monday.stop();
  }
}
