// monday promises no order and retries: whatever order and however often the events of one
// history arrive, the final state is the one the ordered history gives, and each event is in the
// timeline once. A property test over many random orders with duplicates; each run prints its seed
// and PROPERTY_SEED replays it (test/helpers/property-seed.ts).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually, startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { apiGet, sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { assertProperty } from "../helpers/property-seed.ts";

const kinds = await databaseKinds();
const RUNS: Record<string, number> = { sqlite: 40, postgresql: 20 };

/** One account's history: [type, timestamp, plan, trial]; note the two events sharing t3. */
const HISTORY: [string, string, string | null, boolean][] = [
  ["install", "2024-01-01T10:00:00.000Z", null, false],
  ["app_trial_subscription_started", "2024-01-02T10:00:00.000Z", "pro", true],
  ["app_trial_subscription_ended", "2024-01-16T10:00:00.000Z", "pro", true],
  ["app_subscription_created", "2024-01-16T10:00:00.000Z", "pro", false],
  ["app_subscription_changed", "2024-02-01T10:00:00.000Z", "enterprise", false],
  ["app_subscription_renewal_attempt_failed", "2024-03-01T10:00:00.000Z", "enterprise", false],
  ["app_subscription_renewed", "2024-03-02T10:00:00.000Z", "enterprise", false],
  ["app_subscription_a_future_event_type", "2024-03-03T10:00:00.000Z", "enterprise", false],
  ["app_subscription_cancelled_by_user", "2024-03-10T10:00:00.000Z", "enterprise", false],
  ["app_subscription_cancellation_revoked_by_user", "2024-03-11T10:00:00.000Z", "enterprise", false],
  ["app_subscription_cancelled_by_user", "2024-03-20T10:00:00.000Z", "enterprise", false],
  ["app_subscription_cancelled", "2024-04-01T10:00:00.000Z", "enterprise", false],
  ["uninstall", "2024-04-02T10:00:00.000Z", null, false],
  ["install", "2024-05-01T10:00:00.000Z", "basic", false],
  ["app_subscription_renewal_attempt_failed", "2024-05-02T10:00:00.000Z", "basic", false],
];

function bodyOf(index: number, accountId: number) {
  const [type, timestamp, plan, trial] = HISTORY[index]!;
  const body = lifecycleBody(type, {
    accountId,
    timestamp,
    planId: plan,
    isTrial: trial,
    daysLeft: 30 - index,
    renewalDate: `2025-0${1 + (index % 9)}-01T00:00:00Z`,
  });
  // the account's name changes over time: the newest event must win
  body.data.account_name = `Account as of ${timestamp}`;
  return body;
}

describe.each(kinds)("app lifecycle ordering on %s", (kind) => {
  let hb: RunningHookboard;
  beforeAll(async () => {
    hb = await startHookboard({ kind });
  });
  afterAll(() => hb.stop({ drop: true }));

  let nextAccount = 700000;
  async function play(order: number[]) {
    const accountId = nextAccount++;
    // a few at a time, as monday's deliveries overlap
    for (let i = 0; i < order.length; i += 4) {
      const results = await Promise.all(order.slice(i, i + 4).map((idx) => sendLifecycle(hb.url, bodyOf(idx, accountId))));
      for (const r of results) expect(r.status).toBe(200);
    }
    const distinct = new Set(order).size;
    await eventually(
      async () =>
        (await hb.hookboard.db.prisma.lifecycleEvent.count({ where: { accountId: String(accountId) } })) >= distinct &&
        (await hb.hookboard.db.prisma.delivery.count({ where: { accountId: String(accountId), status: { not: "done" } } })) === 0,
      20_000,
      "history applied",
    );
    const me = await apiGet<Record<string, Record<string, unknown>>>(hb.url, "/api/me", { accountId });
    const events = await apiGet<{ events: { type: string; occurredAt: string; planId: string | null }[] }>(hb.url, "/api/lifecycle-events?limit=200", {
      accountId,
    });
    const account = await hb.hookboard.db.prisma.account.findUnique({ where: { id: String(accountId) } });
    return {
      account: { ...me.body.account, id: "*" },
      install: me.body.install,
      subscription: me.body.subscription,
      name: account?.name,
      timeline: events.body.events.map((e) => `${e.occurredAt} ${e.type} ${e.planId}`),
    };
  }

  it("When the history arrives in order, then the state is the one its last events describe", async () => {
    const state = await play(HISTORY.map((_, i) => i));
    expect(state.install).toEqual({ status: "installed", installedAt: "2024-05-01T10:00:00.000Z", uninstalledAt: "2024-04-02T10:00:00.000Z" });
    expect(state.subscription).toMatchObject({ planId: "basic", status: "renewal_failing", isTrial: false });
    expect(state.name).toBe("Account as of 2024-05-02T10:00:00.000Z");
    expect(state.timeline).toHaveLength(HISTORY.length);
  });

  it(`When the same history arrives shuffled and partly duplicated (${RUNS[kind]} random orders), then every order ends in the ordered state`, async () => {
    const reference = await play(HISTORY.map((_, i) => i));
    const indexes = HISTORY.map((_, i) => i);
    const arrival = fc
      .tuple(
        fc.shuffledSubarray(indexes, { minLength: indexes.length, maxLength: indexes.length }),
        fc.array(fc.constantFrom(...indexes), { maxLength: 8 }),
        fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
      )
      .map(([perm, dups, positions]) => {
        const order = [...perm];
        dups.forEach((d, i) => order.splice((positions[i] ?? 0) % (order.length + 1), 0, d));
        return order;
      });
    await assertProperty(
      fc.asyncProperty(arrival, async (order) => {
        expect(await play(order)).toEqual(reference);
      }),
      { numRuns: RUNS[kind] },
    );
  });
});
