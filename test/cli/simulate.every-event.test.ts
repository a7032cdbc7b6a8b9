// `npx hookboard simulate` against a running Hookboard: every one of the 52 requests monday sends is
// signed and shaped so that Hookboard accepts it, stores it and shows it through the board view's
// API; async feature results come back to the simulator; and when something is off (the callback
// host, the audience, the server) the simulator says what to change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOARD_WEBHOOK_EVENTS } from "../../server/board-webhooks/webhook-events.ts";
import { webhookUrl } from "../../server/board-webhooks/webhook-url.ts";
import { FEATURE_EVENT_TYPES } from "../../server/features/event-types.ts";
import { LIFECYCLE_EVENT_TYPES } from "../../server/lifecycle/events.ts";
import { SUBSCRIBING_LIFECYCLE } from "../../server/cli/simulate/event-catalogue.ts";
import { freePort } from "../helpers/server-process.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { apiGet } from "../helpers/http.ts";
import { allDone, deliveriesOf, reportOf, startCliRig, type CliRig } from "./simulation-rig.ts";

const kinds = await databaseKinds();
const SUBSCRIBING = SUBSCRIBING_LIFECYCLE.map((e) => e.name);

describe.each(kinds)("npx hookboard simulate on %s", (kind) => {
  let rig: CliRig;
  beforeAll(async () => {
    rig = await startCliRig(kind);
  });
  afterAll(() => rig.stop());

  it("When `simulate all` runs, then every board and feature event and a subscribing account's lifecycle (49) are accepted, applied and listed in /api/deliveries, and the account is left installed and subscribed", async () => {
    const run = await rig.cli(["simulate", "all", "--account", "880001", "--board", "4400001", "--concurrency", "4", "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = reportOf(run);
    expect(report.ok).toBe(true);
    expect(report.sent).toHaveLength(49);
    expect(report.sent.filter((s) => s.status !== 200)).toEqual([]);
    expect(report.webhooks.map((w) => [w.event, w.origin, w.recorded, w.echoed])).toEqual(BOARD_WEBHOOK_EVENTS.map((e) => [e, "simulator", true, true]));

    const deliveries = await allDone(rig.hb, "880001", 49);
    const bySource = (source: string) =>
      deliveries
        .filter((d) => d.source === source)
        .map((d) => d.type)
        .sort();
    expect(bySource("lifecycle")).toEqual([...SUBSCRIBING].sort());
    expect(bySource("feature")).toEqual([...FEATURE_EVENT_TYPES].sort());
    expect(bySource("board")).toEqual([...BOARD_WEBHOOK_EVENTS].sort());
    expect(deliveries.filter((d) => d.source === "board").every((d) => d.boardId === "4400001")).toBe(true);

    const timeline = await apiGet<{ events: { type: string }[] }>(rig.hb.url, "/api/lifecycle-events?limit=50", { accountId: "880001" });
    expect(timeline.body.events.map((e) => e.type)).toEqual([...SUBSCRIBING].reverse());
    const me = await apiGet<{ install: { status: string }; subscription: { status: string; renewalDate: string } }>(rig.hb.url, "/api/me", {
      accountId: "880001",
    });
    expect(me.body.install.status).toBe("installed");
    expect(me.body.subscription.status).toBe("active");
    expect(Date.parse(me.body.subscription.renewalDate)).toBeGreaterThan(Date.now());
  });

  it("When `simulate lifecycle` runs, then the 12 app lifecycle events arrive in the order they happen, ending cancelled and uninstalled (the ended subscription's date is not in the future)", async () => {
    const run = await rig.cli(["simulate", "lifecycle", "--account", "880010", "--json"]);
    expect(run.code).toBe(0);
    await allDone(rig.hb, "880010", 12);
    const timeline = await apiGet<{ events: { type: string }[] }>(rig.hb.url, "/api/lifecycle-events?limit=50", { accountId: "880010" });
    // newest first, in the order the simulator gave them timestamps
    expect(timeline.body.events.map((e) => e.type)).toEqual([...LIFECYCLE_EVENT_TYPES].reverse());
    const me = await apiGet<{ install: { status: string }; subscription: { status: string; renewalDate: string } }>(rig.hb.url, "/api/me", {
      accountId: "880010",
    });
    expect(me.body.install.status).toBe("uninstalled");
    expect(me.body.subscription.status).toBe("cancelled");
    expect(Date.parse(me.body.subscription.renewalDate)).toBeLessThanOrEqual(Date.now());
  });

  it("When feature events are simulated in async mode, then each is acknowledged with 202 and its result arrives at the simulator's back_to_url", async () => {
    const run = await rig.cli(["simulate", "feature", "--mode", "async", "--account", "880002", "--json"]);
    expect(run.code).toBe(0);
    const report = reportOf(run);
    expect(report.sent.map((s) => [s.event, s.status])).toEqual(FEATURE_EVENT_TYPES.map((t) => [t, 202]));
    expect(report.callbacks.map((c) => c.event).sort()).toEqual([...FEATURE_EVENT_TYPES].sort());
    expect(report.callbacks.every((c) => (c.body as { success?: unknown }).success === true)).toBe(true);
    expect(new Set(report.callbacks.map((c) => c.eventId))).toEqual(new Set(report.sent.map((s) => s.eventId)));

    const deliveries = await allDone(rig.hb, "880002", 19);
    expect(deliveries.every((d) => d.mode === "async" && d.callbackStatus === "sent")).toBe(true);
  });

  it("When the text output is read, then it shows each answer, the async results and where the board view and the API show them", async () => {
    const run = await rig.inProcess(["simulate", "install", "create_item", "AppFeatureBoardView:duplicate", "--mode", "async", "--account", "880003"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /board create_item: recorded webhook [0-9a-f-]{36} \(the simulator's; none for this event was added in the board view\) at \/webhooks\/board\/…\S{4} \(43 chars\); challenge → 200 echoed/,
    );
    expect(run.stdout).toMatch(/1\/3 {2}install {2}→ 200 \{"ok":true,"deliveryId":"[0-9a-f-]{36}","duplicate":false\}/);
    expect(run.stdout).toMatch(/← back_to_url of AppFeatureBoardView:duplicate \(event [0-9a-f-]{36}\): \{"success":true\}/);
    expect(run.stdout).toContain("3 of 3 accepted; 1 async result(s) came back.");
    expect(run.stdout).toContain("board view (inside monday; under `npm run dev`, the stand-in monday at http://127.0.0.1:5174/), the account section");
    expect(run.stdout).toContain(`board view on board 3000001: "Recent deliveries"`);
    expect(run.stdout).toContain("GET /api/boards/3000001/webhooks");
    expect(run.stdout).toContain("GET /api/lifecycle-events");
    // the webhook's URL is a secret of sorts: never printed whole
    const row = await rig.hb.hookboard.db.prisma.boardWebhook.findFirstOrThrow({ where: { accountId: "880003" } });
    expect(run.stdout).not.toContain(row.urlToken);
  });

  it("When a board event is simulated again, then the webhook recorded the first time is reused and shows in the board's webhook list state as active", async () => {
    const first = reportOf(await rig.inProcess(["simulate", "create_update", "--account", "880004", "--json"]));
    const again = reportOf(await rig.inProcess(["simulate", "create_update", "--account", "880004", "--json"]));
    expect(first.webhooks).toMatchObject([{ event: "create_update", recorded: true, echoed: true }]);
    expect(again.webhooks).toEqual([{ ...first.webhooks[0], recorded: false }]);
    const rows = await rig.hb.hookboard.db.prisma.boardWebhook.findMany({ where: { accountId: "880004" } });
    expect(rows.map((r) => [r.event, r.state, r.boardId, r.mondayWebhookId])).toEqual([["create_update", "active", "3000001", null]]);
    await allDone(rig.hb, "880004", 2);
  });

  it("When --webhook-url names a webhook Hookboard issued, then the challenge and the event go there, and another account's token is refused with a hint", async () => {
    const row = await rig.hb.hookboard.db.prisma.boardWebhook.create({
      data: {
        id: "11111111-2222-4333-8444-555555555555",
        accountId: "880005",
        boardId: "4400005",
        event: "item_archived",
        urlToken: "w".repeat(43),
        state: "active",
      },
    });
    const url = webhookUrl(rig.hb.url, row.urlToken);
    const ok = reportOf(await rig.inProcess(["simulate", "item_archived", "--webhook-url", url, "--account", "880005", "--board", "4400005", "--json"]));
    expect(ok.ok).toBe(true);
    expect(ok.webhooks).toEqual([{ event: "item_archived", webhookId: null, origin: "url", recorded: false, echoed: true, status: 200 }]);
    const [stored] = await allDone(rig.hb, "880005", 1);
    expect(stored).toMatchObject({ source: "board", type: "item_archived", boardId: "4400005" });

    const wrong = await rig.inProcess(["simulate", "item_archived", "--webhook-url", url, "--account", "880099"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain("jwt_account_mismatch");
    expect(wrong.stdout).toContain("hint: The webhook belongs to another account: pass that account as --account.");
  });

  it("When the server may not call the simulator's callback host, then async events are refused with callback_not_allowed, nothing is stored, and the hint says what to add to MONDAY_CALLBACK_HOSTS", async () => {
    const run = await rig.inProcess([
      "simulate",
      "AppFeatureObject:create",
      "--mode",
      "async",
      "--callback-host",
      "localhost",
      "--account",
      "880006",
      "--wait",
      "1",
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('→ 422 {"error":{"code":"callback_not_allowed"');
    expect(run.stdout).toContain("Start the server with MONDAY_CALLBACK_HOSTS=monday.com,*.monday.com,localhost for local simulation");
    expect(await deliveriesOf(rig.hb, "880006")).toEqual([]);
  });

  it("When the token names another PUBLIC_URL than the server's, then the 401 comes with the hint to pass --public-url", async () => {
    const run = await rig.inProcess(["simulate", "install", "--public-url", "https://hookboard.example.com", "--account", "880007"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('→ 401 {"error":{"code":"jwt_audience"');
    expect(run.stdout).toContain("pass the server's PUBLIC_URL as --public-url");
    expect(await deliveriesOf(rig.hb, "880007")).toEqual([]);
  });

  it("When the simulator signs with the other secret and dat claims (monday's other reading for lifecycle events), then Hookboard accepts it too", async () => {
    const report = reportOf(
      await rig.inProcess(["simulate", "app_subscription_created", "--secret", "client", "--claims", "dat", "--account", "880008", "--plan", "pro", "--json"]),
    );
    expect(report.sent.map((s) => s.status)).toEqual([200]);
    await allDone(rig.hb, "880008", 1);
    const me = await apiGet<{ subscription: { planId: string } }>(rig.hb.url, "/api/me", { accountId: "880008" });
    expect(me.body.subscription.planId).toBe("pro");
  });

  it("When no server listens at --url, then every request is reported unanswered with a hint to start one, and the exit code is 1", async () => {
    const port = await freePort();
    const run = await rig.inProcess(["simulate", "install", "AppFeatureColumn:create", "--url", `http://127.0.0.1:${port}`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("→ no answer");
    expect(run.stdout).toContain(`hint: No Hookboard answered at http://127.0.0.1:${port}`);
    expect(run.stdout).toContain("0 of 2 accepted.");
  });
});
