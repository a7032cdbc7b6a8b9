// The whole path of a board webhook: the account connects through OAuth, the board view creates
// webhooks, the stand-in monday verifies their URLs with a challenge and delivers monday's documented
// samples signed as monday signs them, Hookboard stores and lists them with the webhook's health,
// and deleting removes the webhook at monday. On SQLite and PostgreSQL, in both OAuth flows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { apiGet } from "../helpers/http.ts";
import { SEED_BOARD_EVENTS, SEED_BOARD_ID, type BoardEventSample, type SeedBoardEventName } from "../../server/cli/simulate/board-samples.ts";
import {
  connect,
  createWebhook,
  deleteWebhook,
  listWebhooks,
  reconcileWebhooks,
  startHookboardWithMonday,
  type HookboardWithMonday,
  type WebhookJson,
} from "../helpers/monday-standin/hookboard-with-monday.ts";

const kinds = await databaseKinds();
const cases = kinds.flatMap((kind) => (["legacy", "oauth2.1"] as const).map((flow) => [kind, flow] as const));

interface DeliveriesJson {
  deliveries: { id: string; source: string; type: string; status: string; boardId: string | null; webhookId: string | null; receivedAt: string }[];
  nextCursor: string | null;
}

describe.each(cases)("board webhooks end to end on %s with the %s OAuth flow", (kind, flow) => {
  const user = { accountId: "5551001", userId: "9603417" };
  let world: HookboardWithMonday;

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind, flow });
    world.monday.boards.addBoard(user.accountId, SEED_BOARD_ID);
  });
  afterAll(() => world.stop());

  it("When the account connects, creates a webhook per documented sample and monday delivers them, then each is stored, listed in /api/deliveries and shown in the webhook's health, and deleting removes it at monday", async () => {
    await connect(world, user);
    const me = await apiGet<{ oauth: { connected: boolean; scopes: string[]; needsReconnect: boolean } }>(world.hb.url, "/api/me", user);
    expect(me.body.oauth).toEqual({ connected: true, scopes: ["me:read", "boards:read", "webhooks:read", "webhooks:write"], needsReconnect: false });

    const created = new Map<SeedBoardEventName, WebhookJson>();
    for (const [name, sample] of Object.entries(SEED_BOARD_EVENTS) as [SeedBoardEventName, BoardEventSample][]) {
      const res = await createWebhook(world.hb.url, user, SEED_BOARD_ID, sample.subscribe);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ boardId: SEED_BOARD_ID, event: sample.subscribe.event, config: sample.subscribe.config ?? null, state: "active" });
      expect(res.body.health).toEqual({ state: "waiting", lastDeliveryAt: null, deliveries24h: 0, failures24h: 0 });
      created.set(name, res.body);
    }

    // monday holds each webhook, created with the account's OAuth token, at its own Hookboard URL
    const atMonday = [...world.monday.boards.webhooks.values()];
    expect(atMonday).toHaveLength(5);
    expect(new Set(atMonday.map((w) => w.url)).size).toBe(5);
    for (const hook of atMonday) {
      expect(hook.url.startsWith(`${world.hb.url}/webhooks/board/`)).toBe(true);
      expect(hook.url.length).toBeLessThanOrEqual(255);
    }
    for (const call of world.monday.standin.calls("create_webhook")) {
      expect(world.monday.oauth.whoIs(call.ctx.token!)?.accountId).toBe(user.accountId);
      expect(call.ctx.apiVersion).toBe("2026-10");
    }
    expect(world.monday.boards.challenges).toHaveLength(atMonday.length);
    expect(world.monday.boards.challenges.every((c) => c.status === 200 && JSON.stringify(c.answer) === JSON.stringify({ challenge: c.challenge }))).toBe(true);

    for (const [name, webhook] of created) {
      const answer = await world.monday.boards.deliver(webhook.mondayWebhookId!, SEED_BOARD_EVENTS[name].event);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body).toMatchObject({ ok: true, duplicate: false });
    }

    const deliveries = await eventually(
      async () => {
        const res = await apiGet<DeliveriesJson>(world.hb.url, `/api/deliveries?boardId=${SEED_BOARD_ID}`, user);
        return res.body.deliveries.length === 5 && res.body.deliveries.every((d) => d.status === "done") ? res.body.deliveries : null;
      },
      10_000,
      "five board deliveries processed",
    );
    expect(deliveries.map((d) => d.type).sort()).toEqual([
      "change_column_value",
      "change_status_column_value",
      "create_item",
      "create_subitem",
      "create_update",
    ]);
    expect(deliveries.every((d) => d.source === "board" && d.boardId === SEED_BOARD_ID)).toBe(true);
    expect(new Set(deliveries.map((d) => d.webhookId))).toEqual(new Set([...created.values()].map((w) => w.id)));

    // the stored body is what monday sent; the subitem event is recognised as one
    const subitem = await world.hb.hookboard.db.prisma.delivery.findFirstOrThrow({ where: { webhookId: created.get("create_subitem")!.id } });
    expect(JSON.parse(subitem.payload).event.triggerUuid).toBe("5c28578c66653a87b00a80aa4f7a6ce3");
    expect(JSON.parse(subitem.meta)).toMatchObject({ isSubitem: true, parentItemId: "1771812716", parentItemBoardId: "1771812698", authenticated: true });

    const listed = await listWebhooks(world.hb.url, user, SEED_BOARD_ID);
    expect(listed.status).toBe(200);
    expect(listed.body.webhooks).toHaveLength(5);
    for (const webhook of listed.body.webhooks) {
      const delivery = deliveries.find((d) => d.webhookId === webhook.id)!;
      expect(webhook.health).toEqual({ state: "healthy", lastDeliveryAt: delivery.receivedAt, deliveries24h: 1, failures24h: 0 });
    }
    expect((await reconcileWebhooks(world.hb.url, user, SEED_BOARD_ID)).body.webhooks.map((w) => w.state)).toEqual(Array(5).fill("active"));
    expect(world.monday.standin.calls("webhooks").at(-1)?.args).toEqual({ board_id: SEED_BOARD_ID, app_webhooks_only: true });

    for (const webhook of created.values()) {
      const res = await deleteWebhook(world.hb.url, user, SEED_BOARD_ID, webhook.id);
      expect(res.status).toBe(204);
    }
    expect(world.monday.boards.webhooks.size).toBe(0);
    expect(
      world.monday.standin
        .calls("delete_webhook")
        .map((c) => c.args.id)
        .sort(),
    ).toEqual([...created.values()].map((w) => w.mondayWebhookId).sort());
    expect((await listWebhooks(world.hb.url, user, SEED_BOARD_ID)).body.webhooks).toEqual([]);
    // the deliveries stay in the history
    expect((await apiGet<DeliveriesJson>(world.hb.url, `/api/deliveries?boardId=${SEED_BOARD_ID}`, user)).body.deliveries).toHaveLength(5);
  });
});
