// `--repeat`, `--duplicate` and `--shuffle` let a developer watch Hookboard's promises: a burst is
// stored once per event however often each is sent, and lifecycle state ends the same whatever
// order the events arrive in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { apiGet } from "../helpers/http.ts";
import { allDone, reportOf, startCliRig, type CliRig } from "./simulation-rig.ts";

const kinds = await databaseKinds();

const STORY = [
  "install",
  "app_trial_subscription_started",
  "app_trial_subscription_ended",
  "app_subscription_created",
  "app_subscription_changed",
  "app_subscription_cancelled_by_user",
];

describe.each(kinds)("simulated bursts on %s", (kind) => {
  let rig: CliRig;
  beforeAll(async () => {
    rig = await startCliRig(kind);
  });
  afterAll(() => rig.stop());

  it("When every event of a burst is sent twice (--repeat 3 --duplicate), then each is stored and applied once and the second copy is acknowledged as a duplicate", async () => {
    const run = await rig.cli([
      "simulate",
      "install",
      "create_item",
      "AppFeatureObject:create",
      "--repeat",
      "3",
      "--duplicate",
      "--account",
      "881001",
      "--json",
    ]);
    expect(run.code).toBe(0);
    const report = reportOf(run);
    expect(report.sent).toHaveLength(18);
    expect(report.sent.every((s) => s.status === 200)).toBe(true);
    const copies = (again: boolean) => report.sent.filter((s) => s.again === again && s.kind !== "feature").map((s) => s.answer?.duplicate);
    expect(copies(false)).toEqual(Array(6).fill(false));
    expect(copies(true)).toEqual(Array(6).fill(true));
    // a repeated sync feature event gets the first answer again, for the same X-Apps-Event-Id
    const features = report.sent.filter((s) => s.kind === "feature");
    expect(new Set(features.map((s) => s.eventId)).size).toBe(3);
    expect(features.every((s) => s.answer?.success === true)).toBe(true);

    const deliveries = await allDone(rig.hb, "881001", 9);
    expect(deliveries.map((d) => d.type).sort()).toEqual(["AppFeatureObject:create", "create_item", "install"].flatMap((t) => [t, t, t]));
    expect(await rig.hb.hookboard.db.prisma.lifecycleEvent.count({ where: { accountId: "881001" } })).toBe(3);
    expect(await rig.hb.hookboard.db.prisma.featureEvent.count({ where: { accountId: "881001" } })).toBe(3);
  });

  it("When a lifecycle story is sent shuffled, each event twice (--shuffle --seed --duplicate), then the account ends in the state and timeline the ordered story gives", async () => {
    const at = "2026-03-01T09:00:00.000Z";
    const ordered = reportOf(await rig.inProcess(["simulate", ...STORY, "--at", at, "--plan", "pro", "--account", "881002", "--json"]));
    const shuffled = reportOf(
      await rig.inProcess(["simulate", ...STORY, "--at", at, "--plan", "pro", "--account", "881003", "--shuffle", "--seed", "11", "--duplicate", "--json"]),
    );
    expect(ordered.ok && shuffled.ok).toBe(true);
    expect(shuffled.seed).toBe(11);
    const order = shuffled.sent.filter((s) => !s.again).map((s) => s.index);
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    await allDone(rig.hb, "881002", STORY.length);
    await allDone(rig.hb, "881003", STORY.length);

    const view = async (accountId: string) => {
      const me = await apiGet<{ account: Record<string, unknown>; install: unknown; subscription: unknown }>(rig.hb.url, "/api/me", { accountId });
      const timeline = await apiGet<{ events: { type: string; occurredAt: string; planId: string | null }[] }>(rig.hb.url, "/api/lifecycle-events", {
        accountId,
      });
      return {
        account: { ...me.body.account, id: "?" },
        install: me.body.install,
        subscription: me.body.subscription,
        timeline: timeline.body.events.map(({ type, occurredAt, planId }) => ({ type, occurredAt, planId })),
      };
    };
    const expected = await view("881002");
    expect(expected.subscription).toMatchObject({ planId: "pro", status: "cancel_pending" });
    expect(expected.timeline.map((e) => e.type)).toEqual([...STORY].reverse());
    expect(await view("881003")).toEqual(expected);
  });

  it("When the same seed is given again, then the shuffled order is the same, so an order that showed a problem can be sent again", async () => {
    const args = ["simulate", "board", "--shuffle", "--seed", "4242", "--account", "881004", "--json"];
    const first = reportOf(await rig.inProcess(args));
    const second = reportOf(await rig.inProcess(args));
    expect(first.sent.map((s) => s.event)).toEqual(second.sent.map((s) => s.event));
    expect(first.sent.map((s) => s.event)).not.toEqual([...first.sent.map((s) => s.event)].sort());
    await allDone(rig.hb, "881004", 42);
  });
});
