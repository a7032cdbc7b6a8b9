// The operations console's API on SQLite and PostgreSQL, through real HTTP: a delivery's detail (payload,
// attempts, timeline), an admin retrying a dead one until the worker applies it, the list filtered by
// status and event, and each webhook's deliveries and failures per day.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_BOARD_EVENTS } from "../../server/cli/simulate/board-samples.ts";
import { sessionToken } from "../../server/test-kit/monday-tokens.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { apiGet, request, sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { connect, createWebhook, startHookboardWithMonday, type HookboardWithMonday } from "../helpers/monday-standin/hookboard-with-monday.ts";

const kinds = await databaseKinds();

interface Detail {
  delivery: {
    id: string;
    status: string;
    type: string;
    error: string | null;
    processedAt: string | null;
    nextAttemptAt: string | null;
    payload: { type: string; data: Record<string, unknown> };
    attempts: { number: number; at: string; outcome: string; error: string | null }[];
    timeline: { at: string; event: string; detail: string | null }[];
  };
}

describe.each(kinds)("the deliveries console API on %s", (kind) => {
  const admin = { accountId: "8101", userId: "81", isAdmin: true };
  const member = { accountId: "8101", userId: "82", isAdmin: false };
  const board = "4104";
  let world: HookboardWithMonday;
  let broken = true;

  beforeAll(async () => {
    world = await startHookboardWithMonday({
      kind,
      worker: { maxAttempts: 2 },
      register: (handlers) => {
        handlers.on("lifecycle:app_subscription_renewed", async () => {
          if (broken) throw new Error("the app's billing service is down");
        });
        handlers.on("board:*", async (event) => {
          if (event.item?.id === "666") throw new Error("the app could not handle this item");
        });
      },
    });
    world.monday.boards.addBoard(admin.accountId, board);
    await connect(world, admin);
  });
  afterAll(() => world.stop());

  const base = () => world.hb.url;
  const detail = (id: string, user = admin) => apiGet<Detail>(base(), `/api/deliveries/${id}`, user);
  const retry = async (id: string, user: { accountId: string; userId: string; isAdmin: boolean }) =>
    request<{ id: string; status: string; error?: { code: string; message: string } }>(`${base()}/api/deliveries/${id}/retry`, {
      method: "POST",
      headers: { authorization: await sessionToken(user) },
    });
  const statusOf = async (id: string) => (await detail(id)).body.delivery?.status;

  async function deadRenewal(): Promise<string> {
    broken = true;
    const sent = await sendLifecycle(base(), lifecycleBody("app_subscription_renewed", { accountId: admin.accountId, timestamp: new Date().toISOString() }));
    expect(sent.status).toBe(200);
    await eventually(async () => (await statusOf(sent.body.deliveryId)) === "dead", 15_000, "the renewal dead");
    return sent.body.deliveryId;
  }

  it("When a delivery failed on every attempt, then its detail shows the payload, each attempt with its time and error, and its timeline", async () => {
    const id = await deadRenewal();
    const { status, body } = await detail(id);
    expect(status).toBe(200);
    expect(body.delivery.payload).toMatchObject({ type: "app_subscription_renewed", data: { account_id: Number(admin.accountId) } });
    expect(body.delivery.attempts).toEqual([
      { number: 1, at: expect.any(String), outcome: "failed", error: expect.stringContaining("the app's billing service is down") },
      { number: 2, at: expect.any(String), outcome: "failed", error: expect.stringContaining("the app's billing service is down") },
    ]);
    expect(body.delivery.timeline.map((t) => t.event)).toEqual(["received", "failed", "dead"]);
    // a dead delivery shows its last error, and neither a time it was applied nor a next attempt
    expect(body.delivery).toMatchObject({ error: expect.stringContaining("the app's billing service is down"), processedAt: null, nextAttemptAt: null });
    const times = body.delivery.timeline.map((t) => Date.parse(t.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("When an admin retries a dead delivery, then it is answered 202 and the worker applies it; others cannot, and only dead ones can be", async () => {
    const id = await deadRenewal();
    expect(await retry(id, member)).toMatchObject({
      status: 403,
      body: { error: { code: "forbidden", message: "Only an account admin can retry a delivery" } },
    });
    expect(await retry(id, { ...admin, accountId: "8102" })).toMatchObject({
      status: 404,
      body: { error: { code: "delivery_not_found", message: "No such delivery" } },
    });
    broken = false;
    const res = await retry(id, admin);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id, status: "pending" });
    await eventually(async () => (await statusOf(id)) === "done", 15_000, "the retried delivery done");
    const { body } = await detail(id);
    expect(body.delivery.attempts.map((a) => [a.number, a.outcome])).toEqual([
      [1, "failed"],
      [2, "failed"],
      [3, "applied"],
    ]);
    // once applied, the earlier error is history: the delivery shows none, and when it was applied
    expect(body.delivery).toMatchObject({ error: null, processedAt: expect.any(String), nextAttemptAt: null });
    expect(body.delivery.timeline.at(-1)?.event).toBe("applied");
    const again = await retry(id, admin);
    expect(again).toMatchObject({ status: 409, body: { error: { code: "not_dead", message: "Only a failed delivery can be retried; this one is done" } } });
  });

  it("When another account asks for a delivery, then it is a 404; a member asking for one of no board is refused 403", async () => {
    const id = await deadRenewal();
    const notFound = { error: { code: "delivery_not_found", message: "No such delivery" } };
    expect(await detail(id, { ...admin, accountId: "8102" })).toMatchObject({ status: 404, body: notFound });
    expect(await detail("not-a-delivery")).toMatchObject({ status: 404, body: notFound });
    // a lifecycle delivery belongs to no board: only the account's admins see it, as in the list
    expect(await detail(id, member)).toMatchObject({
      status: 403,
      body: { error: { code: "forbidden", message: "Deliveries that belong to no board are for account admins" } },
    });
  });

  it("When the list is filtered by status and event, then only those deliveries come back", async () => {
    await sendLifecycle(base(), lifecycleBody("install", { accountId: admin.accountId, timestamp: "2026-01-01T00:00:00Z" }));
    const dead = await deadRenewal();
    await eventually(
      async () => (await apiGet<{ deliveries: unknown[] }>(base(), "/api/deliveries?type=install&status=done", admin)).body.deliveries.length === 1,
    );
    const res = await apiGet<{ deliveries: { id: string; status: string; type: string }[] }>(
      base(),
      "/api/deliveries?status=dead&type=app_subscription_renewed",
      admin,
    );
    expect(res.body.deliveries.length).toBeGreaterThan(0);
    expect(res.body.deliveries.every((d) => d.status === "dead" && d.type === "app_subscription_renewed")).toBe(true);
    expect(res.body.deliveries.map((d) => d.id)).toContain(dead);
    expect((await apiGet(base(), "/api/deliveries?status=lost", admin)).status).toBe(400);
    // an event name is the whole value, not a part of it
    for (const type of ["install;", ";install", "install install"])
      expect({ type, status: (await apiGet(base(), `/api/deliveries?type=${encodeURIComponent(type)}`, admin)).status }).toEqual({ type, status: 400 });
  });

  it("When admins retry the same dead delivery at once, then one retry is taken, the others are told it changed, and it is applied once", async () => {
    const id = await deadRenewal();
    broken = false;
    const answers = await Promise.all(Array.from({ length: 6 }, () => retry(id, admin)));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    // a retry that read the delivery dead and lost the race is told it changed; one that read it later, what it is now
    for (const lost of answers.filter((a) => a.status !== 202)) {
      expect(lost.status).toBe(409);
      expect(lost.body.error?.code).toBe("not_dead");
      expect(lost.body.error?.message).toMatch(
        /^(The delivery changed meanwhile \(a worker or another retry took it\); look at it again|Only a failed delivery can be retried; this one is (pending|done))$/,
      );
    }
    await eventually(async () => (await statusOf(id)) === "done", 15_000, "the retried delivery done");
    expect((await detail(id)).body.delivery.attempts.map((a) => a.outcome)).toEqual(["failed", "failed", "applied"]);
  });

  it("When a board id has anything but its digits, then the list and the daily counts answer 400 and ask monday nothing", async () => {
    const before = world.monday.standin.requests.length;
    for (const boardId of ["123abc", encodeURIComponent("1 OR 1=1"), "x123"]) {
      const list = await apiGet<{ error: { code: string; message: string } }>(base(), `/api/deliveries?boardId=${boardId}`, admin);
      expect({ boardId, status: list.status, ...list.body.error }).toEqual({
        boardId,
        status: 400,
        code: "invalid_query",
        message: "boardId must be a monday board id, status one of pending, done, retrying, dead, type an event name",
      });
      const daily = await apiGet<{ error: { code: string; message: string } }>(base(), `/api/boards/${boardId}/deliveries/daily`, admin);
      expect({ boardId, status: daily.status, ...daily.body.error }).toEqual({
        boardId,
        status: 400,
        code: "invalid_query",
        message: "boardId must be a monday board id and days 1 to 30",
      });
    }
    expect(world.monday.standin.requests.slice(before)).toEqual([]);
  });

  it("When a webhook received and failed deliveries, then the daily counts show them on today's bar and zero before", async () => {
    const created = await createWebhook(base(), admin, board, { event: "create_item" });
    expect(created.status).toBe(201);
    const webhook = created.body;
    for (const item of [1, 2, 666]) {
      const res = await world.monday.boards.deliver(webhook.mondayWebhookId!, {
        ...SEED_BOARD_EVENTS.create_item.event,
        pulseId: item,
        triggerUuid: randomUUID(),
      });
      expect(res.status).toBe(200);
    }
    await eventually(
      async () => (await world.hb.hookboard.db.prisma.delivery.count({ where: { webhookId: webhook.id, status: { in: ["done", "dead"] } } })) === 3,
      15_000,
    );
    const res = await apiGet<{ days: string[]; webhooks: { webhookId: string; days: { date: string; deliveries: number; failures: number }[] }[] }>(
      base(),
      `/api/boards/${board}/deliveries/daily`,
      admin,
    );
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(7);
    expect(res.body.days.at(-1)).toBe(new Date().toISOString().slice(0, 10));
    const chart = res.body.webhooks.find((w) => w.webhookId === webhook.id)!;
    expect(chart.days.at(-1)).toMatchObject({ deliveries: 3, failures: 1 });
    expect(chart.days.slice(0, 6).every((d) => d.deliveries === 0 && d.failures === 0)).toBe(true);
    expect((await apiGet(base(), `/api/boards/999999/deliveries/daily`, admin)).status).toBe(404);
  });
});
