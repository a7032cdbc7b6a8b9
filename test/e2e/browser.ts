// Chromium (Debian's, driven by playwright-core) opening the board view inside the stand-in
// monday host, against a running Hookboard.
import { existsSync } from "node:fs";
import { inject } from "vitest";
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from "playwright-core";
import { TEST_SECRETS } from "../../server/test-kit/monday-tokens.ts";
import { MondayHost } from "../helpers/monday-host/server.ts";
import type { HostSettings } from "../helpers/monday-host/host-types.ts";
import { clientBuildIsCurrent } from "../../scripts/build-client.ts";
import { recordFigure } from "./figures.ts";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

/** Fails with what to do when the view was not built or Chromium is missing (never skips). */
export function requireBrowserSetup(): void {
  const buildError = inject("clientBuildError");
  if (buildError) throw new Error(`The board view did not build, so the end-to-end tests cannot run: ${buildError}`);
  if (!clientBuildIsCurrent()) throw new Error("client/dist is missing or older than client/src; the test run's globalSetup should have built it");
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH`);
}

export function launchBrowser(): Promise<Browser> {
  requireBrowserSetup();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** A browser window as a monday user would have it: English, UTC, a laptop-sized screen. */
export function newWindow(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ locale: "en-US", timezoneId: "UTC", viewport: { width: 1440, height: 1000 } });
}

/** The stand-in monday host framing the view that `hookboardUrl` serves. */
export function startHost(hookboardUrl: string, defaults: Partial<HostSettings> = {}): Promise<MondayHost> {
  return new MondayHost({ viewUrl: `${hookboardUrl}/view/`, clientSecret: TEST_SECRETS.clientSecret, defaults }).start();
}

export interface OpenView {
  page: Page;
  view: FrameLocator;
  /** milliseconds from the host page's navigation to the webhooks table showing its content */
  loadedInMs: number;
  /** the same, from the view's own navigation (inside the iframe) */
  viewLoadedInMs: number;
}

/**
 * Opens the host page with these settings and waits until the view shows its webhooks table with
 * content (rows, an empty state or an error), i.e. what a user sees once the view has loaded.
 */
export async function openView(context: BrowserContext, host: MondayHost, settings: Partial<HostSettings> = {}): Promise<OpenView> {
  const page = await context.newPage();
  const started = Date.now();
  await page.goto(host.pageUrl(settings));
  const view = page.frameLocator("#view");
  // rows, or the empty, connect-first or error state: not the loading skeleton
  await view
    .locator(
      '[data-testid="webhooks-table"] :is([data-testid^="webhook-row-"], [data-testid="webhooks-empty"], [data-testid="webhooks-connect-first"], [data-testid="error-box"])',
    )
    .first()
    .waitFor({ state: "visible" });
  const loadedInMs = Date.now() - started;
  const frame = page.frames().find((f) => f !== page.mainFrame());
  const viewLoadedInMs = frame ? Math.round(await frame.evaluate(() => performance.now())) : Number.NaN;
  recordFigure("navigationToWebhooksTableMs", loadedInMs);
  recordFigure("viewNavigationToWebhooksTableMs", viewLoadedInMs);
  return { page, view, loadedInMs, viewLoadedInMs };
}
