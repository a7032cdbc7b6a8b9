// Async results reach monday's app service once: a refused callback is retried with backoff until
// it is accepted or monday's 5-minute window has passed, on a clock the test moves (minutes pass
// without waiting), across a server restart, and never to a host outside the allow-list.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { succeed } from "../../server/features/outcome.ts";
import { AppServiceStandIn } from "../helpers/app-service-standin.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually, startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { apiGet } from "../helpers/http.ts";
import { callbackSettled, featureEvent } from "./feature-setup.ts";
import { featureBody, sendFeature } from "./feature-requests.ts";
import { ManualClock } from "./manual-clock.ts";

const kinds = await databaseKinds();
const TWO_MINUTES = 2 * 60_000;
const STEP_MS = 5_000;

/** Moves the clock in steps, letting the sender attempt whatever falls due, until `done` or `maxMs` passed. */
async function letTimePass(hb: RunningHookboard, clock: ManualClock, maxMs: number, done: () => boolean = () => false): Promise<void> {
  for (let passed = 0; passed < maxMs && !done(); passed += STEP_MS) {
    clock.advance(STEP_MS);
    await hb.hookboard.features.callbacks.runDue();
  }
}

describe.each(kinds)("async results reported to back_to_url on %s", (kind) => {
  let clock: ManualClock;
  let appService: AppServiceStandIn;
  const running: RunningHookboard[] = [];
  const start = async (options: Parameters<typeof startHookboard>[0] = {}) => {
    const hb = await startHookboard({ kind, env: { MONDAY_CALLBACK_HOSTS: "127.0.0.1", ...options.env }, ...options, features: { clock: clock.now } });
    running.push(hb);
    return hb;
  };

  beforeAll(async () => {
    clock = new ManualClock();
    appService = await new AppServiceStandIn(clock.now).start();
  });
  afterEach(async () => {
    const databases = new Set(running.map((r) => r.database));
    for (const hb of running.splice(0)) await hb.stop();
    for (const db of databases) await db.drop();
    appService.accept();
  });
  afterAll(() => appService.stop());

  it("When monday's app service refuses callbacks for two minutes, then they are retried and exactly one successful callback is recorded", async () => {
    const hb = await start();
    const since = clock.now();
    appService.refuse(new Date(since.getTime() + TWO_MINUTES));
    const backToUrl = appService.backToUrl();
    const res = await sendFeature(hb.url, "async", featureBody("AppFeatureObject:create", { accountId: 670001, backToUrl }));
    expect(res.status).toBe(202);
    await eventually(() => appService.callbacksFor(backToUrl).length >= 1, 10_000, "the first attempt");

    await letTimePass(hb, clock, 4 * 60_000, () => appService.acceptedFor(backToUrl).length > 0);
    const row = await callbackSettled(hb, res.eventId!);
    // a few more minutes: nothing is sent again
    await letTimePass(hb, clock, 60_000);

    const callbacks = appService.callbacksFor(backToUrl);
    const refused = callbacks.filter((c) => c.status !== 200);
    expect(appService.acceptedFor(backToUrl)).toHaveLength(1);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(refused.every((c) => c.at.getTime() < since.getTime() + TWO_MINUTES)).toBe(true);
    expect(appService.acceptedFor(backToUrl)[0]!.at.getTime()).toBeGreaterThanOrEqual(since.getTime() + TWO_MINUTES);
    expect(callbacks.every((c) => JSON.stringify(c.body) === JSON.stringify({ success: true }))).toBe(true);
    expect(row).toMatchObject({ callbackStatus: "sent", callbackAttempts: callbacks.length, callbackLastError: null });
    expect(row.callbackSentAt!.getTime()).toBe(appService.acceptedFor(backToUrl)[0]!.at.getTime());
    const metrics = await fetch(`${hb.url}/metrics`).then((r) => r.text());
    expect(metrics).toContain('hookboard_feature_callbacks_total{result="sent"} 1\n');
    expect(metrics).toContain(`hookboard_feature_callbacks_total{result="retried"} ${refused.length}\n`);
  });

  it("When the server is restarted while a refused callback waits, then the new instance sends it and exactly one successful callback is recorded", async () => {
    const first = await start();
    const since = clock.now();
    appService.refuse(new Date(since.getTime() + TWO_MINUTES));
    const backToUrl = appService.backToUrl();
    const res = await sendFeature(first.url, "async", featureBody("AppFeatureObject:delete", { accountId: 670002, backToUrl }));
    expect(res.status).toBe(202);
    await eventually(() => appService.callbacksFor(backToUrl).length >= 1, 10_000, "the first attempt");
    await letTimePass(first, clock, 30_000);
    const beforeStop = appService.callbacksFor(backToUrl).length;
    expect(await featureEvent(first, res.eventId!)).toMatchObject({ callbackStatus: "retrying" });
    await first.stop();

    clock.advance(60_000);
    const second = await start({ database: first.database });
    await letTimePass(second, clock, 4 * 60_000, () => appService.acceptedFor(backToUrl).length > 0);
    const row = await callbackSettled(second, res.eventId!);
    await letTimePass(second, clock, 60_000);

    expect(beforeStop).toBeGreaterThanOrEqual(2);
    expect(appService.acceptedFor(backToUrl)).toHaveLength(1);
    expect(appService.callbacksFor(backToUrl).length).toBeGreaterThan(beforeStop);
    expect(row).toMatchObject({ callbackStatus: "sent", callbackAttempts: appService.callbacksFor(backToUrl).length });
  });

  it("When monday's 5-minute window passes without an accepted callback, then the callback expires and is not attempted again", async () => {
    const hb = await start();
    const since = clock.now();
    appService.refuse(null, 500);
    const backToUrl = appService.backToUrl();
    const res = await sendFeature(hb.url, "async", featureBody("AppFeatureObject:publish", { accountId: 670003, backToUrl }));
    await eventually(() => appService.callbacksFor(backToUrl).length >= 1, 10_000, "the first attempt");
    await letTimePass(hb, clock, 6 * 60_000, () => false);
    const row = await callbackSettled(hb, res.eventId!);
    const attempts = appService.callbacksFor(backToUrl);
    await letTimePass(hb, clock, 60_000);

    expect(row).toMatchObject({ callbackStatus: "expired", callbackLastError: "back_to_url answered 500" });
    expect(appService.acceptedFor(backToUrl)).toHaveLength(0);
    expect(appService.callbacksFor(backToUrl)).toHaveLength(attempts.length);
    expect(attempts.every((c) => c.at.getTime() <= since.getTime() + 5 * 60_000)).toBe(true);
    const { body } = await apiGet<{ deliveries: { mode: string; callbackStatus: string }[] }>(hb.url, "/api/deliveries", { accountId: 670003 });
    expect(body.deliveries[0]).toMatchObject({ mode: "async", callbackStatus: "expired" });
  });

  it("When the allow-list no longer covers a pending callback's host after a restart, then it is marked failed and never called again", async () => {
    const first = await start();
    appService.refuse(null);
    const backToUrl = appService.backToUrl();
    const res = await sendFeature(first.url, "async", featureBody("AppFeatureObject:archive", { accountId: 670004, backToUrl }));
    await eventually(() => appService.callbacksFor(backToUrl).length >= 1, 10_000, "the first attempt");
    await first.stop();
    const calls = appService.callbacksFor(backToUrl).length;

    appService.accept();
    const second = await start({ database: first.database, env: { MONDAY_CALLBACK_HOSTS: "monday.com,*.monday.com" } });
    await letTimePass(second, clock, 60_000);
    const row = await callbackSettled(second, res.eventId!);
    expect(row).toMatchObject({ callbackStatus: "failed", callbackLastError: "back_to_url points to a host Hookboard does not call (127.0.0.1)" });
    expect(appService.callbacksFor(backToUrl)).toHaveLength(calls);
  });

  it("When back_to_url answers with a redirect, then it is not followed: the callback counts as refused and is retried", async () => {
    const hb = await start();
    const elsewhere = await new AppServiceStandIn(clock.now).start();
    try {
      const backToUrl = appService.backToUrl();
      appService.redirect(elsewhere.backToUrl("redirected"));
      const res = await sendFeature(hb.url, "async", featureBody("AppFeatureObject:create", { accountId: 670008, backToUrl }));
      await eventually(() => appService.callbacksFor(backToUrl).length >= 1, 10_000, "the first attempt");
      await eventually(async () => (await featureEvent(hb, res.eventId!))?.callbackStatus === "retrying", 10_000, "the attempt recorded");
      expect(elsewhere.received).toHaveLength(0);
      expect(await featureEvent(hb, res.eventId!)).toMatchObject({ callbackLastError: "back_to_url answered 307" });
    } finally {
      await elsewhere.stop();
    }
  });

  it("When an async handler throws once, then the worker tries again and monday is told the event succeeded", async () => {
    const hb = await start();
    let calls = 0;
    hb.hookboard.registry.on("feature:AppFeatureObject:import", async () => {
      calls++;
      if (calls === 1) throw new Error("the import source was busy");
      return succeed({ imported: 2 });
    });
    const backToUrl = appService.backToUrl();
    const res = await sendFeature(hb.url, "async", featureBody("AppFeatureObject:import", { accountId: 670005, backToUrl }));
    const row = await callbackSettled(hb, res.eventId!);
    expect(calls).toBe(2);
    expect(row).toMatchObject({ callbackStatus: "sent" });
    expect(appService.callbacksFor(backToUrl).map((c) => c.body)).toEqual([{ success: true }]);
  });

  it("When an async handler keeps throwing, then after its last attempt monday is told the event failed, without the error's details", async () => {
    const hb = await start();
    let calls = 0;
    hb.hookboard.registry.on("feature:AppFeatureObject:unpublish", async () => {
      calls++;
      throw new Error("SECRET stack detail");
    });
    const backToUrl = appService.backToUrl();
    const res = await sendFeature(hb.url, "async", featureBody("AppFeatureObject:unpublish", { accountId: 670006, backToUrl }));
    const row = await callbackSettled(hb, res.eventId!);
    expect(calls).toBe(3);
    expect(row).toMatchObject({ callbackStatus: "sent" });
    expect(appService.callbacksFor(backToUrl).map((c) => c.body)).toEqual([{ success: false, message: "The app could not process the event" }]);
  });

  it("When several async events are pending at once, then each gets its own single callback", async () => {
    const hb = await start();
    const urls = Array.from({ length: 12 }, () => appService.backToUrl());
    const answers = await Promise.all(
      urls.map((backToUrl, i) =>
        sendFeature(hb.url, "async", featureBody(i % 2 ? "AppFeatureColumn:create" : "AppFeatureColumn:delete", { accountId: 670007, backToUrl }), {
          eventId: randomUUID(),
        }),
      ),
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
    for (const a of answers) await callbackSettled(hb, a.eventId!);
    expect(urls.map((u) => appService.acceptedFor(u).length)).toEqual(urls.map(() => 1));
  });
});
