// Applying stored app lifecycle deliveries, on the real databases without HTTP in between (the route
// tests go through it too): what each table keeps of an event, corrections read from monday's
// records, whether an event was the newest of its kind (what handlers are told), and the log line.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../server/db/client.ts";
import type { ClaimedDelivery } from "../../server/inbox/delivery.ts";
import { applyLifecycleEvent, applyLifecycleEvents, logApplied, storedEventOf } from "../../server/lifecycle/apply-lifecycle-event.ts";
import { RECONCILED_META } from "../../server/lifecycle/origin.ts";
import type { Logger } from "../../server/log/logger.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/databases.ts";
import { lifecycleBody, type LifecycleSampleOptions } from "../helpers/lifecycle-samples.ts";

const kinds = await databaseKinds();
let nextAccount = 70_000;

function delivery(type: string, options: LifecycleSampleOptions & { meta?: Record<string, unknown>; body?: Record<string, unknown> }): ClaimedDelivery {
  const body = { ...lifecycleBody(type, options), ...options.body };
  return {
    id: randomUUID(),
    source: "lifecycle",
    type,
    idempotencyKey: `lifecycle:${randomUUID()}`,
    accountId: String(body.data.account_id),
    boardId: null,
    webhookId: null,
    payload: JSON.stringify(body),
    meta: options.meta ?? {},
    attempts: 1,
    requestId: "req-1",
    receivedAt: new Date(),
    claimToken: "token",
  };
}

