// Everything an end-to-end test of the board view stands on: a real Hookboard on a real database,
// optionally pointed at the stand-in monday (OAuth, boards, webhooks), the stand-in monday host
// page, and Chromium.
import type { Browser, BrowserContext } from "playwright-core";
import type { DbKind } from "../helpers/databases.ts";
import { startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import type { MondayHost } from "../helpers/monday-host/server.ts";
import { startBoardsMonday, type BoardsMonday } from "../../server/test-kit/monday/webhooks.ts";
import { launchBrowser, newWindow, startHost } from "./browser.ts";

export interface ViewWorld {
  hb: RunningHookboard;
  host: MondayHost;
  browser: Browser;
  window: BrowserContext;
  monday: BoardsMonday | null;
  /** stops Hookboard's server (and drops its database), as when it goes down */
  stopServer(): Promise<void>;
  stop(): Promise<void>;
}

export async function startViewWorld(kind: DbKind, options: { withMonday?: boolean } = {}): Promise<ViewWorld> {
  const browser = await launchBrowser();
  const monday = options.withMonday ? await startBoardsMonday() : null;
  const hb = await startHookboard({ kind, env: monday ? monday.env() : {} });
  const host = await startHost(hb.url);
  const window = await newWindow(browser);
  let serverStopped = false;
  const stopServer = async () => {
    if (serverStopped) return;
    serverStopped = true;
    await hb.stop({ drop: true });
  };
  return {
    hb,
    host,
    browser,
    window,
    monday,
    stopServer,
    async stop() {
      await browser.close();
      await host.stop();
      await stopServer();
      await monday?.stop();
    },
  };
}
