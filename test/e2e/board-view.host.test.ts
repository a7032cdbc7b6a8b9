// The view follows monday: its theme (on load and when monday changes it), a sessionToken that has
// expired (fetched again once, the call retried), and it says so when no monday answers at all. It is
// framed by the stand-in host, and no other site may frame it (the page's frame-ancestors).
// These behaviours live between the browser and the host; one database is enough for them.
import { createServer } from "node:http";
import type { FrameLocator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { closeLocal, listenLocal } from "../../server/test-kit/local-server.ts";
import { openView } from "./browser.ts";
import { startViewWorld, type ViewWorld } from "./view-world.ts";

const DARK_BACKGROUND = "rgb(24, 27, 52)"; // Vibe's dark theme, #181b34
const BLACK_BACKGROUND = "rgb(17, 17, 17)"; // Vibe's black theme, #111111
const LIGHT_BACKGROUND = "rgb(255, 255, 255)";

function pageLook(view: FrameLocator) {
  return view.locator("body").evaluate((body) => ({ classes: Array.from(body.classList), background: getComputedStyle(body).backgroundColor }));
}

describe("the view inside monday", () => {
  let world: ViewWorld;
  beforeAll(async () => {
    world = await startViewWorld("sqlite");
  });
  afterAll(() => world?.stop());

  it("When monday's theme is dark, then the view is dark", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId: "6400001", theme: "dark" });
    expect(await pageLook(view)).toEqual({ classes: ["dark-app-theme"], background: DARK_BACKGROUND });
    // Vibe's components take the theme too: the card's text is light on dark
    const heading = await view.getByRole("heading", { name: "Subscription", exact: true }).evaluate((el) => getComputedStyle(el).color);
    expect(heading).not.toBe("rgb(50, 51, 56)");
    await page.close();
  });

  it("When monday switches the theme while the view is open, then the view follows without reloading", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId: "6400002", theme: "light" });
    expect(await pageLook(view)).toEqual({ classes: ["light-app-theme"], background: LIGHT_BACKGROUND });
    await view.locator("body").evaluate(() => ((window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true));

    await page.locator('#context-form [name="theme"]').selectOption("black");
    await page.locator("#push-context").click();
    await eventually(async () => (await pageLook(view)).background === BLACK_BACKGROUND, 5000, "the black theme");
    expect((await pageLook(view)).classes).toEqual(["black-app-theme"]);
    expect(await view.locator("body").evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
    await page.close();
  });

  it("When the first sessionToken monday gives has expired, then the view gets a fresh one and shows the account", async () => {
    const accountId = 6400003;
    await sendLifecycle(world.hb.url, lifecycleBody("install", { accountId, timestamp: "2026-02-01T00:00:00Z", planId: "team" }));
    await eventually(async () => (await world.hb.hookboard.db.prisma.install.count({ where: { accountId: String(accountId) } })) === 1, 10_000, "the install");

    const { page, view } = await openView(world.window, world.host, { accountId: String(accountId), expireFirstToken: true });
    await view.getByTestId("subscription-plan").getByText("team").waitFor();
    expect(await view.getByTestId("error-box").count()).toBe(0);
    const asked = await page.locator("#log").evaluate((el) => (el.textContent ?? "").split('"type":"sessionToken"').length - 1);
    expect(asked).toBe(2);
    await page.close();
  });

  it("When the stand-in host frames the view, then it shows, and when another site frames it, then Chromium refuses by the page's frame-ancestors", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId: "6400004" });
    await view.getByTestId("subscription-card").waitFor();
    await page.close();

    // 127.0.0.2 is this machine too, but not an origin the policy names
    const elsewhere = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<!doctype html><iframe id="view" src="${world.hb.url}/view/?sessionToken=x"></iframe>`);
    });
    const other = await listenLocal(elsewhere, 0, "127.0.0.2");
    const framing = await world.window.newPage();
    const refusals: string[] = [];
    framing.on("console", (m) => {
      if (/frame-ancestors/.test(m.text())) refusals.push(m.text());
    });
    try {
      const served = framing.waitForResponse((r) => r.url().startsWith(`${world.hb.url}/view/`));
      await framing.goto(`${other}/`);
      // Hookboard did answer; the browser would not show it
      expect((await served).status()).toBe(200);
      await eventually(() => refusals.length > 0, 10_000, "Chromium to refuse the frame");
      expect(refusals[0]).toContain(`Framing '${world.hb.url}/'`);
      const frame = framing.frames().find((f) => f !== framing.mainFrame());
      expect(frame?.url().startsWith(world.hb.url)).not.toBe(true);
    } finally {
      await framing.close();
      await closeLocal(elsewhere);
    }
  });

  it("When the view is opened outside monday, then it says it runs inside monday and how to try it locally", async () => {
    const page = await world.window.newPage();
    await page.goto(`${world.hb.url}/view/`);
    const notice = page.getByTestId("no-host");
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.innerText()).toContain("npm run dev");
    await page.close();
  });
});
