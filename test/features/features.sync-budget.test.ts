// A sync event is answered within its time budget whatever its handler does: a handler that
// overruns gets a 4xx answer (and its late result is not recorded), a handler that throws gets a
// 4xx without internals, and a server stopped mid-handler leaves an answer a retry will get.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuse, succeed } from "../../server/features/outcome.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually, startHookboard } from "../helpers/hookboard-server.ts";
import { deliveryOf, featureEvent, startFeatureRig, type FeatureRig } from "./feature-setup.ts";
import { featureBody, sendFeature } from "./feature-requests.ts";

const kinds = await databaseKinds();
// long enough that a loaded machine still gets the request to its handler inside the budget
const BUDGET_MS = 3000;

const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));

describe.each(kinds)("sync feature events within their time budget on %s", (kind) => {
  let rig: FeatureRig;
  beforeAll(async () => {
    rig = await startFeatureRig(kind, { env: { FEATURE_SYNC_BUDGET_MS: String(BUDGET_MS) } });
  });
  afterAll(() => rig.stop());

  const handlers = () => rig.hb.hookboard.registry;

  it("When a handler overruns the budget, then monday gets a 4xx saying so, and the handler's late result and changes are not recorded", async () => {
    let lateCommit: "committed" | "refused" | null = null;
    handlers().on("feature:AppFeatureObject:update_attributes", async (event, { commit, signal }) => {
      await untilAborted(signal);
      try {
        await commit(async (tx) => {
          await tx.boardViewSettings.create({ data: { viewId: `late-${event.eventId}`, accountId: event.accountId, settings: "{}" } });
          return succeed({ late: true });
        });
        lateCommit = "committed";
      } catch {
        lateCommit = "refused";
      }
      return succeed({ late: true });
    });
    const eventId = randomUUID();
    const body = featureBody("AppFeatureObject:update_attributes", { accountId: 660001 });
    const res = await sendFeature(rig.hb.url, "sync", body, { eventId });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: { code: "handler_timeout", message: "The app did not finish handling the event within its time budget" } });

    await eventually(() => lateCommit !== null, 10_000, "the handler's late commit");
    expect(lateCommit).toBe("refused");
    expect(await rig.hb.hookboard.db.prisma.boardViewSettings.findUnique({ where: { viewId: `late-${eventId}` } })).toBeNull();
    const row = await featureEvent(rig.hb, eventId);
    expect(row).toMatchObject({ resultStatus: 422 });
    expect(JSON.parse(row!.result!)).toMatchObject({ success: false, code: "handler_timeout" });
    expect(await deliveryOf(rig.hb, eventId)).toMatchObject({ status: "done" });

    const again = await sendFeature(rig.hb.url, "sync", body, { eventId });
    expect([again.status, again.body]).toEqual([res.status, res.body]);
  });

  it("When a handler never returns, then monday still gets an answer within the budget", async () => {
    handlers().on("feature:AppFeatureColumn:board_restored", () => new Promise(() => {}));
    const res = await sendFeature(rig.hb.url, "sync", featureBody("AppFeatureColumn:board_restored", { accountId: 660002 }));
    expect(res.status).toBe(422);
    expect(res.body.error?.code).toBe("handler_timeout");
  });

  it("When a handler throws, then monday gets a 4xx without the error's details, and the failure is recorded", async () => {
    handlers().on("feature:AppFeatureBoardColumnExtension:export", async () => {
      throw new Error("SECRET internal detail at /srv/app.js:12");
    });
    const res = await sendFeature(rig.hb.url, "sync", featureBody("AppFeatureBoardColumnExtension:export", { accountId: 660003 }));
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: { code: "handler_failed", message: "The app could not process the event" } });
    expect(JSON.stringify(res.body)).not.toContain("SECRET");
    expect(await featureEvent(rig.hb, res.eventId!)).toMatchObject({ resultStatus: 422 });
  });

  it("When a handler refuses with a status outside 4xx, then monday gets 422: monday reads only 200 and 4xx", async () => {
    handlers().on("feature:AppFeatureBoardColumnExtension:duplicate", async () => refuse("No room for another copy", { status: 503 }));
    const res = await sendFeature(rig.hb.url, "sync", featureBody("AppFeatureBoardColumnExtension:duplicate", { accountId: 660004 }));
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: { code: "refused", message: "No room for another copy" } });
  });

  it("When a handler is registered for a whole feature type, then it answers every event of that feature unless a type has its own", async () => {
    handlers().on("feature:AppFeatureBoardColumnExtension:*", async (event) => succeed({ handledBy: "feature", type: event.type, feature: event.featureType }));
    const res = await sendFeature(rig.hb.url, "sync", featureBody("AppFeatureBoardColumnExtension:delete", { accountId: 660005 }));
    expect(res.body.data).toEqual({ handledBy: "feature", type: "AppFeatureBoardColumnExtension:delete", feature: "AppFeatureBoardColumnExtension" });
    const own = await sendFeature(rig.hb.url, "sync", featureBody("AppFeatureBoardColumnExtension:export", { accountId: 660005 }));
    expect(own.body.error?.code).toBe("handler_failed");
  });
});

describe.each(kinds)("a sync event the server stopped handling on %s", (kind) => {
  it("When the server stops while a sync handler runs, then after a restart the event is recorded as overran, its handler never runs again, and a retry gets that answer", async () => {
    const env = { FEATURE_SYNC_BUDGET_MS: "1000" };
    const first = await startHookboard({ kind, env });
    let firstCalls = 0;
    first.hookboard.registry.on("feature:AppFeatureObject:archive", async () => {
      firstCalls++;
      return new Promise(() => {});
    });
    const eventId = randomUUID();
    const body = featureBody("AppFeatureObject:archive", { accountId: 660010 });
    // the connection is cut when the server stops: monday sees no answer
    const pending = sendFeature(first.url, "sync", body, { eventId }).catch(() => null);
    await eventually(() => firstCalls === 1, 10_000, "the handler started");
    await first.stop();
    await pending;

    const second = await startHookboard({ kind, env, database: first.database });
    let secondCalls = 0;
    second.hookboard.registry.on("feature:AppFeatureObject:archive", async () => {
      secondCalls++;
      return succeed();
    });
    try {
      // the stopped process's claim expires, then the worker records what monday saw
      const row = await eventually(
        async () => {
          const r = await featureEvent(second, eventId);
          return r?.result ? r : null;
        },
        20_000,
        "the event recorded after the restart",
      );
      expect(JSON.parse(row.result!)).toMatchObject({ success: false, code: "handler_timeout" });
      // recorded by the restarted instance's worker, not by the stopped route
      expect(await deliveryOf(second, eventId)).toMatchObject({ status: "done", claimedBy: second.hookboard.worker.id });
      const retry = await sendFeature(second.url, "sync", body, { eventId });
      expect([retry.status, retry.body.error?.code]).toEqual([422, "handler_timeout"]);
      expect(secondCalls).toBe(0);
    } finally {
      await second.stop({ drop: true });
    }
  });
});
