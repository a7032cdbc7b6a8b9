// X-Apps-Event-Id makes every feature event happen once: a repeated sync event is answered like
// the first without running its handler again (also when both copies arrive at the same time), and
// a repeated async event is acknowledged without a second processing or a second callback.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuse, succeed } from "../../server/features/outcome.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { callbackSettled, featureEvent, startFeatureRig, type FeatureRig } from "./feature-setup.ts";
import { featureBody, sendFeature } from "./feature-requests.ts";

const kinds = await databaseKinds();

describe.each(kinds)("feature event idempotency on %s", (kind) => {
  let rig: FeatureRig;
  beforeAll(async () => {
    rig = await startFeatureRig(kind);
  });
  afterAll(() => rig.stop());

  const prisma = () => rig.hb.hookboard.db.prisma;
  const countFor = async (eventId: string) => ({
    deliveries: await prisma().delivery.count({ where: { idempotencyKey: `feature:${eventId}` } }),
    events: await prisma().featureEvent.count({ where: { eventId } }),
  });

  it("When the same sync event arrives twice, then the second gets the first's answer and the handler ran once", async () => {
    let calls = 0;
    rig.hb.hookboard.registry.on("feature:AppFeatureObject:publish", async (_event, { commit }) => {
      calls++;
      return commit(async () => succeed({ call: calls }));
    });
    const eventId = randomUUID();
    const body = featureBody("AppFeatureObject:publish", { accountId: 650001 });
    const first = await sendFeature(rig.hb.url, "sync", body, { eventId });
    const second = await sendFeature(rig.hb.url, "sync", body, { eventId });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ success: true, eventId, data: { call: 1 } });
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(calls).toBe(1);
    expect(await countFor(eventId)).toEqual({ deliveries: 1, events: 1 });
  });

  it("When a refused sync event arrives again, then the same refusal is answered without asking the handler again", async () => {
    let calls = 0;
    rig.hb.hookboard.registry.on("feature:AppFeatureObject:unpublish", async () => {
      calls++;
      return refuse("This object cannot be unpublished while it is in use", { code: "object_in_use", status: 409 });
    });
    const eventId = randomUUID();
    const body = featureBody("AppFeatureObject:unpublish", { accountId: 650002 });
    const first = await sendFeature(rig.hb.url, "sync", body, { eventId });
    const second = await sendFeature(rig.hb.url, "sync", body, { eventId });
    expect(first.status).toBe(409);
    expect(first.body).toEqual({ error: { code: "object_in_use", message: "This object cannot be unpublished while it is in use" } });
    expect([second.status, second.body]).toEqual([first.status, first.body]);
    expect(calls).toBe(1);
  });

  it("When two copies of a sync event arrive at the same time, then both get the same answer and the handler ran once", async () => {
    let calls = 0;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    rig.hb.hookboard.registry.on("feature:AppFeatureObject:import", async (_event, { commit }) => {
      calls++;
      await released;
      return commit(async () => succeed({ imported: 3 }));
    });
    const eventId = randomUUID();
    const body = featureBody("AppFeatureObject:import", { accountId: 650003 });
    const duplicatesBefore = rig.hb.hookboard.metrics.get("hookboard_deliveries_duplicate_total", { source: "feature" });
    const both = Promise.all([sendFeature(rig.hb.url, "sync", body, { eventId }), sendFeature(rig.hb.url, "sync", body, { eventId })]);
    // both copies are in: one runs the handler, the other was stored as its duplicate and waits
    await eventually(
      () => calls === 1 && rig.hb.hookboard.metrics.get("hookboard_deliveries_duplicate_total", { source: "feature" }) > duplicatesBefore,
      10_000,
      "both copies received",
    );
    release();
    const [a, b] = await both;
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ success: true, eventId, data: { imported: 3 } });
    expect([b.status, b.body]).toEqual([a.status, a.body]);
    expect(calls).toBe(1);
    expect(await countFor(eventId)).toEqual({ deliveries: 1, events: 1 });
  });

  it("When the same async event arrives again after its result was reported, then it is acknowledged as a duplicate with no second processing or callback", async () => {
    let calls = 0;
    rig.hb.hookboard.registry.on("feature:AppFeatureObject:duplicate", async () => {
      calls++;
      return succeed();
    });
    const eventId = randomUUID();
    const backToUrl = rig.appService.backToUrl();
    const body = featureBody("AppFeatureObject:duplicate", { accountId: 650004, backToUrl });
    const first = await sendFeature(rig.hb.url, "async", body, { eventId });
    await callbackSettled(rig.hb, eventId);
    const second = await sendFeature(rig.hb.url, "async", body, { eventId });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toMatchObject({ duplicate: true, deliveryId: first.body.deliveryId });
    // the worker would have picked a second delivery up by now; there is none to pick
    await rig.hb.hookboard.worker.drainOnce();
    await rig.hb.hookboard.features.callbacks.runDue();
    expect(calls).toBe(1);
    expect(rig.appService.callbacksFor(backToUrl)).toHaveLength(1);
    expect(await featureEvent(rig.hb, eventId)).toMatchObject({ callbackStatus: "sent", callbackAttempts: 1 });
    expect(await countFor(eventId)).toEqual({ deliveries: 1, events: 1 });
  });

  it("When copies of an async event arrive together, then one is processed and one callback is sent", async () => {
    let calls = 0;
    rig.hb.hookboard.registry.on("feature:AppFeatureObject:restore", async () => {
      calls++;
      return succeed();
    });
    const eventId = randomUUID();
    const backToUrl = rig.appService.backToUrl();
    const body = featureBody("AppFeatureObject:restore", { accountId: 650005, backToUrl });
    const answers = await Promise.all([1, 2, 3].map(() => sendFeature(rig.hb.url, "async", body, { eventId })));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    await callbackSettled(rig.hb, eventId);
    await rig.hb.hookboard.worker.drainOnce();
    await rig.hb.hookboard.features.callbacks.runDue();
    expect(calls).toBe(1);
    expect(rig.appService.callbacksFor(backToUrl)).toHaveLength(1);
  });

  it("When an event id already received as sync arrives on the async route (or the other way), then it is refused with 409 and not processed again", async () => {
    const syncId = randomUUID();
    const asyncId = randomUUID();
    const backToUrl = rig.appService.backToUrl();
    await sendFeature(rig.hb.url, "sync", featureBody("AppFeatureColumn:create", { accountId: 650006 }), { eventId: syncId });
    await sendFeature(rig.hb.url, "async", featureBody("AppFeatureColumn:create", { accountId: 650006, backToUrl }), { eventId: asyncId });
    await callbackSettled(rig.hb, asyncId);

    const asAsync = await sendFeature(
      rig.hb.url,
      "async",
      featureBody("AppFeatureColumn:create", { accountId: 650006, backToUrl: rig.appService.backToUrl() }),
      { eventId: syncId },
    );
    const asSync = await sendFeature(rig.hb.url, "sync", featureBody("AppFeatureColumn:create", { accountId: 650006 }), { eventId: asyncId });
    expect([asAsync.status, asAsync.body.error?.code]).toEqual([409, "event_mode_conflict"]);
    expect([asSync.status, asSync.body.error?.code]).toEqual([409, "event_mode_conflict"]);
    expect(await featureEvent(rig.hb, syncId)).toMatchObject({ mode: "sync", callbackStatus: "none" });
    expect(rig.appService.callbacksFor(backToUrl)).toHaveLength(1);
  });
});
