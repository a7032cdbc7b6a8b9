// What Hookboard accepts at a board webhook URL: the challenge is echoed; an event is stored only when
// it is signed with the Signing Secret for exactly this URL by the webhook's account; duplicates are
// stored once; anything else is refused with nothing stored.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { postJson, request } from "../helpers/http.ts";
import { SEED_BOARD_EVENTS } from "../../server/cli/simulate/board-samples.ts";
import {
  connect,
  createWebhook,
  deleteWebhook,
  startHookboardWithMonday,
  type HookboardWithMonday,
  type WebhookJson,
} from "../helpers/monday-standin/hookboard-with-monday.ts";
import { TEST_SECRETS, webhookToken } from "../../server/test-kit/monday-tokens.ts";

const kinds = await databaseKinds();

describe.each(kinds)("receiving board webhook deliveries on %s", (kind) => {
  const owner = { accountId: "6001", userId: "61" };
  const other = { accountId: "6002", userId: "62" };
  let world: HookboardWithMonday;
  let hookA: WebhookJson;
  let hookB: WebhookJson;
  let urlA: string;
  let urlB: string;

  const stored = () => world.hb.hookboard.db.prisma.delivery.count({ where: { source: "board" } });
  const event = (triggerUuid = randomBytes(16).toString("hex")) => ({ event: { ...SEED_BOARD_EVENTS.create_item.event, triggerUuid } });
  const signedFor = (url: string, options: Parameters<typeof webhookToken>[1] = {}) => webhookToken(owner.accountId, { audience: url, ...options });

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind });
    world.monday.boards.addBoard(owner.accountId, "700").addBoard(other.accountId, "800");
    await connect(world, owner);
    await connect(world, other);
    hookA = (await createWebhook(world.hb.url, owner, "700", { event: "create_item" })).body;
    hookB = (await createWebhook(world.hb.url, owner, "700", { event: "create_update" })).body;
    urlA = world.monday.boards.webhooks.get(hookA.mondayWebhookId!)!.url;
    urlB = world.monday.boards.webhooks.get(hookB.mondayWebhookId!)!.url;
  });
  afterAll(() => world.stop());

  it("When monday posts a challenge to a URL Hookboard issued, then exactly that challenge comes back and nothing is stored", async () => {
    const before = await stored();
    const challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";
    const res = await postJson(urlA, { challenge });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ challenge });
    expect(await stored()).toBe(before);
  });

  it("When an event is signed as monday signs it, then it is stored for its webhook, account and board before the 200", async () => {
    const body = event();
    const res = await postJson<{ ok: boolean; deliveryId: string; duplicate: boolean }>(urlA, body, { authorization: await signedFor(urlA) });
    expect(res.status).toBe(200);
    const row = await world.hb.hookboard.db.prisma.delivery.findUniqueOrThrow({ where: { id: res.body.deliveryId } });
    expect(row).toMatchObject({
      source: "board",
      type: "create_item",
      webhookId: hookA.id,
      accountId: owner.accountId,
      boardId: "700",
      idempotencyKey: `board:${hookA.id}:${body.event.triggerUuid}`,
    });
    expect(JSON.parse(row.payload)).toEqual(body);
  });

  it("When the same event arrives twice, then both are answered 200 and it is stored once", async () => {
    const body = event();
    const first = await postJson<{ deliveryId: string; duplicate: boolean }>(urlA, body, { authorization: await signedFor(urlA) });
    const second = await postJson<{ deliveryId: string; duplicate: boolean }>(urlA, body, { authorization: await signedFor(urlA) });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual({ ok: true, deliveryId: first.body.deliveryId, duplicate: true });
    expect(await world.hb.hookboard.db.prisma.delivery.count({ where: { idempotencyKey: `board:${hookA.id}:${body.event.triggerUuid}` } })).toBe(1);
  });

  it("When one trigger reaches two webhooks, then each webhook stores it", async () => {
    const body = event();
    expect((await postJson(urlA, body, { authorization: await signedFor(urlA) })).status).toBe(200);
    expect((await postJson(urlB, body, { authorization: await signedFor(urlB) })).status).toBe(200);
    const rows = await world.hb.hookboard.db.prisma.delivery.findMany({ where: { payload: { contains: body.event.triggerUuid } } });
    expect(rows.map((r) => r.webhookId).sort()).toEqual([hookA.id, hookB.id].sort());
  });

  it("When a signed delivery goes to a URL Hookboard did not issue, then it is refused with 404 and nothing is stored", async () => {
    const before = await stored();
    const url = `${world.hb.url}/webhooks/board/${randomBytes(32).toString("base64url")}`;
    const res = await postJson<{ error: { code: string } }>(url, event(), { authorization: await signedFor(url) });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("unknown_webhook");
    expect((await postJson(`${world.hb.url}/webhooks/board/short`, { challenge: "x" })).status).toBe(404);
    expect(await stored()).toBe(before);
  });

  const refusals: [string, () => Promise<Record<string, string>>, string][] = [
    ["has no JWT (unsigned)", async () => ({}), "jwt_missing"],
    [
      "is signed with a secret that is not the app's (forged)",
      async () => ({ authorization: await signedFor(urlA, { secret: "an-attacker-secret-0123456789abcdef" }) }),
      "jwt_signature",
    ],
    [
      "is signed with the Client Secret instead of the Signing Secret",
      async () => ({ authorization: await signedFor(urlA, { secret: TEST_SECRETS.clientSecret }) }),
      "jwt_signature",
    ],
    ["carries a token monday issued for another webhook's URL (replayed)", async () => ({ authorization: await signedFor(urlB) }), "jwt_audience"],
    ["carries a token that names no audience", async () => ({ authorization: await webhookToken(owner.accountId) }), "jwt_audience"],
    ["carries an expired token", async () => ({ authorization: await signedFor(urlA, { expiresIn: -600 }) }), "jwt_expired"],
    [
      "carries a token of another account (cross-account)",
      async () => ({ authorization: await webhookToken(other.accountId, { audience: urlA }) }),
      "jwt_account_mismatch",
    ],
    ["carries a token signed with another algorithm", async () => ({ authorization: await signedFor(urlA, { alg: "HS512" }) }), "jwt_algorithm"],
    [
      "carries an unsigned token (alg none)",
      async () => ({
        authorization: `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ accountId: 6001, aud: urlA })).toString("base64url")}.`,
      }),
      "jwt_algorithm",
    ],
  ];
  it.each(refusals)("When an event %s, then it is refused with 401 and nothing is stored", async (_what, headers, code) => {
    const before = await stored();
    const res = await postJson<{ error: { code: string; message: string } }>(urlA, event(), await headers());
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe(code);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts/);
    expect(await stored()).toBe(before);
  });

  it("When a body is not JSON, not JSON by its content type, too large, or an event without its trigger id, then 400, 415, 413 and 400 with nothing stored", async () => {
    const before = await stored();
    const auth = { authorization: await signedFor(urlA) };
    const notJson = await request<{ error: { code: string } }>(urlA, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth },
      body: "{not json",
    });
    expect([notJson.status, notJson.body.error.code]).toEqual([400, "malformed_json"]);
    const text = await request(urlA, { method: "POST", headers: { "content-type": "text/plain", ...auth }, body: JSON.stringify(event()) });
    expect(text.status).toBe(415);
    const big = await postJson(urlA, { event: { ...event().event, padding: "x".repeat(1024 * 1024 + 10) } }, auth);
    expect(big.status).toBe(413);
    const { triggerUuid: _dropped, ...noTrigger } = event().event;
    const invalid = await postJson<{ error: { code: string; message: string } }>(urlA, { event: noTrigger }, auth);
    expect([invalid.status, invalid.body.error.code]).toEqual([400, "invalid_body"]);
    expect(invalid.body.error.message).toContain("triggerUuid");
    expect(await stored()).toBe(before);
  });

  it("When a webhook was deleted, then deliveries to its URL are refused with 410 and nothing is stored", async () => {
    const gone = (await createWebhook(world.hb.url, owner, "700", { event: "item_archived" })).body;
    const url = world.monday.boards.webhooks.get(gone.mondayWebhookId!)!.url;
    expect((await deleteWebhook(world.hb.url, owner, "700", gone.id)).status).toBe(204);
    const before = await stored();
    const res = await postJson<{ error: { code: string } }>(url, event(), { authorization: await signedFor(url) });
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe("webhook_gone");
    expect(await stored()).toBe(before);
  });

  it("When a webhook that has been receiving is deleted by another process, then its next delivery is refused with 410 and nothing is stored", async () => {
    const hook = (await createWebhook(world.hb.url, owner, "700", { event: "change_name" })).body;
    const url = world.monday.boards.webhooks.get(hook.mondayWebhookId!)!.url;
    expect((await postJson(url, event(), { authorization: await signedFor(url) })).status).toBe(200);
    // another process's delete: only the database knows
    await world.hb.hookboard.db.prisma.boardWebhook.update({ where: { id: hook.id }, data: { state: "deleted", deletedAt: new Date() } });
    const before = await stored();
    const res = await postJson<{ error: { code: string } }>(url, event(), { authorization: await signedFor(url) });
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe("webhook_gone");
    expect(await stored()).toBe(before);
  });
});
