// Each user acts on boards with their own monday connection: an OAuth token carries its user's
// rights (private boards, roles). An account admin may use the account's connection (an admin's);
// a member with neither is asked to connect; viewers, guests and sessions without role flags change
// nothing and cannot connect; only real board view sessionTokens reach the board view API.
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { apiGet, request } from "../helpers/http.ts";
import { connect, createWebhook, listWebhooks, startHookboardWithMonday, type HookboardWithMonday } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { connectThroughBrowser } from "../../server/test-kit/monday/oauth.ts";
import { datToken, sessionToken, TEST_SECRETS, webhookToken } from "../../server/test-kit/monday-tokens.ts";

const kinds = await databaseKinds();

describe.each(kinds)("whose authority board actions use, on %s", (kind) => {
  const account = "7101";
  const admin = { accountId: account, userId: "711", isAdmin: true };
  const member = { accountId: account, userId: "712", isAdmin: false };
  const otherAdmin = { accountId: account, userId: "713", isAdmin: true };
  const viewer = { accountId: account, userId: "714", isAdmin: false, isViewOnly: true };
  const guest = { accountId: account, userId: "715", isAdmin: false, isGuest: true };
  const shared = "1101";
  // a private board only the admin is a member of
  const adminsPrivate = "1102";
  let world: HookboardWithMonday;

  const prisma = () => world.hb.hookboard.db.prisma;
  const mondayChanges = () => world.monday.standin.calls("create_webhook").length + world.monday.standin.calls("delete_webhook").length;
  /** a sessionToken's `dat` as monday puts it in, with changes */
  const dat = (changes: Record<string, unknown>, drop: string[] = []) => {
    const base: Record<string, unknown> = {
      client_id: TEST_SECRETS.clientId,
      account_id: Number(account),
      user_id: 716,
      slug: "demo",
      app_id: 10000001,
      app_version_id: 10000002,
      install_id: 10000003,
      is_admin: false,
      is_view_only: false,
      is_guest: false,
      user_kind: "member",
      ...changes,
    };
    for (const claim of drop) delete base[claim];
    return base;
  };
  const asClient = (claims: Record<string, unknown>) => datToken(claims, { secret: TEST_SECRETS.clientSecret });

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind });
    world.monday.boards.addBoard(account, shared).addBoard(account, adminsPrivate, { onlyUsers: [admin.userId] });
    await connect(world, admin);
  });
  afterAll(() => world.stop());

  it("When a member who never connected acts on a board, then 409 oauth_required for them, while an admin who never connected succeeds with the account's connection", async () => {
    const before = mondayChanges();
    const listed = await listWebhooks(world.hb.url, member, shared);
    expect(listed.status).toBe(409);
    expect(listed.body.error.code).toBe("oauth_required");
    const created = await createWebhook(world.hb.url, member, shared, { event: "create_item" });
    expect(created.status).toBe(409);
    expect(created.body.error.code).toBe("oauth_required");
    expect((await request(`${world.hb.url}/api/deliveries?boardId=${shared}`, { headers: { authorization: await sessionToken(member) } })).status).toBe(409);
    expect(mondayChanges()).toBe(before);
    expect(await prisma().boardWebhook.count({ where: { createdByUserId: member.userId } })).toBe(0);

    const byAdmin = await createWebhook(world.hb.url, otherAdmin, shared, { event: "create_item" });
    expect(byAdmin.status).toBe(201);
    expect((await listWebhooks(world.hb.url, otherAdmin, shared)).body.webhooks.map((w) => w.id)).toContain(byAdmin.body.id);
  });

  it("When a member and an admin ask /api/me, then each sees the connection they act with", async () => {
    const forMember = await apiGet<{ oauth: { connected: boolean }; user: unknown }>(world.hb.url, "/api/me", member);
    expect(forMember.body.oauth.connected).toBe(false);
    expect(forMember.body.user).toEqual({ id: member.userId, isAdmin: false, canEdit: true });
    const forAdmin = await apiGet<{ oauth: { connected: boolean }; user: unknown }>(world.hb.url, "/api/me", otherAdmin);
    expect(forAdmin.body.oauth.connected).toBe(true);
    expect(forAdmin.body.user).toEqual({ id: otherAdmin.userId, isAdmin: true, canEdit: true });
  });

  it("When the member connects their own monday user, then board checks ask monday with the member's rights: the admin's private board is not theirs", async () => {
    await connect(world, member);
    const rows = await prisma().oAuthToken.findMany({ where: { accountId: account }, select: { userId: true, isAdmin: true }, orderBy: { userId: "asc" } });
    expect(rows).toEqual([
      { userId: admin.userId, isAdmin: true },
      { userId: member.userId, isAdmin: false },
    ]);
    expect((await listWebhooks(world.hb.url, member, shared)).status).toBe(200);
    const privateToMember = await listWebhooks(world.hb.url, member, adminsPrivate);
    expect(privateToMember.status).toBe(404);
    expect(privateToMember.body.error.code).toBe("board_not_found");
    expect((await createWebhook(world.hb.url, member, adminsPrivate, { event: "create_item" })).status).toBe(404);
    // the admin, with the admin's own rights, sees it
    expect((await listWebhooks(world.hb.url, admin, adminsPrivate)).status).toBe(200);
  });

  it("When a member asks for the deliveries of every board at once, then 403; an admin gets them, and the member gets a board they can see", async () => {
    const all = await apiGet<{ error: { code: string; message: string } }>(world.hb.url, "/api/deliveries", member);
    expect(all).toMatchObject({
      status: 403,
      body: { error: { code: "forbidden", message: "Deliveries of every board are for account admins; name a board with boardId" } },
    });
    expect((await apiGet(world.hb.url, "/api/deliveries", admin)).status).toBe(200);
    expect((await apiGet(world.hb.url, `/api/deliveries?boardId=${shared}`, member)).status).toBe(200);
  });

  it.each([
    ["a viewer", viewer],
    ["a guest", guest],
  ])("When %s starts connecting, then 403 and no OAuth state is stored", async (_who, user) => {
    const states = await prisma().oAuthState.count();
    const visit = await connectThroughBrowser(world.hb.url, user);
    expect(visit.status).toBe(403);
    expect(JSON.parse(visit.page)).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
    const legacy = await fetch(`${world.hb.url}/oauth/start?sessionToken=${encodeURIComponent(await sessionToken(user))}`, { redirect: "manual" });
    expect(legacy.status).toBe(403);
    expect(await prisma().oAuthState.count()).toBe(states);
  });

  it("When a sessionToken carries no role flags, then it gets a viewer's rights: it reads, but changes nothing and cannot connect", async () => {
    const roleless = await asClient(dat({ user_id: 711, is_admin: true }, ["is_view_only", "is_guest", "user_kind"]));
    const me = await request<{ user: unknown }>(`${world.hb.url}/api/me`, { headers: { authorization: roleless } });
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual({ id: "711", isAdmin: true, canEdit: false });
    const before = mondayChanges();
    const created = await request<{ error: { code: string } }>(`${world.hb.url}/api/boards/${shared}/webhooks`, {
      method: "POST",
      headers: { authorization: roleless, "content-type": "application/json" },
      body: JSON.stringify({ event: "create_update" }),
    });
    expect(created.status).toBe(403);
    const started = await request(`${world.hb.url}/oauth/start`, { method: "POST", headers: { authorization: roleless } });
    expect(started.status).toBe(403);
    expect(mondayChanges()).toBe(before);
  });

  it.each([
    ["a Client Secret token with a webhook's top-level claims", () => webhookToken(account, { secret: TEST_SECRETS.clientSecret, userId: 711 })],
    [
      "a Client Secret token with a feature event's dat",
      () => asClient({ account_id: Number(account), user_id: 711, short_lived_token: "short-lived", app_id: 10000001 }),
    ],
    ["a sessionToken without app_id", () => asClient(dat({ user_id: 711 }, ["app_id"]))],
    ["a sessionToken without client_id", () => asClient(dat({ user_id: 711 }, ["client_id"]))],
    ["a sessionToken without user_id", () => asClient(dat({}, ["user_id"]))],
    [
      "sessionToken claims with an audience",
      () =>
        new SignJWT({ dat: dat({ user_id: 711, is_admin: true }), aud: `${world.hb.url}/webhooks/lifecycle` })
          .setProtectedHeader({ alg: "HS256" })
          .setIssuedAt()
          .setExpirationTime("5m")
          .sign(new TextEncoder().encode(TEST_SECRETS.clientSecret)),
    ],
  ])("When the board view API gets %s, then 401 jwt_claims and nothing is stored", async (_what, token) => {
    const states = await prisma().oAuthState.count();
    for (const [method, path] of [
      ["GET", "/api/me"],
      ["GET", `/api/boards/${shared}/webhooks`],
      ["POST", "/oauth/start"],
    ] as const) {
      const res = await request<{ error: { code: string } }>(`${world.hb.url}${path}`, { method, headers: { authorization: await token() } });
      expect([path, res.status, res.body.error?.code]).toEqual([path, 401, "jwt_claims"]);
    }
    expect(await prisma().oAuthState.count()).toBe(states);
  });

  it("When a member starts connecting but approves as another monday user, then 400 user_mismatch and no token is stored for either", async () => {
    const newcomer = { accountId: account, userId: "717", isAdmin: false };
    world.monday.oauth.signedIn = { accountId: account, userId: admin.userId };
    const tokensBefore = await prisma().oAuthToken.findMany({ select: { id: true, version: true } });
    const visit = await connectThroughBrowser(world.hb.url, newcomer);
    expect(visit.status).toBe(400);
    expect(visit.page).toContain("user_mismatch");
    expect(await prisma().oAuthToken.findMany({ select: { id: true, version: true } })).toEqual(tokensBefore);
  });
});
