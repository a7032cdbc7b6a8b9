// Every feature lifecycle event type monday sends is accepted in both modes through the real
// routes: a sync event is answered with its handler's result, an async one is reported once to
// back_to_url with monday's documented body. A type Hookboard does not know is kept and answered
// as a success, marked unrecognised: refusing it would fail the user's action in monday on a guess.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURE_EVENT_TYPES } from "../../server/features/event-types.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { callbackSettled, deliveryOf, featureEvent, startFeatureRig, type FeatureRig } from "./feature-setup.ts";
import { featureBody, sendFeature } from "./feature-requests.ts";

const kinds = await databaseKinds();

function payloadFor(type: string, i: number): Record<string, unknown> {
  if (type === "AppFeatureBoardView:duplicate") return { boardId: 987654321, boardViewId: 700000 + i, sourceBoardViewId: 600000 + i };
  if (type.startsWith("AppFeatureBoardView:")) return { boardId: 987654321, boardViewId: 700000 + i };
  return { boardId: 987654321, instanceId: 800000 + i, object_id: 900000 + i };
}

function expectedData(type: string, i: number): Record<string, unknown> {
  const viewId = String(700000 + i);
  switch (type) {
    case "AppFeatureBoardView:delete":
      return { viewId, settingsKeptAside: false };
    case "AppFeatureBoardView:restore":
      return { viewId, settingsRestored: false };
    case "AppFeatureBoardView:duplicate":
      return { viewId, sourceViewId: String(600000 + i), settingsCopied: false };
    default:
      return { recorded: true };
  }
}

describe.each(kinds)("feature lifecycle event catalogue on %s", (kind) => {
  let rig: FeatureRig;
  beforeAll(async () => {
    rig = await startFeatureRig(kind);
  });
  afterAll(() => rig.stop());

  it("knows exactly the 19 event types of monday's feature-level lifecycle", () => {
    expect(new Set(FEATURE_EVENT_TYPES).size).toBe(19);
  });

  it.each(FEATURE_EVENT_TYPES.map((t, i) => [t, i] as const))(
    "When monday sends %s to the sync route, then the answer is 200 with the handler's result",
    async (type, i) => {
      const accountId = 610000 + i;
      const res = await sendFeature(rig.hb.url, "sync", featureBody(type, { accountId, payload: payloadFor(type, i) }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, eventId: res.eventId, data: expectedData(type, i) });

      const row = await featureEvent(rig.hb, res.eventId!);
      expect(row).toMatchObject({
        type,
        featureType: type.split(":")[0],
        mode: "sync",
        accountId: String(accountId),
        resultStatus: 200,
        callbackStatus: "none",
      });
      expect(JSON.parse(row!.payload)).toEqual(payloadFor(type, i));
      expect(await deliveryOf(rig.hb, res.eventId!)).toMatchObject({ source: "feature", type, status: "done", attempts: 1 });
    },
  );

  it.each(FEATURE_EVENT_TYPES.map((t, i) => [t, i] as const))(
    "When monday sends %s to the async route, then it is acknowledged with 202 and {success: true} arrives once at back_to_url",
    async (type, i) => {
      const accountId = 620000 + i;
      const backToUrl = rig.appService.backToUrl();
      const res = await sendFeature(rig.hb.url, "async", featureBody(type, { accountId, payload: payloadFor(type, i), backToUrl }));
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ ok: true, duplicate: false });

      const row = await callbackSettled(rig.hb, res.eventId!);
      expect(row).toMatchObject({ type, mode: "async", callbackStatus: "sent", callbackAttempts: 1 });
      expect(JSON.parse(row.result!)).toEqual({ success: true, data: expectedData(type, i) });
      const callbacks = rig.appService.callbacksFor(backToUrl);
      expect(callbacks).toHaveLength(1);
      expect(callbacks[0]).toMatchObject({ body: { success: true }, contentType: "application/json", status: 200 });
    },
  );

  it("When the body nests its fields under data, then back_to_url, the ids and event_action_origin are read from there", async () => {
    const backToUrl = rig.appService.backToUrl();
    const body = featureBody("AppFeatureColumn:board_deleted", {
      accountId: 630001,
      nested: true,
      backToUrl,
      eventActionOrigin: "board_archived",
      payload: { boardId: 11, columnId: "hb_col" },
    });
    const res = await sendFeature(rig.hb.url, "async", body);
    expect(res.status).toBe(202);
    const row = await callbackSettled(rig.hb, res.eventId!);
    expect(row).toMatchObject({ accountId: "630001", eventActionOrigin: "board_archived", backToUrl, callbackStatus: "sent" });
    expect(JSON.parse(row.payload)).toEqual({ boardId: 11, columnId: "hb_col" });
    expect(rig.appService.acceptedFor(backToUrl)).toHaveLength(1);
  });

  it("When a sync event carries event_action_origin at the top level, then it is kept with the event", async () => {
    const res = await sendFeature(rig.hb.url, "sync", featureBody("AppFeatureColumn:delete", { accountId: 630002, eventActionOrigin: "board_deleted" }));
    expect(res.status).toBe(200);
    expect(await featureEvent(rig.hb, res.eventId!)).toMatchObject({ eventActionOrigin: "board_deleted" });
  });

  it("When a sync event has a type Hookboard does not know, then it is answered 200, kept with its payload and marked unrecognised", async () => {
    const body = featureBody("AppFeatureWidget:resize", { accountId: 630003 });
    const res = await sendFeature(rig.hb.url, "sync", body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, unrecognised: expect.stringContaining("AppFeatureWidget:resize") });
    expect(await deliveryOf(rig.hb, res.eventId!)).toMatchObject({ status: "done" });
    const row = await featureEvent(rig.hb, res.eventId!);
    expect(row).toMatchObject({
      type: "AppFeatureWidget:resize",
      featureType: null,
      resultStatus: 200,
      unrecognised: expect.stringContaining("AppFeatureWidget:resize"),
    });
    expect(JSON.parse(row!.payload)).toEqual(body.payload);
  });

  it("When an async event has a type Hookboard does not know, then it is stored, marked unrecognised and reported as a success through back_to_url", async () => {
    const backToUrl = rig.appService.backToUrl();
    const res = await sendFeature(rig.hb.url, "async", featureBody("AppFeatureWidget:resize", { accountId: 630004, backToUrl }));
    expect(res.status).toBe(202);
    const row = await callbackSettled(rig.hb, res.eventId!);
    expect(row).toMatchObject({
      type: "AppFeatureWidget:resize",
      featureType: null,
      callbackStatus: "sent",
      unrecognised: expect.stringContaining("AppFeatureWidget:resize"),
    });
    const callbacks = rig.appService.callbacksFor(backToUrl);
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]!.body).toEqual({ success: true });
    expect(await deliveryOf(rig.hb, res.eventId!)).toMatchObject({ status: "done" });
  });
});
