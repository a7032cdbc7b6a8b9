// The board view API answers for the sessionToken's account only, and only to a valid sessionToken.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually, startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { apiGet, request, sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { sessionToken, webhookToken } from "../../server/test-kit/monday-tokens.ts";

const kinds = await databaseKinds();

describe.each(kinds)("board view API scoping on %s", (kind) => {
  let hb: RunningHookboard;
  beforeAll(async () => {
    hb = await startHookboard({ kind });
    for (const accountId of [111, 222]) {
      for (let day = 1; day <= 5; day++) {
        await sendLifecycle(hb.url, lifecycleBody(day === 1 ? "install" : "app_subscription_renewed", { accountId, timestamp: `2024-01-0${day}T00:00:00Z` }));
      }
    }
    await eventually(async () => (await hb.hookboard.db.prisma.lifecycleEvent.count()) === 10);
  });
  afterAll(() => hb.stop({ drop: true }));

  it("When account A reads its timeline, then it sees only its own events, newest first, page by page", async () => {
    const first = await apiGet<{ events: { type: string; occurredAt: string }[]; nextCursor: string | null }>(hb.url, "/api/lifecycle-events?limit=3", {
      accountId: 111,
    });
    expect(first.status).toBe(200);
    expect(first.body.events.map((e) => e.occurredAt)).toEqual(["2024-01-05T00:00:00.000Z", "2024-01-04T00:00:00.000Z", "2024-01-03T00:00:00.000Z"]);
    const second = await apiGet<{ events: { type: string; occurredAt: string }[]; nextCursor: string | null }>(
      hb.url,
      `/api/lifecycle-events?limit=3&cursor=${first.body.nextCursor}`,
      { accountId: 111 },
    );
    expect(second.body.events.map((e) => e.type)).toEqual(["app_subscription_renewed", "install"]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("When account A lists deliveries, then none of account B's appear", async () => {
    const res = await apiGet<{ deliveries: { source: string }[] }>(hb.url, "/api/deliveries?limit=200", { accountId: 111 });
    expect(res.body.deliveries).toHaveLength(5);
    expect(res.body.deliveries.every((d) => d.source === "lifecycle")).toBe(true);
  });

  it("When an account with no data asks /api/me, then it gets its id and unknown states, not another account's data", async () => {
    const res = await apiGet<Record<string, unknown>>(hb.url, "/api/me", { accountId: 333 });
    expect(res.body).toEqual({
      account: { id: "333", name: null, slug: null, tier: null },
      install: { status: "unknown", installedAt: null, uninstalledAt: null },
      subscription: { planId: null, isTrial: false, billingPeriod: null, renewalDate: null, daysLeft: null, status: "none" },
      user: { id: "4242", isAdmin: true, canEdit: true },
      oauth: { connected: false, scopes: [], needsReconnect: false },
    });
  });

  it.each([
    ["no token", async () => ({})],
    ["a webhook token signed with the signing secret", async () => ({ authorization: await webhookToken(111) })],
    ["an expired sessionToken", async () => ({ authorization: await sessionToken({ accountId: 111 }, { expiresIn: -120 }) })],
  ])("When the board view API is called with %s, then it answers 401", async (_name, headers) => {
    const res = await request(`${hb.url}/api/me`, { headers: await headers() });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: expect.stringMatching(/^jwt_/) } });
  });

  it("When a cursor is forged, then the answer is 400", async () => {
    const res = await apiGet(hb.url, "/api/lifecycle-events?cursor=not-a-cursor", { accountId: 111 });
    expect(res.status).toBe(400);
  });
});
