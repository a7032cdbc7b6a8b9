// The operations console's API while deliveries are still on their way, on SQLite and PostgreSQL,
// through real HTTP: one waiting for its next attempt (retrying, with its error and when it is tried
// next), one being applied (pending), a board's deliveries apart from another board's, newest first
// even when received in the same millisecond, and the daily chart's choice of webhooks.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_BOARD_EVENTS } from "../../server/cli/simulate/board-samples.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { sessionToken } from "../../server/test-kit/monday-tokens.ts";
import { apiGet, request } from "../helpers/http.ts";
import {
  connect,
  createWebhook,
  deleteWebhook,
  reconcileWebhooks,
  startHookboardWithMonday,
  type HookboardWithMonday,
  type WebhookJson,
} from "../helpers/monday-standin/hookboard-with-monday.ts";

const kinds = await databaseKinds();

interface Listed {
  id: string;
  status: string;
  attempts: number;
  boardId: string | null;
  webhookId: string | null;
  receivedAt: string;
  error: string | null;
}
interface Detail {
  delivery: {
    status: string;
    error: string | null;
    processedAt: string | null;
    nextAttemptAt: string | null;
    attempts: { number: number; outcome: string; error: string | null }[];
    timeline: { event: string; detail: string | null }[];
  };
}
interface Daily {
  days: string[];
  webhooks: { webhookId: string; days: { date: string; deliveries: number; failures: number }[] }[];
}

/** whether ids are in ascending or descending order */
const inIdOrder = (ids: string[]) => ids.every((id, i) => i === 0 || id > ids[i - 1]!) || ids.every((id, i) => i === 0 || id < ids[i - 1]!);

/** a failed attempt is tried again ten minutes later: long enough to look at a retrying delivery */
const TEN_MINUTES = 600_000;

