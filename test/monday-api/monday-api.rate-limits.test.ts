// monday's rate limits met while the board view creates a webhook: Hookboard waits what monday names
// (retry_in_seconds, Retry-After) and retries a bounded number of times; when the limit persists, or
// monday asks for a longer wait than a request can hold, the board view gets a clear error.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import {
  connect,
  createWebhook,
  listWebhooks,
  reconcileWebhooks,
  startHookboardWithMonday,
  type HookboardWithMonday,
} from "../helpers/monday-standin/hookboard-with-monday.ts";
import { mondayFailures } from "../../server/test-kit/monday/webhooks.ts";

const kinds = await databaseKinds();

describe.each(kinds)("rate limits at monday on %s", (kind) => {
  const user = { accountId: "9901", userId: "91" };
  const board = "99010";
  let world: HookboardWithMonday;

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind, env: { MONDAY_API_VERSION: "2027-01" } });
    world.monday.boards.addBoard(user.accountId, board);
    await connect(world, user);
    // the board's ownership is known from here on, so only create_webhook meets the limits
    expect((await listWebhooks(world.hb.url, user, board)).status).toBe(200);
  });
  afterAll(() => world.stop());
  beforeEach(() => {
    world.monday.boards.failAlways("create_webhook", null);
  });

  const creates = () => world.monday.standin.calls("create_webhook");
  const atMonday = () => [...world.monday.boards.webhooks.values()].filter((w) => w.boardId === board).length;

  it.each([
    ["COMPLEXITY_BUDGET_EXHAUSTED with retry_in_seconds: 1", mondayFailures.complexityBudgetExhausted(1)],
    ["FIELD_LIMIT_EXCEEDED with error_data.retry_in_seconds: 1", mondayFailures.fieldLimitExceeded(1)],
    ["HTTP 429 with Retry-After: 1", mondayFailures.tooManyRequests(1)],
  ])("When a create meets %s, then Hookboard waits that long and the retry creates the webhook", async (_what, failure) => {
    const before = { calls: creates().length, hooks: atMonday() };
    world.monday.boards.failNext("create_webhook", failure);
    const res = await createWebhook(world.hb.url, user, board, { event: "create_update" });
    expect(res.status).toBe(201);
    expect(res.body.state).toBe("active");
    const calls = world.monday.standin.requests.filter((r) => r.operations.some((o) => o.field === "create_webhook")).slice(before.calls);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at.getTime() - calls[0]!.at.getTime()).toBeGreaterThanOrEqual(950);
    expect(atMonday()).toBe(before.hooks + 1);
  });

  it("When every attempt meets COMPLEXITY_BUDGET_EXHAUSTED, then after the bounded retries the board view gets a clear 503 with Retry-After and no webhook is listed", async () => {
    const before = { calls: creates().length, hooks: atMonday() };
    world.monday.boards.failAlways("create_webhook", mondayFailures.complexityBudgetExhausted(1));
    const res = await createWebhook(world.hb.url, user, board, { event: "item_archived" });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(res.body.error).toEqual({ code: "monday_rate_limited", message: "monday's API rate limit was reached after 4 attempts; try again in 1 seconds" });
    expect(creates().length - before.calls).toBe(4);
    expect(atMonday()).toBe(before.hooks);
    world.monday.boards.failAlways("create_webhook", null);
    const listed = await listWebhooks(world.hb.url, user, board);
    expect(listed.body.webhooks.map((w) => w.event)).not.toContain("item_archived");
  });

  it("When monday names a wait longer than a request can hold, then the board view is told at once to come back then", async () => {
    const before = creates().length;
    world.monday.boards.failNext("create_webhook", mondayFailures.complexityBudgetExhausted(120));
    const res = await createWebhook(world.hb.url, user, board, { event: "item_deleted" });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("120");
    expect(res.body.error.code).toBe("monday_rate_limited");
    expect(creates().length - before).toBe(1);
  });

  it("When reconciling meets a rate limit, then the board view is told when to try again without waiting, and listing still answers from Hookboard's records", async () => {
    const before = world.monday.standin.calls("webhooks").length;
    world.monday.boards.failNext("webhooks", mondayFailures.complexityBudgetExhausted(20));
    const started = Date.now();
    const reconciled = await reconcileWebhooks(world.hb.url, user, board);
    expect([reconciled.status, reconciled.body.error.code, reconciled.headers.get("retry-after")]).toEqual([503, "monday_rate_limited", "20"]);
    expect(Date.now() - started).toBeLessThan(10_000);
    const res = await listWebhooks(world.hb.url, user, board);
    expect(res.status).toBe(200);
    expect(res.body.webhooks.length).toBeGreaterThan(0);
    expect(world.monday.standin.calls("webhooks").length - before).toBe(1);
  });

  it("When Hookboard calls monday's API, then every call carries the configured API-Version", async () => {
    const versions = new Set(world.monday.standin.requests.filter((r) => r.path === "/v2").map((r) => r.headers["api-version"]));
    expect(versions).toEqual(new Set(["2027-01"]));
  });
});
