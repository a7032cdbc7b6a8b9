// Feature events appear in the board view's delivery list with their source, mode and callback
// status, for their own account only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { apiGet, sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { callbackSettled, deliveryOf, startFeatureRig, type FeatureRig } from "./feature-setup.ts";
import { featureBody, sendFeature } from "./feature-requests.ts";

const kinds = await databaseKinds();

interface Listed {
  id: string;
  source: string;
  type: string;
  status: string;
  attempts: number;
  mode?: string | null;
  callbackStatus?: string | null;
  unrecognised?: string | null;
}

describe.each(kinds)("feature deliveries in /api/deliveries on %s", (kind) => {
  let rig: FeatureRig;
  beforeAll(async () => {
    rig = await startFeatureRig(kind);
  });
  afterAll(() => rig.stop());

  it("When an account received sync and async feature events, then its delivery list shows each with its mode and callback status", async () => {
    const accountId = 690001;
    await sendLifecycle(rig.hb.url, lifecycleBody("install", { accountId }));
    const sync = await sendFeature(rig.hb.url, "sync", featureBody("AppFeatureObject:create", { accountId }));
    const backToUrl = rig.appService.backToUrl();
    const async = await sendFeature(rig.hb.url, "async", featureBody("AppFeatureColumn:delete", { accountId, backToUrl }));
    await callbackSettled(rig.hb, async.eventId!);
    // a type Hookboard does not know is answered as a success and kept, marked with why
    expect((await sendFeature(rig.hb.url, "sync", featureBody("AppFeatureWidget:resize", { accountId }))).status).toBe(200);

    const { status, body } = await apiGet<{ deliveries: Listed[] }>(rig.hb.url, "/api/deliveries", { accountId });
    expect(status).toBe(200);
    const byType = new Map(body.deliveries.map((d) => [d.type, d]));
    expect(byType.get("AppFeatureObject:create")).toMatchObject({
      source: "feature",
      status: "done",
      attempts: 1,
      mode: "sync",
      callbackStatus: "none",
      unrecognised: null,
    });
    expect(byType.get("AppFeatureWidget:resize")).toMatchObject({
      source: "feature",
      mode: "sync",
      unrecognised: expect.stringContaining("AppFeatureWidget:resize"),
    });
    expect(byType.get("AppFeatureColumn:delete")).toMatchObject({ source: "feature", status: "done", mode: "async", callbackStatus: "sent" });
    expect(byType.get("AppFeatureObject:create")!.id).toBe((await deliveryOf(rig.hb, sync.eventId!))!.id);
    const lifecycle = byType.get("install")!;
    expect(lifecycle.source).toBe("lifecycle");
    expect(lifecycle).not.toHaveProperty("mode");
    expect(lifecycle).not.toHaveProperty("callbackStatus");
  });

  it("When another account asks for its deliveries, then it does not see this account's feature events", async () => {
    await sendFeature(rig.hb.url, "sync", featureBody("AppFeatureObject:delete", { accountId: 690002 }));
    const { body } = await apiGet<{ deliveries: Listed[] }>(rig.hb.url, "/api/deliveries", { accountId: 690003 });
    expect(body.deliveries).toEqual([]);
  });
});