describe.each(kinds)("the deliveries console API with deliveries in flight on %s", (kind) => {
  const admin = { accountId: "8201", userId: "91", isAdmin: true };
  const boardA = "4201";
  const boardB = "4202";
  let world: HookboardWithMonday;
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    world = await startHookboardWithMonday({
      kind,
      worker: { maxAttempts: 5, backoff: { baseMs: TEN_MINUTES, maxMs: TEN_MINUTES } },
      register: (handlers) => {
        handlers.on("board:*", async (event) => {
          const item = event.item?.id;
          if (item === "777" || item === "778") throw new Error(`the app's CRM refused item ${item}`);
          if (item === "555") await held;
        });
      },
    });
    world.monday.boards.addBoard(admin.accountId, boardA);
    world.monday.boards.addBoard(admin.accountId, boardB);
    await connect(world, admin);
  });
  afterAll(async () => {
    release();
    await world.stop();
  });

  const base = () => world.hb.url;
  const prisma = () => world.hb.hookboard.db.prisma;
  const list = (query: string) => apiGet<{ deliveries: Listed[]; nextCursor: string | null }>(base(), `/api/deliveries?${query}`, admin);
  const daily = (board: string, query = "") => apiGet<Daily>(base(), `/api/boards/${board}/deliveries/daily${query}`, admin);
  async function webhookOn(board: string, event = "create_item"): Promise<WebhookJson> {
    const created = await createWebhook(base(), admin, board, { event });
    expect(created.status).toBe(201);
    return created.body;
  }
  async function deliver(webhook: WebhookJson, item: number): Promise<void> {
    const res = await world.monday.boards.deliver(webhook.mondayWebhookId!, {
      ...SEED_BOARD_EVENTS.create_item.event,
      pulseId: item,
      triggerUuid: randomUUID(),
    });
    expect(res.status).toBe(200);
  }

  let failing: WebhookJson;
  let applying: WebhookJson;
  let onBoardB: WebhookJson;

  it("When a delivery failed and waits for its next attempt, then the list, its detail and the daily chart show it retrying with its error and when it is tried next", async () => {
    failing = await webhookOn(boardA);
    await deliver(failing, 777);
    await deliver(failing, 778);
    await eventually(async () => (await list(`boardId=${boardA}&status=retrying`)).body.deliveries.length === 2, 15_000, "both deliveries retrying");

    const retrying = (await list(`boardId=${boardA}&status=retrying`)).body.deliveries;
    expect(retrying.map((d) => [d.status, d.attempts, d.webhookId]).sort()).toEqual([
      ["retrying", 1, failing.id],
      ["retrying", 1, failing.id],
    ]);
    expect(retrying.map((d) => d.error).sort()).toEqual([expect.stringContaining("refused item 777"), expect.stringContaining("refused item 778")]);

    const first = retrying.find((d) => d.error?.includes("item 777"))!;
    const { status, body } = await apiGet<Detail>(base(), `/api/deliveries/${first.id}`, admin);
    expect(status).toBe(200);
    expect(body.delivery).toMatchObject({ status: "retrying", error: expect.stringContaining("refused item 777"), processedAt: null });
    // backoff ±20 %: the next attempt is at least eight minutes away
    expect(Date.parse(body.delivery.nextAttemptAt!) - Date.now()).toBeGreaterThan(0.8 * TEN_MINUTES - 60_000);
    // its own attempt only, not the other delivery's
    expect(body.delivery.attempts).toEqual([{ number: 1, at: expect.any(String), outcome: "failed", error: expect.stringContaining("refused item 777") }]);
    expect(body.delivery.timeline.map((t) => t.event)).toEqual(["received", "failed"]);

    // only a dead delivery can be retried: a retrying one keeps its attempts and its next attempt
    const retry = await request<{ error: { code: string; message: string } }>(`${base()}/api/deliveries/${first.id}/retry`, {
      method: "POST",
      headers: { authorization: await sessionToken(admin) },
    });
    expect(retry).toMatchObject({ status: 409, body: { error: { code: "not_dead", message: "Only a failed delivery can be retried; this one is retrying" } } });
    expect((await apiGet<Detail>(base(), `/api/deliveries/${first.id}`, admin)).body.delivery).toMatchObject({
      status: "retrying",
      nextAttemptAt: body.delivery.nextAttemptAt,
      attempts: [{ number: 1, outcome: "failed" }],
    });

    const chart = await daily(boardA);
    expect(chart.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(chart.body.days.at(-1)).toBe(today);
    const counts = chart.body.webhooks.find((w) => w.webhookId === failing.id)!;
    expect(counts.days.map((d) => d.date)).toEqual(chart.body.days);
    // a retrying delivery counts as a failure of its day
    expect(counts.days.at(-1)).toEqual({ date: today, deliveries: 2, failures: 2 });
  });

  it("When a delivery is being applied, then the list filtered by pending shows it until it is done", async () => {
    applying = await webhookOn(boardA, "change_column_value");
    await deliver(applying, 555);
    const onWebhook = (rows: Listed[]) => rows.filter((d) => d.webhookId === applying.id);
    const pending = await list(`boardId=${boardA}&status=pending`);
    expect(pending.status).toBe(200);
    expect(onWebhook(pending.body.deliveries)).toEqual([expect.objectContaining({ status: "pending", error: null })]);
    expect(pending.body.deliveries.every((d) => d.status === "pending")).toBe(true);
    release();
    await eventually(async () => onWebhook((await list(`boardId=${boardA}&status=done`)).body.deliveries).length === 1, 15_000, "the held delivery done");
    expect(onWebhook((await list(`boardId=${boardA}&status=pending`)).body.deliveries)).toEqual([]);
  });

  it("When the list names a board, then it holds that board's deliveries only, newest first, and deliveries received in the same millisecond come in id order", async () => {
    onBoardB = await webhookOn(boardB);
    // one at a time, so the database stores them in the order they arrive; until three that arrived
    // one after another are in neither ascending nor descending id order (storage order, read either
    // way, is then never the id order the list promises for a tie)
    const arrived: string[] = [];
    let tied: string[] | undefined;
    for (let item = 1; item <= 12 && !(arrived.length >= 4 && tied); item++) {
      await deliver(onBoardB, item);
      await eventually(
        async () => (await prisma().delivery.count({ where: { webhookId: onBoardB.id, status: "done" } })) === item,
        15_000,
        "board B's delivery done",
      );
      const ids = await prisma().delivery.findMany({ where: { webhookId: onBoardB.id }, select: { id: true } });
      arrived.push(ids.map((d) => d.id).find((id) => !arrived.includes(id))!);
      tied ??= arrived.slice(-3).length === 3 && !inIdOrder(arrived.slice(-3)) ? arrived.slice(-3) : undefined;
    }
    expect(tied).toBeDefined();

    expect((await list(`boardId=${boardA}`)).body.deliveries.filter((d) => d.boardId !== boardA)).toEqual([]);
    expect((await list(`boardId=${boardA}`)).body.deliveries.length).toBeGreaterThan(0);
    const onB = (await list(`boardId=${boardB}`)).body.deliveries;
    expect(onB.map((d) => d.boardId)).toEqual(arrived.map(() => boardB));

    // a batch is stored in the same millisecond: three get the same time, written in arrival order;
    // one more goes before or after them, wherever id order alone would put it elsewhere
    const tie = Date.now() - 60_000;
    const [other, ...rest] = arrived.filter((id) => !tied!.includes(id));
    const times = new Map<string, number>(tied!.map((id) => [id, tie]));
    times.set(other!, other! > [...tied!].sort()[0]! ? tie - 1_000 : tie + 1_000);
    rest.forEach((id, i) => times.set(id, tie - 2_000 - 1_000 * i));
    for (const id of arrived) await prisma().delivery.update({ where: { id }, data: { receivedAt: new Date(times.get(id)!) } });
    const newestFirst = [...arrived].sort((x, y) => times.get(y)! - times.get(x)! || (y > x ? 1 : -1));
    expect((await list(`boardId=${boardB}`)).body.deliveries.map((d) => d.id)).toEqual(newestFirst);

    // one by one through the cursor, each once
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`boardId=${boardB}&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      paged.push(...page.body.deliveries.map((d) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor && paged.length < 20);
    expect(paged).toEqual(newestFirst);
  });

  it("When the daily chart is asked for, then it shows the board's webhooks that receive or may again, oldest first, and neither deleted ones nor another board's", async () => {
    const missing = await webhookOn(boardA, "item_deleted");
    const creating = await webhookOn(boardA, "create_update");
    const deleted = await webhookOn(boardA, "item_archived");
    // monday dropped one (reconciling marks it missing); one is still being created at monday (recorded pending first)
    world.monday.boards.forget(missing.mondayWebhookId!);
    expect((await reconcileWebhooks(base(), admin, boardA)).status).toBe(200);
    await prisma().boardWebhook.update({ where: { id: creating.id }, data: { state: "pending" } });
    expect((await deleteWebhook(base(), admin, boardA, deleted.id)).status).toBe(204);
    const states = await prisma().boardWebhook.findMany({ where: { boardId: boardA }, select: { id: true, state: true } });
    expect(new Map(states.map((w) => [w.id, w.state]))).toEqual(
      new Map([
        [failing.id, "active"],
        [applying.id, "active"],
        [missing.id, "missing"],
        [creating.id, "pending"],
        [deleted.id, "deleted"],
      ]),
    );

    // creation times where id order and creation order differ, two of them equal
    const listed = states.filter((w) => w.state !== "deleted").map((w) => w.id);
    const [earliest, ...tied] = [...listed].sort().reverse();
    const start = new Date(Date.now() - 3_600_000);
    await prisma().boardWebhook.update({ where: { id: earliest! }, data: { createdAt: start } });
    for (const id of tied) await prisma().boardWebhook.update({ where: { id }, data: { createdAt: new Date(start.getTime() + 1_000) } });

    const chart = await daily(boardA);
    expect(chart.status).toBe(200);
    expect(chart.body.webhooks.map((w) => w.webhookId)).toEqual([earliest, ...[...tied].sort()]);
    expect((await daily(boardB)).body.webhooks.map((w) => w.webhookId)).toEqual([onBoardB.id]);
  });

  it("When the chart is asked for a number of days, then it shows 1 to 30 of them and refuses others", async () => {
    expect((await daily(boardA, "?days=1")).body.days).toEqual([new Date().toISOString().slice(0, 10)]);
    const month = await daily(boardA, "?days=30");
    expect(month.body.days).toHaveLength(30);
    expect(month.body.webhooks.every((w) => w.days.length === 30)).toBe(true);
    for (const days of ["0", "31", "2.5"]) expect({ days, status: (await daily(boardA, `?days=${days}`)).status }).toEqual({ days, status: 400 });
  });
});
