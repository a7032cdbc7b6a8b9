// When monday stops accepting the account's token (a scope missing, a token revoked), the board view
// is told to reconnect and /api/me says so; connecting again with every permission ends it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { apiGet } from "../helpers/http.ts";
import { connect, createWebhook, listWebhooks, startHookboardWithMonday, type HookboardWithMonday } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { connectThroughBrowser } from "../../server/test-kit/monday/oauth.ts";

const kinds = await databaseKinds();
const cases = kinds.flatMap((kind) => (["legacy", "oauth2.1"] as const).map((flow) => [kind, flow] as const));

interface Me {
  oauth: { connected: boolean; scopes: string[]; needsReconnect: boolean };
}

describe.each(cases)("reconnecting on %s with the %s flow", (kind, flow) => {
  let world: HookboardWithMonday;
  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind, flow });
  });
  afterAll(() => world.stop());

  const me = async (user: { accountId: string; userId: string }) => (await apiGet<Me>(world.hb.url, "/api/me", user)).body.oauth;

  it("When the user approved without permission to write webhooks, then creating one says to reconnect, /api/me shows it, and connecting again with every permission ends it", async () => {
    const user = { accountId: "9701", userId: "71" };
    world.monday.boards.addBoard(user.accountId, "97010");
    world.monday.oauth.grantScopes = ["me:read", "boards:read", "webhooks:read"];
    await connect(world, user);
    world.monday.oauth.grantScopes = null;
    expect(await me(user)).toEqual({ connected: true, scopes: ["me:read", "boards:read", "webhooks:read"], needsReconnect: false });

    const refused = await createWebhook(world.hb.url, user, "97010", { event: "create_item" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("oauth_reconnect_required");
    expect(refused.body.error.message).toMatch(/connect Hookboard to monday again/);
    expect(await me(user)).toMatchObject({ connected: false, needsReconnect: true });
    // the list is Hookboard's own records, and this user was seen on the board moments ago
    expect((await listWebhooks(world.hb.url, user, "97010")).status).toBe(200);

    await connect(world, user);
    expect(await me(user)).toEqual({ connected: true, scopes: ["me:read", "boards:read", "webhooks:read", "webhooks:write"], needsReconnect: false });
    expect((await createWebhook(world.hb.url, user, "97010", { event: "create_item" })).status).toBe(201);
  });

  it("When monday no longer accepts the account's token at all, then the board view is told to reconnect", async () => {
    const user = { accountId: "9702", userId: "72" };
    world.monday.boards.addBoard(user.accountId, "97020");
    await connect(world, user);
    // revoked at monday: every access token, and every refresh token of the account
    for (const t of world.monday.oauth.accessTokens.values()) if (t.accountId === user.accountId) t.revoked = true;
    for (const t of world.monday.oauth.refreshTokens.values()) if (t.accountId === user.accountId) t.revoked = true;

    const res = await listWebhooks(world.hb.url, user, "97020");
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("oauth_reconnect_required");
    expect(await me(user)).toMatchObject({ connected: false, needsReconnect: true });
    if (flow === "oauth2.1") expect(world.monday.oauth.refreshRequests().length).toBeGreaterThan(0);
  });

  it("When the user approved without permission to read their monday user, then the callback refuses with 400 and nothing is stored", async () => {
    const user = { accountId: "9703", userId: "73" };
    world.monday.oauth.signedIn = user;
    world.monday.oauth.grantScopes = ["boards:read", "webhooks:read", "webhooks:write"];
    const visit = await connectThroughBrowser(world.hb.url, user);
    world.monday.oauth.grantScopes = null;
    expect(visit.status).toBe(400);
    expect(visit.page).toContain("approve them all");
    expect(await world.hb.hookboard.db.prisma.oAuthToken.count({ where: { accountId: user.accountId } })).toBe(0);
  });
});
