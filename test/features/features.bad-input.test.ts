// Requests Hookboard must refuse on the feature routes, each with a clear JSON error and nothing
// stored: a missing X-Apps-Event-Id, bad JWTs, an event type that does not belong to the feature,
// a back_to_url outside the allow-list (never called: a listener watches it), and malformed bodies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callbackRefusal } from "../../server/features/callback-url.ts";
import { AddressWatcher } from "../helpers/address-watcher.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { untilIdle } from "../helpers/idle.ts";
import { sessionToken, TEST_SECRETS } from "../../server/test-kit/monday-tokens.ts";
import { deliveryOf, featureEvent, startFeatureRig, type FeatureRig } from "./feature-setup.ts";
import { featureBody, sendFeature, type Mode } from "./feature-requests.ts";

const kinds = await databaseKinds();
const modes: Mode[] = ["sync", "async"];

describe.each(kinds)("feature lifecycle requests refused on %s", (kind) => {
  let rig: FeatureRig;
  let watcher: AddressWatcher;
  beforeAll(async () => {
    // 127.0.0.1 for the stand-in app service, and monday's wildcard entry so that its rule is
    // checked through HTTP too
    rig = await startFeatureRig(kind, { env: { MONDAY_CALLBACK_HOSTS: "127.0.0.1,*.monday.com" } });
    watcher = await new AddressWatcher().start();
  });
  afterAll(async () => {
    await rig.stop();
    await watcher.stop();
  });

  const body = (type = "AppFeatureObject:create", accountId = 640001) => featureBody(type, { accountId, backToUrl: rig.appService.backToUrl() });

  async function expectNothingStored(eventId: string | null) {
    if (eventId) {
      expect(await deliveryOf(rig.hb, eventId)).toBeNull();
      expect(await featureEvent(rig.hb, eventId)).toBeNull();
    }
  }

  describe.each(modes)("on the %s route", (mode) => {
    it("When X-Apps-Event-Id is missing, then the request is refused with 400 and nothing is stored", async () => {
      const before = await rig.hb.hookboard.db.prisma.delivery.count();
      const res = await sendFeature(rig.hb.url, mode, body(), { eventId: null });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: "missing_event_id", message: "X-Apps-Event-Id header is required" });
      expect(await rig.hb.hookboard.db.prisma.delivery.count()).toBe(before);
    });

    it("When X-Apps-Event-Id is not a printable token, then the request is refused with 400", async () => {
      const res = await sendFeature(rig.hb.url, mode, body(), { eventId: "x".repeat(201) });
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe("invalid_event_id");
      await expectNothingStored(res.eventId);
    });

    it("When there is no JWT, then the request is refused with 401", async () => {
      const res = await sendFeature(rig.hb.url, mode, body(), { token: null });
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe("jwt_missing");
      await expectNothingStored(res.eventId);
    });

    it("When the JWT is signed with a secret that is not the app's, then the request is refused with 401", async () => {
      const res = await sendFeature(rig.hb.url, mode, body(), { tokenOptions: { secret: "someone-elses-secret-0123456789" } });
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe("jwt_signature");
      await expectNothingStored(res.eventId);
    });

    it("When the JWT has expired, then the request is refused with 401", async () => {
      const res = await sendFeature(rig.hb.url, mode, body(), { tokenOptions: { expiresIn: -600 } });
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe("jwt_expired");
      await expectNothingStored(res.eventId);
    });

    it("When the JWT was issued for another URL, then the request is refused with 401", async () => {
      const res = await sendFeature(rig.hb.url, mode, body(), { tokenOptions: { audience: `${rig.hb.url}/webhooks/lifecycle` } });
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe("jwt_audience");
      await expectNothingStored(res.eventId);
    });

    it("When the JWT uses another algorithm than HS256, then the request is refused with 401", async () => {
      const res = await sendFeature(rig.hb.url, mode, body(), { tokenOptions: { alg: "HS512" } });
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe("jwt_algorithm");
      await expectNothingStored(res.eventId);
    });

    it("When the JWT names another account than the body, then the request is refused with 401", async () => {
      const res = await sendFeature(rig.hb.url, mode, body("AppFeatureObject:create", 640002), { tokenAccountId: 640999 });
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe("jwt_account_mismatch");
      await expectNothingStored(res.eventId);
    });

    it("When the JWT is a board view sessionToken (Client Secret, no aud), then the request is refused with 401 and nothing is stored", async () => {
      const res = await sendFeature(rig.hb.url, mode, body("AppFeatureBoardView:delete", 640005), { token: await sessionToken({ accountId: 640005 }) });
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe("jwt_audience");
      await expectNothingStored(res.eventId);
    });

    it("When a string in the body holds a NUL character, then the request is refused with 400 and nothing is stored", async () => {
      const res = await sendFeature(
        rig.hb.url,
        mode,
        featureBody("AppFeatureObject:create", { accountId: 640006, backToUrl: rig.appService.backToUrl(), eventActionOrigin: "board\u0000deleted" }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe("invalid_body");
      await expectNothingStored(res.eventId);
    });

    it("When the JWT is signed with the client secret or carries top-level claims, then it is accepted too", async () => {
      const a = await sendFeature(rig.hb.url, mode, body("AppFeatureObject:archive", 640003), { tokenOptions: { secret: TEST_SECRETS.clientSecret } });
      const b = await sendFeature(rig.hb.url, mode, body("AppFeatureObject:archive", 640003), { claims: "top" });
      expect([a.status, b.status]).toEqual(mode === "sync" ? [200, 200] : [202, 202]);
    });

    it("When the type belongs to another feature than the one the payload names, then it is refused with 422 and nothing is stored", async () => {
      const mismatched = featureBody("AppFeatureObject:create", {
        accountId: 640004,
        backToUrl: rig.appService.backToUrl(),
        payload: { app_feature: { type: "AppFeatureBoardView", name: "Hookboard view" }, boardViewId: 5 },
      });
      const res = await sendFeature(rig.hb.url, mode, mismatched);
      expect(res.status).toBe(422);
      expect(res.body.error).toEqual({ code: "event_type_mismatch", message: '"AppFeatureObject:create" is not an event of a AppFeatureBoardView feature' });
      await expectNothingStored(res.eventId);
    });

    it("When the body is not JSON, then the request is refused with 400", async () => {
      const res = await sendFeature(rig.hb.url, mode, "{not json");
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe("malformed_json");
      await expectNothingStored(res.eventId);
    });

    it("When the body has no type, then the request is refused with 400 naming the field", async () => {
      const res = await sendFeature(rig.hb.url, mode, { payload: {}, accountId: 555001 });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: "invalid_body", message: expect.stringContaining("type") });
      await expectNothingStored(res.eventId);
    });

    it("When the content type is not JSON, then the request is refused with 415", async () => {
      const res = await sendFeature(rig.hb.url, mode, JSON.stringify(body()), { contentType: "text/plain" });
      expect(res.status).toBe(415);
      await expectNothingStored(res.eventId);
    });
  });

  // addresses a listener really answers on: `localhost` is not on the allow-list (127.0.0.1 is)
  it.each([
    ["a host that is not on the allow-list", (w: AddressWatcher) => w.url("localhost")],
    ["credentials in the URL", (w: AddressWatcher) => w.url("user:pw@127.0.0.1")],
  ])(
    "When an async event's back_to_url has %s, then it is refused with 422, nothing is stored and the address, watched by a listener, is never called",
    async (_what, urlOf) => {
      const backToUrl = urlOf(watcher);
      await watcher.proveReachable(backToUrl);
      const res = await sendFeature(rig.hb.url, "async", featureBody("AppFeatureObject:create", { accountId: 640010, backToUrl }));
      expect(res.status).toBe(422);
      expect(res.body.error?.code).toBe("callback_not_allowed");
      await expectNothingStored(res.eventId);
      await untilIdle(rig.hb);
      expect(watcher.requests).toEqual([]);
    },
  );

  it.each([
    ["a host that only ends like an allowed one", "http://evil127.0.0.1.example/response/1", "evil127.0.0.1.example"],
    ["monday's allowed suffix in the middle of the host", "https://api.monday.com.attacker.example/api/webhooks/response/1", "api.monday.com.attacker.example"],
    ["a scheme other than http(s)", "file:///etc/passwd", null],
  ])("When an async event's back_to_url has %s, then it is refused with 422 and nothing is stored", async (_what, backToUrl, host) => {
    const res = await sendFeature(rig.hb.url, "async", featureBody("AppFeatureObject:create", { accountId: 640010, backToUrl }));
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({
      code: "callback_not_allowed",
      message: host ? `back_to_url points to a host Hookboard does not call (${host})` : "back_to_url must be an https URL",
    });
    await expectNothingStored(res.eventId);
  });

  it("When the allow-list has monday's wildcard entry, then a host under it is allowed, so the refusal above comes from where the suffix stands", () => {
    expect(callbackRefusal("https://monday-apps-ms.monday.com/api/webhooks/response/1", rig.hb.hookboard.config)).toBeNull();
  });

  it("When an async event carries no back_to_url, then it is refused with 400 because its result could not be reported", async () => {
    const res = await sendFeature(rig.hb.url, "async", featureBody("AppFeatureObject:create", { accountId: 640011 }));
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("missing_back_to_url");
    await expectNothingStored(res.eventId);
  });

  it("When a sync event carries a back_to_url outside the allow-list, then it is answered normally and the address, watched by a listener, is never called", async () => {
    const backToUrl = watcher.url("localhost");
    await watcher.proveReachable(backToUrl);
    const res = await sendFeature(rig.hb.url, "sync", featureBody("AppFeatureObject:create", { accountId: 640012, backToUrl }));
    expect(res.status).toBe(200);
    expect(await featureEvent(rig.hb, res.eventId!)).toMatchObject({ callbackStatus: "none", backToUrl: null });
    await untilIdle(rig.hb);
    expect(watcher.requests).toEqual([]);
  });

  it("When requests are refused, then the refusals are counted in /metrics", async () => {
    const metrics = await fetch(`${rig.hb.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/hookboard_requests_rejected_total\{source="feature",status="401"\} [1-9]/);
    expect(metrics).toMatch(/hookboard_requests_rejected_total\{source="feature",status="422"\} [1-9]/);
  });
});
