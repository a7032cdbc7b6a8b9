// The board view shows the account's subscription and install state as monday's app lifecycle
// events (sent through the real /webhooks/lifecycle route) left them, in real Chromium.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { openView } from "./browser.ts";
import { startViewWorld, type ViewWorld } from "./view-world.ts";

const kinds = await databaseKinds();
const DAY = 24 * 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(kinds)("the account cards on %s", (kind) => {
  let world: ViewWorld;
  beforeAll(async () => {
    world = await startViewWorld(kind);
  });
  afterAll(() => world?.stop());

  const applied = (accountId: number, count: number) =>
    eventually(
      async () => (await world.hb.hookboard.db.prisma.lifecycleEvent.count({ where: { accountId: String(accountId) } })) >= count,
      10_000,
      "lifecycle events applied",
    );

  it("When monday reported an install and a trial, then the cards show the plan, the days left, the billing period and the trial's end", async () => {
    const accountId = 5100001;
    const now = Date.now();
    await sendLifecycle(world.hb.url, lifecycleBody("install", { accountId, timestamp: iso(now - 2 * DAY), planId: "basic" }));
    // 12 days left, whichever way the last hour is rounded
    const trialEnds = now + 12 * DAY - 3600_000;
    await sendLifecycle(
      world.hb.url,
      lifecycleBody("app_trial_subscription_started", { accountId, timestamp: iso(now - DAY), planId: "pro", renewalDate: iso(trialEnds), daysLeft: 13 }),
    );
    await applied(accountId, 2);

    const { view } = await openView(world.window, world.host, { accountId: String(accountId) });
    const card = view.getByTestId("subscription-card");
    await card.getByText("Trial, 12 days left").waitFor();
    expect(await view.getByTestId("subscription-plan").innerText()).toBe("pro");
    expect(await view.getByTestId("subscription-billing").innerText()).toBe("Monthly");
    expect(await view.getByTestId("subscription-renewal").innerText()).toBe(
      new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" }).format(trialEnds),
    );
    expect(await card.innerText()).toContain("Trial ends");

    const install = view.getByTestId("install-card");
    expect(await install.innerText()).toContain("Installed");
    expect(await install.innerText()).toContain(new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" }).format(now - 2 * DAY));
    expect(await view.getByTestId("oauth-status").innerText()).toBe("Not connected");
  });

  it("When the user cancelled the subscription, then the status says when it ends", async () => {
    const accountId = 5100002;
    await sendLifecycle(world.hb.url, lifecycleBody("install", { accountId, timestamp: "2026-03-01T00:00:00Z", planId: "pro" }));
    await sendLifecycle(
      world.hb.url,
      lifecycleBody("app_subscription_cancelled_by_user", {
        accountId,
        timestamp: "2026-03-05T00:00:00Z",
        planId: "pro",
        renewalDate: "2026-04-01T00:00:00Z",
        daysLeft: 27,
      }),
    );
    await applied(accountId, 2);

    const { view } = await openView(world.window, world.host, { accountId: String(accountId) });
    await view.getByTestId("subscription-status").getByText("Cancels on Apr 1, 2026").waitFor();
    expect(await view.getByTestId("subscription-renewal").innerText()).toBe("Apr 1, 2026");
  });

  it("When a renewal attempt failed, then the status reads 'Renewal failing' in the negative colour", async () => {
    const accountId = 5100003;
    await sendLifecycle(
      world.hb.url,
      lifecycleBody("app_subscription_renewal_attempt_failed", { accountId, timestamp: "2026-05-01T00:00:00Z", planId: "pro" }),
    );
    await applied(accountId, 1);

    const { view } = await openView(world.window, world.host, { accountId: String(accountId) });
    const status = view.getByTestId("subscription-status");
    await status.getByText("Renewal failing").waitFor();
    const colours = await status.evaluate((el) => {
      const label = (el.querySelector("[class*='label']") as HTMLElement | null) ?? (el as HTMLElement);
      return { shown: getComputedStyle(label).backgroundColor, negative: getComputedStyle(document.body).getPropertyValue("--negative-color").trim() };
    });
    const probe = await status.evaluate((_el, colour) => {
      const p = document.createElement("div");
      p.style.backgroundColor = colour;
      document.body.append(p);
      const rgb = getComputedStyle(p).backgroundColor;
      p.remove();
      return rgb;
    }, colours.negative);
    expect(colours.shown).toBe(probe);
  });

  it("When monday never reported anything for the account, then the cards say so and what to do", async () => {
    const { view } = await openView(world.window, world.host, { accountId: "5100004" });
    await view.getByTestId("subscription-status").getByText("No subscription").waitFor();
    expect(await view.getByTestId("subscription-card").innerText()).toContain("monday has not reported a subscription");
    const install = await view.getByTestId("install-card").innerText();
    expect(install).toContain("Not reported yet");
    expect(install).toContain(`${world.hb.url}/webhooks/lifecycle`);
  });
});
