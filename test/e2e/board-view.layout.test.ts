// The board view as monday shows it, in real Chromium: in monday's own typefaces (bundled, so the
// Content-Security-Policy is kept), usable from a 600 px wide view (what does not fit scrolls
// sideways and says so; nothing is cut off silently), and with nothing in the console.
import { randomUUID } from "node:crypto";
import type { ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/hookboard-server.ts";
import { connect, createWebhook } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { viewFrame } from "./axe.ts";
import { openView } from "./browser.ts";
import { startViewWorld, type ViewWorld } from "./view-world.ts";

const accountId = "6400001";
const userId = "4242";
const board = "3400001";
const user = { accountId, userId };
// the stand-in monday page keeps settings in a 300 px column beside the view, as monday's own
// navigation does: a 1024 px window leaves the view 724 px
const HOST_COLUMN = 300;

interface Layout {
  viewWidth: number;
  pageOverflow: number;
  cardsOverflowing: string[];
  tables: { testId: string; scrolls: boolean; hiddenRight: boolean; region: string | null; tabIndex: number | null; firstColumnSticky: boolean }[];
}

function layoutOf(page: Page): Promise<Layout> {
  return viewFrame(page).evaluate(() => {
    const root = document.documentElement;
    const cards = Array.from(document.querySelectorAll<HTMLElement>('[data-testid$="-card"]'));
    const tables = Array.from(document.querySelectorAll<HTMLElement>('[data-testid$="-table-scroller"]')).map((scroller) => {
      const frame = scroller.parentElement!;
      const firstCell: HTMLElement | null = scroller.querySelector('[role="row"] > [role="cell"], [role="row"] > [role="columnheader"]');
      return {
        testId: scroller.getAttribute("data-testid")!,
        scrolls: scroller.scrollWidth > scroller.clientWidth,
        hiddenRight: frame.hasAttribute("data-hidden-right"),
        region: scroller.getAttribute("role") === "region" ? scroller.getAttribute("aria-label") : null,
        tabIndex: scroller.hasAttribute("tabindex") ? scroller.tabIndex : null,
        firstColumnSticky: firstCell ? getComputedStyle(firstCell).position === "sticky" : false,
      };
    });
    return {
      viewWidth: root.clientWidth,
      pageOverflow: root.scrollWidth - root.clientWidth,
      cardsOverflowing: cards.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.getAttribute("data-testid")!),
      tables,
    };
  });
}

