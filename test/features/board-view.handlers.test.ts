// Hookboard's own board view follows monday's lifecycle: a deleted view's settings are kept aside,
// a restored view gets them back, and a duplicated view starts with a copy of its source's.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { apiGet } from "../helpers/http.ts";
import { callbackSettled, featureEvent, startFeatureRig, type FeatureRig } from "./feature-setup.ts";
import { featureBody, sendFeature } from "./feature-requests.ts";

const kinds = await databaseKinds();

describe.each(kinds)("board view settings through the view's lifecycle on %s", (kind) => {
  let rig: FeatureRig;
  beforeAll(async () => {
    rig = await startFeatureRig(kind);
  });
  afterAll(() => rig.stop());

  const settings = () => rig.hb.hookboard.db.prisma.boardViewSettings;
  const view = (viewId: string) => settings().findUnique({ where: { viewId } });
  const seed = (viewId: string, accountId: string, value: Record<string, unknown>) =>
    settings().create({ data: { viewId, accountId, settings: JSON.stringify(value) } });
  const viewEvent = (type: string, accountId: number, payload: Record<string, unknown>) =>
    featureBody(`AppFeatureBoardView:${type}`, { accountId, payload: { boardId: 42, ...payload } });

  it("When a view is deleted and then restored, then its settings are kept aside and come back unchanged", async () => {
    await seed("71001", "680001", { columns: ["status", "owner"], theme: "dark" });
    const deleted = await sendFeature(rig.hb.url, "sync", viewEvent("delete", 680001, { boardViewId: 71001 }));
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toEqual({ viewId: "71001", settingsKeptAside: true });
    const aside = await view("71001");
    expect(aside!.deletedAt).not.toBeNull();
    expect(JSON.parse(aside!.settings)).toEqual({ columns: ["status", "owner"], theme: "dark" });

    const backToUrl = rig.appService.backToUrl();
    const restored = await sendFeature(rig.hb.url, "async", { ...viewEvent("restore", 680001, { viewId: "71001" }), back_to_url: backToUrl });
    expect(restored.status).toBe(202);
    const row = await callbackSettled(rig.hb, restored.eventId!);
    expect(JSON.parse(row.result!)).toEqual({ success: true, data: { viewId: "71001", settingsRestored: true } });
    expect(rig.appService.callbacksFor(backToUrl).map((c) => c.body)).toEqual([{ success: true }]);
    const back = await view("71001");
    expect(back!.deletedAt).toBeNull();
    expect(JSON.parse(back!.settings)).toEqual({ columns: ["status", "owner"], theme: "dark" });
  });

  it("When a view is duplicated, then the new view gets a copy of its source's settings and the source keeps its own", async () => {
    await seed("72001", "680002", { filter: { status: "Done" } });
    const res = await sendFeature(rig.hb.url, "sync", viewEvent("duplicate", 680002, { boardViewId: 72002, sourceBoardViewId: 72001 }));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ viewId: "72002", sourceViewId: "72001", settingsCopied: true });
    expect(await view("72002")).toMatchObject({ accountId: "680002", deletedAt: null, settings: JSON.stringify({ filter: { status: "Done" } }) });
    expect(await view("72001")).toMatchObject({ settings: JSON.stringify({ filter: { status: "Done" } }) });
  });

  it("When the duplicated source belongs to another account, then nothing is copied", async () => {
    await seed("73001", "680099", { secret: "other account's" });
    const res = await sendFeature(rig.hb.url, "sync", viewEvent("duplicate", 680003, { new_board_view_id: "73002", source_board_view_id: "73001" }));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ viewId: "73002", sourceViewId: "73001", settingsCopied: false });
    expect(await view("73002")).toBeNull();
  });

  it("When the new view of a duplicate already belongs to another account, then the event is refused with 409 and nothing changes", async () => {
    await seed("74001", "680004", { a: 1 });
    await seed("74002", "680098", { b: 2 });
    const res = await sendFeature(rig.hb.url, "sync", viewEvent("duplicate", 680004, { boardViewId: 74002, sourceBoardViewId: 74001 }));
    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe("view_conflict");
    expect(await view("74002")).toMatchObject({ accountId: "680098", settings: JSON.stringify({ b: 2 }) });
  });

  it("When a view of another account is deleted in this account's name, then its settings stay where they are", async () => {
    await seed("75001", "680097", { c: 3 });
    const res = await sendFeature(rig.hb.url, "sync", viewEvent("delete", 680005, { boardViewId: 75001 }));
    expect(res.body.data).toEqual({ viewId: "75001", settingsKeptAside: false });
    expect((await view("75001"))!.deletedAt).toBeNull();
  });

  it("When a board view event names no view under a key Hookboard knows, then monday is answered 200 (the user's action goes through) and the event is kept, marked unrecognised", async () => {
    for (const [action, payload] of [
      ["delete", { boardId: 1, someViewKeyMondayMayUse: 5 }],
      ["restore", {}],
      ["duplicate", { boardViewId: 6 }],
    ] as const) {
      const eventId = randomUUID();
      const res = await sendFeature(rig.hb.url, "sync", viewEvent(action, 680006, payload), { eventId });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, unrecognised: expect.stringContaining("names no") });
      const row = await featureEvent(rig.hb, eventId);
      expect(row).toMatchObject({ resultStatus: 200, unrecognised: expect.stringContaining("names no") });
      expect(JSON.parse(row!.payload)).toMatchObject(payload);
    }
    const deliveries = await apiGet<{ deliveries: { type: string; unrecognised: string | null }[] }>(rig.hb.url, "/api/deliveries", { accountId: 680006 });
    expect(deliveries.body.deliveries.filter((d) => d.unrecognised)).toHaveLength(3);
  });
});
