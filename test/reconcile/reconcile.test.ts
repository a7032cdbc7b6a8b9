// Reconciling with monday's records (app_installs, app_subscriptions) through `npx hookboard reconcile`
// and the schedule, against the stand-in monday, on SQLite and PostgreSQL: accounts that never sent a
// webhook appear, drifted state is corrected, the order rule holds against events on either side of
// the reading, one process reconciles at a time, and a dry run changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REVOKE_TOKENS_TASK } from "../../server/hookboard-handlers.ts";
import { AppRecordsStandIn } from "../../server/test-kit/monday/app-records.ts";
import { MondayStandIn } from "../../server/test-kit/monday/standin-server.ts";
import { mondayFailures } from "../../server/test-kit/monday/webhooks.ts";
import { startCliRig, type CliRig } from "../cli/simulation-rig.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually, startHookboard } from "../helpers/hookboard-server.ts";
import { apiGet, sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";

const kinds = await databaseKinds();
const APP_ID = "10042";
const TOKEN = "collaborator-personal-token";

interface Me {
  install: { status: string };
  subscription: { planId: string | null; status: string; renewalDate: string | null; isTrial: boolean };
}
interface Timeline {
  events: { type: string; occurredAt: string; origin: "delivered" | "reconciled"; planId: string | null }[];
}

const inAMonth = () => new Date(Date.now() + 30 * 24 * 3600_000).toISOString();

async function startMonday() {
  const standin = await new MondayStandIn().start();
  const records = new AppRecordsStandIn(standin, { appId: APP_ID, collaboratorTokens: [TOKEN] });
  return { standin, records, env: { MONDAY_API_URL: standin.apiUrl, MONDAY_API_TOKEN: TOKEN, MONDAY_APP_ID: APP_ID, MONDAY_API_VERSION: "2026-10" } };
}

describe.each(kinds)("reconcile with monday's records on %s", (kind) => {
  let rig: CliRig;
  let monday: Awaited<ReturnType<typeof startMonday>>;
  beforeAll(async () => {
    monday = await startMonday();
    // the server itself runs without the token: only the commands reconcile here
    rig = await startCliRig(kind, { env: { MONDAY_API_URL: monday.standin.apiUrl } });
  });
  afterAll(async () => {
    await rig.stop();
    await monday.standin.stop();
  });

  const reconcile = (...args: string[]) => rig.inProcess(["reconcile", ...args], monday.env);
  const me = (accountId: number) => apiGet<Me>(rig.hb.url, "/api/me", { accountId });
  const timeline = async (accountId: number) => (await apiGet<Timeline>(rig.hb.url, "/api/lifecycle-events", { accountId })).body.events;
  const prisma = () => rig.hb.hookboard.db.prisma;
  const settled = (accountId: number, count: number) =>
    eventually(
      async () =>
        (await prisma().lifecycleEvent.count({ where: { accountId: String(accountId) } })) >= count &&
        (await prisma().delivery.count({ where: { accountId: String(accountId), status: { not: "done" } } })) === 0,
      15_000,
      `account ${accountId}'s ${count} timeline entries`,
    );

  it("When accounts installed before Hookboard heard of them, then reconcile pages through monday's records within its rate limits and backfills them, marked as from monday's records", async () => {
    for (let i = 0; i < 120; i++) {
      const accountId = String(700000 + i);
      monday.records.installs.push({ accountId, timestamp: "2026-01-05T10:00:00Z", version: { major: 2, minor: 1, patch: 0 } });
      monday.records.subscriptions.push({ accountId, planId: "pro", status: "active", renewalDate: inAMonth(), endDate: null, daysLeft: 30 });
    }
    monday.records.failNext("app_installs", mondayFailures.complexityBudgetExhausted(1));
    monday.records.failNext("app_subscriptions", mondayFailures.tooManyRequests(1));

    const run = await reconcile();
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("120 install(s), 120 subscription record(s)");
    expect(run.stdout).toContain("account 700000: install (installed before Hookboard heard of the account)");
    // two pages each, and each first page asked again after monday's wait
    expect(monday.standin.calls("app_installs").map((c) => c.args.page)).toEqual([1, 1, 2]);
    expect(monday.standin.calls("app_subscriptions").map((c) => c.args.cursor ?? null)).toEqual([null, null, expect.any(String)]);
    expect(monday.standin.calls("app_installs").every((c) => c.ctx.token === TOKEN && c.ctx.apiVersion === "2026-10")).toBe(true);

    await eventually(async () => (await prisma().install.count({ where: { status: "installed" } })) >= 120, 20_000, "120 accounts installed");
    const { body } = await me(700119);
    expect(body.install.status).toBe("installed");
    expect(body.subscription).toMatchObject({ planId: "pro", status: "active", isTrial: false });
    const entries = await timeline(700119);
    expect(entries).toEqual([expect.objectContaining({ type: "install", origin: "reconciled", planId: "pro" })]);
    expect((await prisma().jobRun.findUniqueOrThrow({ where: { name: "reconcile" } })).lastOutcome).toBe("ok");
  });

  it("When monday never delivered an uninstall and a plan change, then reconcile corrects both and the uninstall gets Hookboard's cleanup", async () => {
    const accountId = 600002;
    await sendLifecycle(rig.hb.url, lifecycleBody("install", { accountId, timestamp: "2026-02-01T00:00:00Z", planId: "basic" }));
    await settled(accountId, 1);
    monday.records.subscriptions.push({ accountId: String(accountId), planId: "pro", status: "active", renewalDate: inAMonth(), endDate: null });

    const run = await reconcile("--account", String(accountId));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`account ${accountId}: uninstall (monday's records show the app uninstalled)`);
    expect(run.stdout).toContain(`account ${accountId}: app_subscription_changed (monday's records show another plan)`);
    await settled(accountId, 3);

    const { body } = await me(accountId);
    expect(body.install.status).toBe("uninstalled");
    expect(body.subscription).toMatchObject({ planId: "pro", status: "active" });
    // both dated when the records were read; at one instant an uninstall comes last (order-key.ts)
    expect((await timeline(accountId)).map((e) => [e.type, e.origin])).toEqual([
      ["uninstall", "reconciled"],
      ["app_subscription_changed", "reconciled"],
      ["install", "delivered"],
    ]);
    // the built-in uninstall handler ran: it left the task that revokes the account's tokens at monday
    expect(await prisma().delivery.count({ where: { accountId: String(accountId), source: "task", type: REVOKE_TOKENS_TASK.replace(/^task:/, "") } })).toBe(1);
  });

  it("When an event dated after the reading arrives, then it is applied over the correction; one dated before it arriving late is not", async () => {
    const accountId = 600003;
    await sendLifecycle(rig.hb.url, lifecycleBody("install", { accountId, timestamp: "2026-02-01T00:00:00Z", withoutSubscription: true }));
    await settled(accountId, 1);
    const run = JSON.parse((await reconcile("--account", String(accountId), "--json")).stdout) as { readAt: string; corrections: { type: string }[] };
    expect(run.corrections.map((c) => c.type)).toEqual(["uninstall"]);
    await settled(accountId, 2);
    expect((await me(accountId)).body.install.status).toBe("uninstalled");

    const readAt = Date.parse(run.readAt);
    await sendLifecycle(rig.hb.url, lifecycleBody("install", { accountId, timestamp: new Date(readAt - 60_000).toISOString() }));
    await settled(accountId, 3);
    expect((await me(accountId)).body.install.status).toBe("uninstalled");

    await sendLifecycle(rig.hb.url, lifecycleBody("install", { accountId, timestamp: new Date(readAt + 60_000).toISOString() }));
    await settled(accountId, 4);
    expect((await me(accountId)).body.install.status).toBe("installed");
  });

  it("When a trial ends into the free plan unseen, then reconcile reads the free plan's far-future renewal date as no renewal", async () => {
    const accountId = 600006;
    await sendLifecycle(rig.hb.url, lifecycleBody("install", { accountId, timestamp: "2026-02-01T00:00:00Z", withoutSubscription: true }));
    await sendLifecycle(
      rig.hb.url,
      lifecycleBody("app_trial_subscription_started", { accountId, timestamp: "2026-02-02T00:00:00Z", planId: "pro", isTrial: true }),
    );
    await settled(accountId, 2);
    expect((await me(accountId)).body.subscription.status).toBe("trial");
    monday.records.installs.push({ accountId: String(accountId), timestamp: "2026-02-01T00:00:00Z" });
    monday.records.subscriptions.push({
      accountId: String(accountId),
      planId: "free",
      status: "active",
      renewalDate: "2126-01-01T00:00:00Z",
      endDate: null,
      daysLeft: 36500,
    });

    const run = await reconcile("--account", String(accountId));
    expect(run.stdout).toContain(`account ${accountId}: app_trial_subscription_ended (the trial ended into another plan)`);
    await settled(accountId, 3);
    expect((await me(accountId)).body.subscription).toMatchObject({ planId: "free", status: "active", isTrial: false, renewalDate: null });
    expect((await reconcile("--account", String(accountId))).stdout).toContain("Everything is in line");
  });

  it("When two processes reconcile at once, then the work is done once", async () => {
    const accountId = "600004";
    monday.records.installs.push({ accountId, timestamp: "2026-03-01T00:00:00Z" });
    monday.records.delayMs = 300;
    try {
      const [a, b] = await Promise.all([reconcile("--account", accountId), reconcile("--account", accountId)]);
      expect([a.code, b.code]).toEqual([0, 0]);
      expect([a.stderr, b.stderr].filter((e) => e.includes("Another process is reconciling right now"))).toHaveLength(1);
    } finally {
      monday.records.delayMs = 0;
    }
    await settled(Number(accountId), 1);
    expect(await prisma().delivery.count({ where: { accountId, idempotencyKey: { startsWith: "reconcile:" } } })).toBe(1);
  });

  it("When reconcile runs with --dry-run, then it prints what would change and changes nothing", async () => {
    const accountId = "600005";
    monday.records.installs.push({ accountId, timestamp: "2026-03-01T00:00:00Z" });
    const snapshot = async () => ({
      deliveries: await prisma().delivery.count(),
      installs: await prisma().install.findMany({ orderBy: { accountId: "asc" } }),
      subscriptions: await prisma().subscription.findMany({ orderBy: { accountId: "asc" } }),
      timeline: await prisma().lifecycleEvent.count(),
      jobs: await prisma().jobRun.findMany(),
    });
    const before = await snapshot();
    const run = await reconcile("--dry-run", "--account", accountId);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`account ${accountId}: install (installed before Hookboard heard of the account)`);
    expect(run.stdout).toContain("Dry run: would store 1 correction(s); nothing was changed.");
    expect(await snapshot()).toEqual(before);
  });
});

describe.each(kinds)("reconciling on a schedule on %s", (kind) => {
  it("When Hookboard starts with MONDAY_API_TOKEN and MONDAY_APP_ID, then it reconciles on its own and records the run", async () => {
    const monday = await startMonday();
    monday.records.installs.push({ accountId: "650001", timestamp: "2026-01-05T10:00:00Z" });
    const hb = await startHookboard({ kind, env: monday.env });
    try {
      hb.hookboard.reconcile!.start();
      await eventually(async () => (await hb.hookboard.db.prisma.install.findUnique({ where: { accountId: "650001" } }))?.status === "installed", 15_000);
      const run = await hb.hookboard.db.prisma.jobRun.findUniqueOrThrow({ where: { name: "reconcile" } });
      expect(run).toMatchObject({ lastOutcome: "ok", leaseHolder: null });
      expect(run.lastDetail).toContain("1 correction(s)");
    } finally {
      await hb.stop({ drop: true });
      await monday.standin.stop();
    }
  });
});
