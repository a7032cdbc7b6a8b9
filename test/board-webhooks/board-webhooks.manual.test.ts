// Webhooks people make by hand: the board view issues a URL to paste into the board's Webhooks
// recipe (monday is not called). monday's challenge is echoed on it, its events come without a JWT
// and are stored once, marked unsigned; a JWT that does come must verify. An admin can give it a new
// URL (the old one answers 410) or delete it.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_BOARD_EVENTS } from "../../server/cli/simulate/board-samples.ts";
import { webhookToken } from "../../server/test-kit/monday-tokens.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { apiGet, postJson } from "../helpers/http.ts";
import {
  connect,
  createWebhook,
  deleteWebhook,
  listWebhooks,
  reconcileWebhooks,
  recreateWebhook,
  startHookboardWithMonday,
  type HookboardWithMonday,
  type WebhookJson,
} from "../helpers/monday-standin/hookboard-with-monday.ts";

const kinds = await databaseKinds();
const event = (triggerUuid = randomUUID()) => ({ ...SEED_BOARD_EVENTS.create_item.event, triggerUuid });

describe.each(kinds)("webhooks made by hand on %s", (kind) => {
  const admin = { accountId: "9301", userId: "95", isAdmin: true };
  const member = { accountId: "9301", userId: "96", isAdmin: false };
  const board = "9333";
  let world: HookboardWithMonday;
  const prisma = () => world.hb.hookboard.db.prisma;
  const stored = (webhookId: string) => prisma().delivery.count({ where: { webhookId } });

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind });
    world.monday.boards.addBoard(admin.accountId, board);
    await connect(world, admin);
    await connect(world, member);
  });
  afterAll(() => world.stop());

  const manual = async (body: Record<string, unknown> = { event: "create_item" }): Promise<WebhookJson> => {
    const res = await createWebhook(world.hb.url, admin, board, { ...body, mode: "manual" });
    expect(res.status).toBe(201);
    return res.body;
  };

  it("When the board view asks for a URL to paste, then 201 with an unsigned webhook and its URL, and monday is not called", async () => {
    const creates = world.monday.standin.calls("create_webhook").length;
    const webhook = await manual({ event: "item_moved_to_specific_group", config: { groupId: "topics" } });
    expect(webhook).toMatchObject({ event: "item_moved_to_specific_group", config: { groupId: "topics" }, state: "active", signed: false, origin: "recipe" });
    expect(webhook.mondayWebhookId).toBeNull();
    expect(webhook.url).toMatch(new RegExp(`^${world.hb.url}/webhooks/board/[A-Za-z0-9_-]{40,}$`));
    expect(world.monday.standin.calls("create_webhook").length).toBe(creates);
    // the URL is the webhook's only protection: a viewer does not see it
    const asViewer = await listWebhooks(world.hb.url, { ...member, isViewOnly: true }, board);
    expect(asViewer.body.webhooks.find((w) => w.id === webhook.id)).toMatchObject({ url: null, signed: false });
    expect((await createWebhook(world.hb.url, admin, board, { event: "create_item", mode: "automatic" })).status).toBe(400);
  });

  it("When monday's recipe sends the challenge and then an event twice, then the challenge is echoed and the event stored once, marked unsigned", async () => {
    const webhook = await manual();
    const answer = await world.monday.boards.pasteIntoRecipe(webhook.url!);
    const challenge = world.monday.boards.challenges.at(-1)!;
    expect(answer).toEqual({ status: 200, body: { challenge: challenge.challenge } });

    const triggerUuid = randomUUID();
    const first = await world.monday.boards.sendFromRecipe(webhook.url!, event(triggerUuid));
    const again = await world.monday.boards.sendFromRecipe(webhook.url!, event(triggerUuid));
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body).toMatchObject({ duplicate: true });
    expect(await stored(webhook.id)).toBe(1);
    const row = await prisma().delivery.findFirstOrThrow({ where: { webhookId: webhook.id } });
    expect(JSON.parse(row.meta)).toMatchObject({ authenticated: false });

    const deliveries = await apiGet<{ deliveries: { webhookId: string; signed: boolean | null }[] }>(world.hb.url, `/api/deliveries?boardId=${board}`, admin);
    expect(deliveries.body.deliveries.find((d) => d.webhookId === webhook.id)).toMatchObject({ signed: false });
    await eventually(async () => (await listWebhooks(world.hb.url, admin, board)).body.webhooks.find((w) => w.id === webhook.id)?.health.deliveries24h === 1);
  });

  it("When an event on a hand-made URL carries a JWT that does not verify, then 401 and nothing is stored; one that verifies is accepted", async () => {
    const webhook = await manual();
    const forged = await webhookToken(admin.accountId, { audience: webhook.url!, secret: "not-the-signing-secret-of-this-app" });
    const refused = await postJson<{ error: { code: string } }>(webhook.url!, { event: event() }, { authorization: forged });
    expect(refused.status).toBe(401);
    const otherAccount = await webhookToken("9999", { audience: webhook.url! });
    expect((await postJson(webhook.url!, { event: event() }, { authorization: otherAccount })).status).toBe(401);
    expect(await stored(webhook.id)).toBe(0);

    const genuine = await webhookToken(admin.accountId, { audience: webhook.url! });
    expect((await postJson(webhook.url!, { event: event() }, { authorization: genuine })).status).toBe(200);
    expect(await stored(webhook.id)).toBe(1);
  });

  it("When an admin gives a hand-made webhook a new URL, then the old URL answers 410 and the new one receives", async () => {
    const old = await manual();
    expect((await recreateWebhook(world.hb.url, member, board, old.id)).status).toBe(403);
    const res = await recreateWebhook(world.hb.url, admin, board, old.id);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ event: "create_item", origin: "recipe", signed: false });
    expect(res.body.url).not.toBe(old.url);

    const gone = await world.monday.boards.sendFromRecipe(old.url!, event());
    expect(gone.status).toBe(410);
    expect(await stored(old.id)).toBe(0);
    expect((await world.monday.boards.pasteIntoRecipe(res.body.url!)).status).toBe(200);
    expect((await world.monday.boards.sendFromRecipe(res.body.url!, event())).status).toBe(200);
    expect(await prisma().boardWebhook.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ state: "replaced", replaceReason: "new_url" });
  });

  it("When reconciling with monday, then hand-made webhooks are left as they are", async () => {
    const webhook = await manual({ event: "create_update" });
    const res = await reconcileWebhooks(world.hb.url, admin, board);
    expect(res.status).toBe(200);
    expect(res.body.webhooks.find((w) => w.id === webhook.id)).toMatchObject({ state: "active" });
  });

  it("When a member deletes a hand-made webhook, then 403; when an admin does, then 204 and its URL answers 410", async () => {
    const webhook = await manual({ event: "delete_update" });
    expect((await deleteWebhook(world.hb.url, member, board, webhook.id)).status).toBe(403);
    expect((await deleteWebhook(world.hb.url, admin, board, webhook.id)).status).toBe(204);
    expect((await world.monday.boards.sendFromRecipe(webhook.url!, event())).status).toBe(410);
  });
});