describe.each(kinds)("applying app lifecycle events on %s", (kind) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = createDb(database.url);
    await db.migrate();
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  const apply = (...deliveries: ClaimedDelivery[]) => db.prisma.$transaction((tx) => applyLifecycleEvents(tx, deliveries.map(storedEventOf)));
  const applyOne = (d: ClaimedDelivery) => db.prisma.$transaction((tx) => applyLifecycleEvent(tx, storedEventOf(d)));

  it("When a subscription event is applied, then its plan and pricing version are kept on the subscription and the plan on the timeline", async () => {
    const accountId = nextAccount++;
    const d = delivery("app_subscription_created", { accountId, timestamp: "2026-01-01T00:00:00.000Z", planId: "pro" });
    await apply(d);
    expect(await db.prisma.subscription.findUniqueOrThrow({ where: { accountId: String(accountId) } })).toMatchObject({ planId: "pro", pricingVersion: 5 });
    expect(await db.prisma.lifecycleEvent.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ planId: "pro", origin: "delivered" });
  });

  it("When only a correction read from monday's records is applied, then the account exists with no facts and the lowest order, so any delivered event fills them in", async () => {
    const accountId = nextAccount++;
    await apply(delivery("install", { accountId, timestamp: "2026-01-02T00:00:00.000Z", meta: { ...RECONCILED_META } }));
    expect(await db.prisma.account.findUniqueOrThrow({ where: { id: String(accountId) } })).toMatchObject({ name: null, tier: null, orderKey: "" });
    expect(await db.prisma.install.findUniqueOrThrow({ where: { accountId: String(accountId) } })).toMatchObject({ status: "installed" });

    // a delivered event older than the correction still brings the account's facts
    await apply(delivery("app_subscription_renewed", { accountId, timestamp: "2025-12-01T00:00:00.000Z" }));
    expect(await db.prisma.account.findUniqueOrThrow({ where: { id: String(accountId) } })).toMatchObject({
      name: "Demo Account",
      tier: "free",
      country: "IL",
    });
  });

  it("When a correction is newer than the delivered event the account's facts came from, then the facts stay (monday's records say nothing of them)", async () => {
    const accountId = nextAccount++;
    await apply(delivery("install", { accountId, timestamp: "2026-01-01T00:00:00.000Z" }));
    const before = await db.prisma.account.findUniqueOrThrow({ where: { id: String(accountId) } });
    const correction = delivery("uninstall", {
      accountId,
      timestamp: "2026-02-01T00:00:00.000Z",
      meta: { ...RECONCILED_META },
      body: { data: { ...lifecycleBody("uninstall", { accountId, timestamp: "2026-02-01T00:00:00.000Z" }).data, account_name: "From the correction" } },
    });
    await apply(correction);
    expect(await db.prisma.account.findUniqueOrThrow({ where: { id: String(accountId) } })).toMatchObject({ name: "Demo Account", orderKey: before.orderKey });
    expect(await db.prisma.install.findUniqueOrThrow({ where: { accountId: String(accountId) } })).toMatchObject({ status: "uninstalled" });
    expect(await db.prisma.lifecycleEvent.findUniqueOrThrow({ where: { id: correction.id } })).toMatchObject({ origin: "reconciled" });
  });

  it("When events are applied one at a time, then each says whether it was the newest of its kind: install state, subscription, or account facts", async () => {
    const accountId = nextAccount++;
    // day `d` of March 2026 (fractions are hours)
    const at = (day: number) => new Date(Date.UTC(2026, 2, 0) + day * 86_400_000).toISOString();
    const newest = async (type: string, day: number) => (await applyOne(delivery(type, { accountId, timestamp: at(day) }))).newest;
    // the subscription: its first event is newest, an older one is not
    expect(await newest("app_subscription_created", 2)).toBe(true);
    expect(await newest("app_subscription_renewed", 1)).toBe(false);
    // the install state is its own kind: its first event is newest though the subscription has one
    expect(await newest("install", 10)).toBe(true);
    expect(await newest("uninstall", 5)).toBe(false);
    expect(await newest("uninstall", 11)).toBe(true);
    expect(await newest("install", 9)).toBe(false);
    // an install carries the subscription too: a subscription event older than it is not newest
    expect(await newest("app_subscription_changed", 3)).toBe(false);
    expect(await newest("app_subscription_changed", 12)).toBe(true);
    // each kind against its own key: an install or uninstall newer than the install state (day 11) but older
    // than the subscription (day 12) is the newest install state
    expect(await newest("install", 11.5)).toBe(true);
    expect(await newest("uninstall", 11.75)).toBe(true);
    // a type Hookboard does not know moves only the account's facts, which the uninstall of day 20 set
    expect(await newest("uninstall", 20)).toBe(true);
    expect(await newest("app_subscription_something_new", 15)).toBe(false);
    expect(await newest("app_subscription_something_new", 21)).toBe(true);
    // a subscription event older than the account's facts (day 21) but newer than the subscription (day 12)
    expect(await newest("app_subscription_renewed", 16)).toBe(true);
    // the same event again is not newer than itself
    const again = delivery("uninstall", { accountId, timestamp: at(25) });
    expect(await applyOne(again)).toEqual({ newest: true });
    expect(await applyOne({ ...again, id: randomUUID() })).toEqual({ newest: false });
  });

  it("When a batch holds two events of an account, then its state is the newer's whichever comes first in the batch", async () => {
    const accountId = nextAccount++;
    const older = delivery("app_subscription_created", { accountId, timestamp: "2026-04-01T00:00:00.000Z", planId: "basic" });
    const newer = delivery("app_subscription_changed", { accountId, timestamp: "2026-04-02T00:00:00.000Z", planId: "pro" });
    await apply(newer, older);
    expect(await db.prisma.subscription.findUniqueOrThrow({ where: { accountId: String(accountId) } })).toMatchObject({
      planId: "pro",
      lastEventType: "app_subscription_changed",
    });
  });
});

describe("the applied log line", () => {
  it("When events are applied, then each is logged with its delivery, account, type and origin, and never its subscription", () => {
    const lines: { fields: Record<string, unknown>; message: string }[] = [];
    const log = { info: (fields: Record<string, unknown>, message: string) => lines.push({ fields, message }) } as unknown as Logger;
    const d = delivery("app_subscription_changed", { accountId: 5, planId: "secret-plan", meta: { ...RECONCILED_META } });
    logApplied(log, [storedEventOf(d), storedEventOf(delivery("install", { accountId: 6 }))]);
    expect(lines).toEqual([
      {
        fields: { deliveryId: d.id, requestId: "req-1", accountId: "5", event: "app_subscription_changed", known: true, origin: "reconciled" },
        message: "app lifecycle event applied",
      },
      { fields: expect.objectContaining({ accountId: "6", event: "install", origin: "delivered" }), message: "app lifecycle event applied" },
    ]);
    expect(JSON.stringify(lines)).not.toContain("secret-plan");
  });
});
