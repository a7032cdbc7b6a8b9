// `npx hookboard lifecycle-subscriptions` run as a real process against a stand-in monday API: sync
// sends the file's subscriptions as update_app_lifecycle_subscription with webhook URLs built from
// PUBLIC_URL, list and delete do what they say, and a wrong file stops it before anything is sent.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { serveLifecycleSubscriptions, type StandInSubscription } from "../../server/test-kit/monday/lifecycle-subscriptions.ts";
import { MondayStandIn } from "../../server/test-kit/monday/standin-server.ts";
import { projectWith, runHookboardCli } from "./run-cli.ts";

const TOKEN = "collaborator-personal-api-token-5f1e";
const PUBLIC_URL = "https://hookboard.example.com";

const boardViewFeature = {
  featureSlug: "hookboard-board-view",
  featureType: "AppFeatureBoardView",
  events: [
    { type: "AppFeatureBoardView:delete", mode: "sync" },
    { type: "AppFeatureBoardView:duplicate", mode: "async" },
  ],
};
const objectFeature = {
  entityIdentifier: "5551234",
  featureType: "AppFeatureObject",
  events: [{ type: "AppFeatureObject:update_attributes", mode: "sync" }],
};

describe("npx hookboard lifecycle-subscriptions", () => {
  let monday: MondayStandIn;
  let state: { subscriptions: StandInSubscription[] };
  beforeAll(async () => {
    monday = await new MondayStandIn().start();
  });
  beforeEach(() => {
    monday.requests.length = 0;
    state = serveLifecycleSubscriptions(monday, {
      appId: "10000001",
      features: [
        { entityIdentifier: "hookboard::hookboard-board-view", featureType: "AppFeatureBoardView" },
        { entityIdentifier: "5551234", featureType: "AppFeatureObject", live: true },
      ],
    });
  });
  afterAll(() => monday.stop());

  const env = (extra: Record<string, string> = {}) => ({ MONDAY_API_TOKEN: TOKEN, MONDAY_API_URL: monday.apiUrl, PUBLIC_URL, ...extra });
  const project = (features: unknown[] = [boardViewFeature, objectFeature]) => projectWith({ "hookboard.features.json": { appSlug: "hookboard", features } });

  it("When sync runs, then monday receives update_app_lifecycle_subscription per feature with the file's events, webhook URLs from PUBLIC_URL, the token and API-Version 2026-10", async () => {
    const run = await runHookboardCli(["lifecycle-subscriptions", "sync"], { cwd: project(), env: env() });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);

    const calls = monday.calls("update_app_lifecycle_subscription");
    expect(calls.map((c) => c.args)).toEqual([
      {
        entity_identifier: "hookboard::hookboard-board-view",
        entity_type: "appFeature",
        input: {
          lifecycle_events: [
            { event_type: "AppFeatureBoardView:delete", webhook_url: `${PUBLIC_URL}/webhooks/features/sync`, is_sync: true },
            { event_type: "AppFeatureBoardView:duplicate", webhook_url: `${PUBLIC_URL}/webhooks/features/async`, is_sync: false },
          ],
        },
      },
      {
        entity_identifier: "5551234",
        entity_type: "appFeature",
        input: { lifecycle_events: [{ event_type: "AppFeatureObject:update_attributes", webhook_url: `${PUBLIC_URL}/webhooks/features/sync`, is_sync: true }] },
      },
    ]);
    expect(calls.every((c) => c.ctx.token === TOKEN && c.ctx.apiVersion === "2026-10")).toBe(true);
    expect(state.subscriptions.map((s) => [s.entity_id, s.event_type, s.is_sync])).toEqual([
      ["hookboard::hookboard-board-view", "AppFeatureBoardView:delete", true],
      ["hookboard::hookboard-board-view", "AppFeatureBoardView:duplicate", false],
      ["5551234", "AppFeatureObject:update_attributes", true],
    ]);
    expect(run.stdout).toContain("hookboard::hookboard-board-view: 2 subscription(s) at monday");
    expect(run.stdout).not.toContain(TOKEN);
  });

  it("When an event does not belong to its feature's type, then sync refuses the file before sending anything", async () => {
    const wrong = { ...boardViewFeature, events: [...boardViewFeature.events, { type: "AppFeatureObject:create", mode: "sync" }] };
    const run = await runHookboardCli(["lifecycle-subscriptions", "sync"], { cwd: project([objectFeature, wrong]), env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'features[1] (hookboard-board-view): "AppFeatureObject:create" belongs to AppFeatureObject features, not to AppFeatureBoardView',
    );
    expect(monday.requests).toHaveLength(0);
    expect(state.subscriptions).toHaveLength(0);
  });

  it("When the file names an event type monday does not have, or lists one twice, then every problem is named and nothing is sent", async () => {
    const wrong = {
      ...boardViewFeature,
      events: [{ type: "AppFeatureBoardView:rename", mode: "sync" }, boardViewFeature.events[0], boardViewFeature.events[0]],
    };
    const run = await runHookboardCli(["lifecycle-subscriptions", "sync"], { cwd: project([wrong]), env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"AppFeatureBoardView:rename" is not a feature lifecycle event type');
    expect(run.stderr).toContain('"AppFeatureBoardView:delete" is listed twice');
    expect(monday.requests).toHaveLength(0);
  });

  it("When the file is not valid, then the command says where and sends nothing", async () => {
    const run = await runHookboardCli(["lifecycle-subscriptions", "sync"], {
      cwd: projectWith({ "hookboard.features.json": { features: [{ featureType: "AppFeatureGadget", events: [] }] } }),
      env: env(),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/features\[0\]\.featureType/);
    expect(monday.requests).toHaveLength(0);
  });

  it("When --dry-run is given, then sync shows the subscriptions it would send and sends nothing", async () => {
    const run = await runHookboardCli(["lifecycle-subscriptions", "sync", "--dry-run", "--feature", "hookboard-board-view"], { cwd: project(), env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("hookboard::hookboard-board-view: would subscribe 2 event(s)");
    expect(run.stdout).toContain(`${PUBLIC_URL}/webhooks/features/async`);
    expect(run.stdout).not.toContain("5551234");
    expect(monday.requests).toHaveLength(0);
  });

  it("When the configuration is given by --config and the app slug by --app-slug, then those are used", async () => {
    const dir = projectWith({ "subs.json": { features: [boardViewFeature] } });
    const run = await runHookboardCli(["lifecycle-subscriptions", "sync", "--config", "subs.json", "--app-slug", "hookboard"], { cwd: dir, env: env() });
    expect(run.code).toBe(0);
    expect(monday.calls("update_app_lifecycle_subscription").map((c) => c.args.entity_identifier)).toEqual(["hookboard::hookboard-board-view"]);
  });

  it("When list runs after a sync, then it prints monday's subscriptions of the app", async () => {
    await runHookboardCli(["lifecycle-subscriptions", "sync"], { cwd: project(), env: env() });
    const run = await runHookboardCli(["lifecycle-subscriptions", "list", "--app-id", "10000001", "--json"], { cwd: project(), env: env() });
    expect(run.code).toBe(0);
    expect(monday.calls("get_app_lifecycle_subscriptions").map((c) => c.args)).toEqual([{ app_id: "10000001" }]);
    const listed = JSON.parse(run.stdout) as StandInSubscription[];
    expect(listed.map((s) => [s.event_type, s.webhook_url, s.is_sync])).toEqual([
      ["AppFeatureBoardView:delete", `${PUBLIC_URL}/webhooks/features/sync`, true],
      ["AppFeatureBoardView:duplicate", `${PUBLIC_URL}/webhooks/features/async`, false],
      ["AppFeatureObject:update_attributes", `${PUBLIC_URL}/webhooks/features/sync`, true],
    ]);
    const text = await runHookboardCli(["lifecycle-subscriptions", "list"], { cwd: project(), env: env({ MONDAY_APP_ID: "10000001" }) });
    expect(text.stdout).toMatch(/AppFeatureBoardView:duplicate\s+async\s+https:\/\/hookboard\.example\.com\/webhooks\/features\/async/);
  });

  it("When delete runs for a feature, then monday removes that feature's subscriptions", async () => {
    await runHookboardCli(["lifecycle-subscriptions", "sync"], { cwd: project(), env: env() });
    const run = await runHookboardCli(["lifecycle-subscriptions", "delete", "--feature", "hookboard-board-view"], { cwd: project(), env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("hookboard::hookboard-board-view: subscriptions deleted");
    expect(monday.calls("delete_app_lifecycle_subscription").map((c) => c.args)).toEqual([
      { entity_identifier: "hookboard::hookboard-board-view", entity_type: "appFeature" },
    ]);
    expect(state.subscriptions.map((s) => s.entity_id)).toEqual(["5551234"]);
  });

  it("When monday refuses (deleting a live version's subscriptions), then the command fails with monday's reason and no stack trace", async () => {
    const run = await runHookboardCli(["lifecycle-subscriptions", "delete", "--feature", "5551234"], { cwd: project(), env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Cannot delete lifecycle subscriptions of a live app version");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("When MONDAY_API_TOKEN is missing or the API version is older than 2026-10, then the command refuses before calling monday", async () => {
    const noToken = await runHookboardCli(["lifecycle-subscriptions", "sync"], { cwd: project(), env: { MONDAY_API_URL: monday.apiUrl, PUBLIC_URL } });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("MONDAY_API_TOKEN is not set");
    const oldVersion = await runHookboardCli(["lifecycle-subscriptions", "sync"], { cwd: project(), env: env({ MONDAY_API_VERSION: "2025-10" }) });
    expect(oldVersion.code).toBe(2);
    expect(oldVersion.stderr).toMatch(/MONDAY_API_VERSION must be a monday API version .* of 2026-10 or later/);
    const noPublicUrl = await runHookboardCli(["lifecycle-subscriptions", "sync"], {
      cwd: project(),
      env: { MONDAY_API_TOKEN: TOKEN, MONDAY_API_URL: monday.apiUrl },
    });
    expect(noPublicUrl.code).toBe(2);
    expect(noPublicUrl.stderr).toContain("PUBLIC_URL must be set");
    expect(monday.requests).toHaveLength(0);
  });

  it("When PUBLIC_URL is not https in production, then sync refuses to subscribe monday to it", async () => {
    const run = await runHookboardCli(["lifecycle-subscriptions", "sync"], {
      cwd: project(),
      env: env({ PUBLIC_URL: "http://hookboard.example.com", NODE_ENV: "production" }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("PUBLIC_URL must be an https URL in production");
    expect(monday.requests).toHaveLength(0);
  });
});

describe("npx hookboard", () => {
  it("When run without a command, then it lists the commands and exits with 2", async () => {
    const run = await runHookboardCli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("lifecycle-subscriptions");
  });

  it("When given an unknown command or action, then it says so and exits with 2", async () => {
    const unknown = await runHookboardCli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    const action = await runHookboardCli(["lifecycle-subscriptions", "purge"]);
    expect(action.code).toBe(2);
    expect(action.stderr).toContain('Unknown action "purge"');
    expect(action.stderr).toContain("Usage: npx hookboard lifecycle-subscriptions");
  });

  it("When asked for a command's help, then it prints its usage and exits with 0", async () => {
    const run = await runHookboardCli(["lifecycle-subscriptions", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("PUBLIC_URL/webhooks/features/sync");
  });
});
