// When something fails, the view says what went wrong and what to try, in Vibe's AttentionBox,
// never a stack trace. These failures are between the browser and the server; one database is
// enough for them.
import { afterEach, describe, expect, it } from "vitest";
import { openView } from "./browser.ts";
import { startViewWorld, type ViewWorld } from "./view-world.ts";

const STACK_TRACE = /\bat \S+ \(|\.ts:\d+|\.js:\d+|Error:/;

describe("the view when something fails", () => {
  let world: ViewWorld | null = null;
  afterEach(async () => {
    await world?.stop();
    world = null;
  });

  it("When Hookboard's server goes down, then the view shows an error box that says so and what to try", async () => {
    world = await startViewWorld("sqlite");
    const { page, view } = await openView(world.window, world.host, { accountId: "6500001", boardId: "3300001" });
    expect(await view.getByTestId("error-box").count()).toBe(0);

    await world.stopServer();
    // the next thing the user does: switch to another board
    await page.locator('#context-form [name="boardId"]').fill("3300002");
    await page.locator("#push-context").click();

    const box = view.getByTestId("error-box").filter({ hasText: "this board's webhooks" });
    await box.waitFor();
    const text = await box.innerText();
    expect(text).toContain("Could not load this board's webhooks: Hookboard's server did not answer.");
    expect(text).toContain("Check that the Hookboard server is running and reachable, then try again.");
    expect(await box.getByRole("button", { name: "Try again" }).count()).toBe(1);
    const everything = await view.locator("body").innerText();
    expect(everything).not.toMatch(STACK_TRACE);
    await page.close();
  });

  it("When monday's sessionToken is signed with another secret, then the view says the session was not accepted", async () => {
    world = await startViewWorld("sqlite");
    const { page, view } = await openView(world.window, world.host, { accountId: "6500002", secret: "not-the-apps-client-secret-0123456789" });
    const box = view.getByTestId("error-box").first();
    await box.waitFor();
    expect(await box.innerText()).toContain("your monday session was not accepted");
    expect(await box.innerText()).toContain("MONDAY_CLIENT_SECRET");
    expect(await view.locator("body").innerText()).not.toMatch(STACK_TRACE);
    await page.close();
  });
});