describe("the board view's layout, typefaces and console", () => {
  let world: ViewWorld;
  const messages: string[] = [];
  const listen = (page: Page) =>
    page.on("console", (m: ConsoleMessage) => {
      if (m.location().url.startsWith(world.hb.url)) messages.push(`${m.type()}: ${m.text()}`);
    });

  beforeAll(async () => {
    world = await startViewWorld("sqlite", { withMonday: true });
    world.monday!.boards.addBoard(accountId, board);
    await connect({ hb: world.hb, monday: world.monday!, stop: async () => {} }, user);
    const made = await createWebhook(world.hb.url, user, board, {
      event: "change_status_column_value",
      config: { columnId: "status", columnValue: { index: 1 } },
    });
    await createWebhook(world.hb.url, user, board, { event: "create_item" });
    await world.monday!.boards.deliver(made.body.mondayWebhookId!, {
      type: "update_column_value",
      boardId: Number(board),
      pulseId: 1,
      triggerUuid: randomUUID(),
    });
    await eventually(async () => (await world.hb.hookboard.db.prisma.delivery.count({ where: { status: "done" } })) === 1, 10_000, "the delivery applied");
  });
  afterAll(() => world?.stop());

  for (const width of [600, 724, 1280]) {
    it(`When the view is ${width} px wide, then nothing overflows the page or a card, and a table that does not fit scrolls sideways with a cue, a name and keyboard access`, async () => {
      const window = await world.browser.newContext({ locale: "en-US", timezoneId: "UTC", viewport: { width: width + HOST_COLUMN, height: 1000 } });
      try {
        const { page, view } = await openView(window, world.host, { accountId, userId, boardId: board });
        listen(page);
        await view.getByText("Waiting for the first event").waitFor();
        await view.locator('[data-testid^="delivery-"]').first().waitFor();
        const layout = await layoutOf(page);
        expect(layout.viewWidth).toBe(width);
        expect(layout.pageOverflow).toBe(0);
        expect(layout.cardsOverflowing).toEqual([]);
        expect(layout.tables.map((t) => t.testId).sort()).toEqual(["deliveries-table-scroller", "webhooks-table-scroller"]);
        for (const table of layout.tables) {
          expect(table.firstColumnSticky, table.testId).toBe(true);
          if (!table.scrolls) {
            expect(table, `${table.testId} fits`).toMatchObject({ hiddenRight: false, region: null, tabIndex: null });
            continue;
          }
          // the cue: a fade over the edge where columns are hidden; and a named region the keyboard can scroll
          expect(table, table.testId).toMatchObject({ hiddenRight: true, tabIndex: 0 });
          expect(table.region).toMatch(/\(scrolls sideways\)$/);
        }
        // the deliveries fit from 600 px; the webhooks' seven columns from monday's widest views
        expect(layout.tables.find((t) => t.testId === "deliveries-table-scroller")?.scrolls).toBe(false);
        expect(layout.tables.find((t) => t.testId === "webhooks-table-scroller")?.scrolls).toBe(width < 1100);

        if (width < 1100) {
          // scrolled to its end with the arrow key, the last column shows whole and the cue goes
          const scroller = view.getByTestId("webhooks-table-scroller");
          await scroller.focus();
          const cueGone = () => scroller.evaluate((el) => !el.parentElement!.hasAttribute("data-hidden-right"));
          for (let press = 0; press < 60 && !(await cueGone()); press++) await page.keyboard.press("ArrowRight");
          expect(await cueGone()).toBe(true);
          const [actions, frame] = await Promise.all([view.getByRole("columnheader", { name: "Actions" }).boundingBox(), scroller.boundingBox()]);
          expect(actions!.x + actions!.width).toBeLessThanOrEqual(frame!.x + frame!.width + 1);
        }
      } finally {
        await window.close();
      }
    });
  }

  it("When the view has loaded, then its text is in Figtree and its headings in Poppins, monday's typefaces, from the view's own files", async () => {
    const { page, view } = await openView(world.window, world.host, { accountId, userId, boardId: board });
    listen(page);
    await view.getByText("Waiting for the first event").waitFor();
    const frame = viewFrame(page);
    await frame.evaluate(() => document.fonts.ready);
    const faces = await frame.evaluate(() => {
      const loaded: string[] = [];
      document.fonts.forEach((f) => {
        if (f.status === "loaded") loaded.push(f.family.replace(/"/g, ""));
      });
      return loaded;
    });
    expect(new Set(faces)).toEqual(new Set(["Figtree", "Poppins"]));
    const used = await frame.evaluate(() => ({
      text: getComputedStyle(document.querySelector('[data-testid^="webhook-row-"] [role="cell"]')!).fontFamily,
      heading: getComputedStyle(document.querySelector("h1")!).fontFamily,
    }));
    expect(used.text).toMatch(/^Figtree\b/);
    expect(used.heading).toMatch(/^Poppins\b/);
    const fontFiles = await frame.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .map((r) => r.name)
        .filter((n) => /\.woff2?$/.test(n)),
    );
    expect(fontFiles.length).toBeGreaterThan(0);
    for (const file of fontFiles) expect(file.startsWith(`${world.hb.url}/view/assets/`), file).toBe(true);
    await page.close();
  });

  it("When the view has been used at every width, then it wrote nothing to the console", () => {
    expect(messages).toEqual([]);
  });
});
