// App lifecycle events through the real HTTP route land in the right account, install and
// subscription state, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually, startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { apiGet, sendLifecycle } from "../helpers/http.ts";
import { untilIdle } from "../helpers/idle.ts";
import { lifecycleBody, SEED_LIFECYCLE_TYPES } from "../helpers/lifecycle-samples.ts";

const kinds = await databaseKinds();

interface Me {
  account: { id: string; name: string | null; slug: string | null; tier: string | null };
  install: { status: string; installedAt: string | null; uninstalledAt: string | null };
  subscription: { planId: string | null; isTrial: boolean; billingPeriod: string | null; renewalDate: string | null; daysLeft: number | null; status: string };
}

const expectedStatus: Record<(typeof SEED_LIFECYCLE_TYPES)[number], string> = {
  install: "active",
  uninstall: "none",
  app_subscription_created: "active",
  app_subscription_changed: "active",
  app_subscription_renewed: "active",
  app_subscription_cancelled_by_user: "cancel_pending",
  app_subscription_cancelled: "cancelled",
  app_subscription_cancellation_revoked_by_user: "active",
  app_subscription_renewal_attempt_failed: "renewal_failing",
  app_subscription_renewal_failed: "cancelled",
  app_trial_subscription_started: "trial",
  app_trial_subscription_ended: "none",
};

describe.each(kinds)("app lifecycle state on %s", (kind) => {
  let hb: RunningHookboard;
  beforeAll(async () => {
    hb = await startHookboard({ kind });
  });
  afterAll(() => hb.stop({ drop: true }));

  const me = (accountId: number) => apiGet<Me>(hb.url, "/api/me", { accountId });
  const processed = (accountId: number, count: number) =>
    eventually(async () => (await hb.hookboard.db.prisma.lifecycleEvent.count({ where: { accountId: String(accountId) } })) >= count, 10_000, "events applied");

  it.each(SEED_LIFECYCLE_TYPES.map((t, i) => [t, 910000 + i] as const))(
    "When monday sends its documented %s sample, then the account shows its state",
    async (type, accountId) => {
      const res = await sendLifecycle(hb.url, lifecycleBody(type, { accountId }));
      expect(res.status).toBe(200);
      expect(res.body.duplicate).toBe(false);
      await processed(accountId, 1);

      const { status, body } = await me(accountId);
      expect(status).toBe(200);
      expect(body.account).toEqual({ id: String(accountId), name: "Demo Account", slug: "test", tier: "free" });
      if (type === "install") {
        expect(body.install).toEqual({ status: "installed", installedAt: "2023-06-26T00:00:00.000Z", uninstalledAt: null });
      } else if (type === "uninstall") {
        expect(body.install).toEqual({ status: "uninstalled", installedAt: null, uninstalledAt: "2023-06-26T00:00:00.000Z" });
      } else {
        expect(body.install.status).toBe("unknown");
      }
      expect(body.subscription.status).toBe(expectedStatus[type]);
      if (type !== "uninstall") {
        expect(body.subscription).toMatchObject({
          planId: type === "install" ? "5" : "plan1",
          billingPeriod: "monthly",
          isTrial: type.startsWith("app_trial_"),
          renewalDate: type === "install" ? "2023-07-10T00:00:00.000Z" : "2022-07-19T00:00:00.000Z",
        });
      }
      const account = await hb.hookboard.db.prisma.account.findUnique({ where: { id: String(accountId) } });
      expect(account).toMatchObject({ maxUsers: 10000, country: "IL" });
    },
  );

  it("When an install is followed by a cancellation by the user, then the subscription is cancel pending with its end date", async () => {
    const accountId = 920001;
    await sendLifecycle(hb.url, lifecycleBody("install", { accountId, timestamp: "2024-01-01T00:00:00Z", planId: "pro" }));
    await sendLifecycle(
      hb.url,
      lifecycleBody("app_subscription_cancelled_by_user", {
        accountId,
        timestamp: "2024-01-10T00:00:00Z",
        planId: "pro",
        renewalDate: "2024-02-01T00:00:00Z",
        daysLeft: 22,
      }),
    );
    await processed(accountId, 2);
    const { body } = await me(accountId);
    expect(body.install.status).toBe("installed");
    expect(body.subscription).toEqual({
      planId: "pro",
      isTrial: false,
      billingPeriod: "monthly",
      renewalDate: "2024-02-01T00:00:00.000Z",
      daysLeft: 22,
      status: "cancel_pending",
    });
  });

  it("When monday sends an event type Hookboard does not know, then it is acknowledged, kept in the timeline and changes no state", async () => {
    const accountId = 920002;
    await sendLifecycle(hb.url, lifecycleBody("install", { accountId, timestamp: "2024-01-01T00:00:00Z" }));
    const res = await sendLifecycle(hb.url, lifecycleBody("app_subscription_paused_someday", { accountId, timestamp: "2024-03-01T00:00:00Z" }));
    expect(res.status).toBe(200);
    await processed(accountId, 2);
    const { body } = await me(accountId);
    expect(body.subscription.status).toBe("active");
    const events = await apiGet<{ events: { type: string }[] }>(hb.url, "/api/lifecycle-events", { accountId });
    expect(events.body.events.map((e) => e.type)).toEqual(["app_subscription_paused_someday", "install"]);
  });

  it("When the same event arrives again after it was applied, then the copy is acknowledged as a duplicate and the delivery stays as it was: done, one attempt, the same processed time, one timeline entry", async () => {
    const accountId = 920003;
    const body = lifecycleBody("app_subscription_renewed", { accountId, timestamp: "2024-05-01T00:00:00Z" });
    const first = await sendLifecycle(hb.url, body);
    expect(first.status).toBe(200);
    expect(first.body.duplicate).toBe(false);
    await untilIdle(hb);
    const applied = await hb.hookboard.db.prisma.delivery.findUniqueOrThrow({ where: { id: first.body.deliveryId } });
    expect(applied).toMatchObject({ status: "done", attempts: 1, claimToken: null, lastError: null });
    expect(applied.processedAt).toBeInstanceOf(Date);

    const second = await sendLifecycle(hb.url, body);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ duplicate: true, deliveryId: first.body.deliveryId });
    // whatever the copy might have queued is applied before looking
    await untilIdle(hb);
    expect(await hb.hookboard.db.prisma.delivery.findMany({ where: { accountId: String(accountId) } })).toEqual([applied]);
    expect(await hb.hookboard.db.prisma.lifecycleEvent.count({ where: { accountId: String(accountId) } })).toBe(1);
  });
});
