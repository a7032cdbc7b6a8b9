// Connecting an account to monday through OAuth, in both flows: the authorize request Hookboard
// sends, the page the window ends on, what is stored, and every way a callback is refused with
// nothing stored (state unknown, reused, expired or missing; access denied; another account).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { apiGet, request } from "../helpers/http.ts";
import { startHookboardWithMonday, type HookboardWithMonday } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { connectThroughBrowser, openCallback } from "../../server/test-kit/monday/oauth.ts";
import { sessionToken, TEST_SECRETS } from "../../server/test-kit/monday-tokens.ts";

const kinds = await databaseKinds();
const cases = kinds.flatMap((kind) => (["legacy", "oauth2.1"] as const).map((flow) => [kind, flow] as const));

interface Me {
  oauth: { connected: boolean; scopes: string[]; needsReconnect: boolean };
}

describe.each(cases)("connecting to monday on %s with the %s flow", (kind, flow) => {
  let world: HookboardWithMonday;
  let n = 0;
  // a fresh account per test, signed in at monday as itself
  let user: { accountId: string; userId: string };

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind, flow });
  });
  afterAll(() => world.stop());
  beforeEach(() => {
    n++;
    user = { accountId: String(9100 + n), userId: String(9200 + n) };
    world.monday.oauth.signedIn = { ...user };
    world.monday.oauth.grantScopes = null;
  });

  const prisma = () => world.hb.hookboard.db.prisma;
  const tokenRows = () => prisma().oAuthToken.findMany({ where: { accountId: user.accountId } });
  const tokenExchanges = () => world.monday.standin.requests.filter((r) => r.path === (flow === "legacy" ? "/oauth2/token" : "/oauth_ms/oauth/token")).length;

  it("When a user connects from the board view, then monday is asked for Hookboard's scopes, the window ends on a page saying it worked, and the token is stored for the account and user", async () => {
    const visit = await connectThroughBrowser(world.hb.url, user);
    expect(visit.status).toBe(200);
    expect(visit.page).toContain("It worked");
    expect(visit.page).toContain("You can close this window");
    expect(visit.page).toContain(`window.opener.postMessage({"type":"hookboard:oauth","ok":true,"code":null}, ${JSON.stringify(world.hb.url)})`);

    const authorize = world.monday.standin.requests.filter((r) => r.path === "/oauth2/authorize").at(-1)!;
    expect(authorize.query.get("client_id")).toBe(TEST_SECRETS.clientId);
    expect(authorize.query.get("redirect_uri")).toBe(`${world.hb.url}/oauth/callback`);
    expect(authorize.query.get("scope")).toBe("me:read boards:read webhooks:read webhooks:write");
    expect(authorize.query.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    if (flow === "oauth2.1") {
      expect(authorize.query.get("code_challenge_method")).toBe("S256");
      expect(authorize.query.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    } else {
      expect(authorize.query.get("code_challenge")).toBeNull();
    }

    const [row, ...more] = await tokenRows();
    expect(more).toHaveLength(0);
    expect(row).toMatchObject({
      accountId: user.accountId,
      userId: user.userId,
      flow,
      scopes: "me:read boards:read webhooks:read webhooks:write",
      needsReconnect: false,
    });
    if (flow === "legacy") {
      expect(row!.expiresAt).toBeNull();
      expect(row!.refreshToken).toBeNull();
    } else {
      expect(row!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
      expect(row!.refreshToken).not.toBeNull();
    }
    const me = await apiGet<Me>(world.hb.url, "/api/me", user);
    expect(me.body.oauth).toEqual({ connected: true, scopes: ["me:read", "boards:read", "webhooks:read", "webhooks:write"], needsReconnect: false });
  });

  it("When the callback is opened a second time with the same state, then it is refused with 400 and nothing more is stored or exchanged", async () => {
    const first = await connectThroughBrowser(world.hb.url, user);
    expect(first.status).toBe(200);
    const before = { rows: await tokenRows(), exchanges: tokenExchanges() };

    const again = await openCallback(first.callbackUrl!, "program");
    expect(again.status).toBe(400);
    expect(JSON.parse(again.text).error).toEqual({
      code: "invalid_state",
      message: "This sign-in link was already used; start connecting again from the board view",
    });
    expect(await tokenRows()).toEqual(before.rows);
    expect(tokenExchanges()).toBe(before.exchanges);
  });

  it("When the callback carries a state Hookboard never issued, or none, then 400 and nothing is stored", async () => {
    const started = await connectThroughBrowser(world.hb.url, user, { stopAtCallback: true });
    const forged = new URL(started.callbackUrl!);
    forged.searchParams.set("state", "A".repeat(43));
    const unknown = await openCallback(forged.toString(), "program");
    expect([unknown.status, JSON.parse(unknown.text).error.code]).toEqual([400, "invalid_state"]);
    forged.searchParams.delete("state");
    const none = await openCallback(forged.toString(), "program");
    expect([none.status, JSON.parse(none.text).error.code]).toEqual([400, "invalid_state"]);
    expect(await tokenRows()).toEqual([]);
  });

  it("When the callback comes after the state's 10 minutes, then 400 and nothing is stored", async () => {
    const started = await connectThroughBrowser(world.hb.url, user, { stopAtCallback: true });
    const exchanges = tokenExchanges();
    // the user left the consent page open for more than ten minutes
    await prisma().oAuthState.updateMany({ where: { accountId: user.accountId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await openCallback(started.callbackUrl!, "browser");
    expect(late.status).toBe(400);
    expect(late.contentType).toContain("text/html");
    expect(late.text).toContain("has expired");
    expect(late.text).toContain('"ok":false');
    expect(await tokenRows()).toEqual([]);
    expect(tokenExchanges()).toBe(exchanges);
  });

  it("When the user declines at monday, then the page says so with 400 and nothing is stored", async () => {
    world.monday.oauth.denyNext = true;
    const visit = await connectThroughBrowser(world.hb.url, user);
    expect(visit.status).toBe(400);
    expect(visit.page).toContain("monday did not grant access");
    expect(await tokenRows()).toEqual([]);
    expect((await apiGet<Me>(world.hb.url, "/api/me", user)).body.oauth.connected).toBe(false);
  });

  it("When the user approves while signed in to another monday account, then 400 says so and nothing is stored for either account", async () => {
    world.monday.oauth.signedIn = { accountId: "9999999", userId: "1" };
    const visit = await connectThroughBrowser(world.hb.url, user);
    expect(visit.status).toBe(400);
    expect(visit.page).toContain("another monday account");
    expect(await prisma().oAuthToken.count({ where: { accountId: { in: [user.accountId, "9999999"] } } })).toBe(0);
    if (flow === "oauth2.1") {
      // the unusable grant is not left valid at monday
      const issued = [...world.monday.oauth.accessTokens.values()].filter((t) => t.accountId === "9999999");
      expect(issued.length).toBeGreaterThan(0);
      expect(issued.every((t) => t.revoked)).toBe(true);
    }
  });

  it("When /oauth/start is asked without a valid sessionToken, then 401 and no state is stored", async () => {
    const states = await prisma().oAuthState.count();
    const res = await request<{ error: { code: string } }>(`${world.hb.url}/oauth/start?sessionToken=not-a-token`, { redirect: "manual" });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("jwt_malformed");
    const none = await request(`${world.hb.url}/oauth/start`, { redirect: "manual" });
    expect(none.status).toBe(401);
    const posted = await request<{ error: { code: string } }>(`${world.hb.url}/oauth/start`, { method: "POST", headers: { authorization: "not-a-token" } });
    expect(posted.status).toBe(401);
    expect((await request(`${world.hb.url}/oauth/start`, { method: "POST" })).status).toBe(401);
    expect(await prisma().oAuthState.count()).toBe(states);
  });

  it("When the board view starts connecting, then its sessionToken travels only in a header: the address it opens holds a one-time state and no token", async () => {
    const token = await sessionToken(user);
    const res = await request<{ url: string }>(`${world.hb.url}/oauth/start`, { method: "POST", headers: { authorization: token } });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const consent = new URL(res.body.url);
    expect(`${consent.origin}${consent.pathname}`).toBe(`${world.monday.standin.url}/oauth2/authorize`);
    expect(res.body.url).not.toContain(token);
    expect(res.body.url).not.toContain(token.split(".")[1]!);
    expect(consent.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // stored hashed: the state in the address is not in the database
    const rows = await prisma().oAuthState.findMany({ where: { accountId: user.accountId } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(consent.searchParams.get("state")!);

    // the address works once: the callback uses the state up
    const visit = await connectThroughBrowser(world.hb.url, user, { stopAtCallback: true });
    expect(visit.visited.some((u) => u.includes("sessionToken"))).toBe(false);
    expect((await openCallback(visit.callbackUrl!)).status).toBe(200);
    expect((await openCallback(visit.callbackUrl!)).status).toBe(400);
  });

  it("When a view built before opens /oauth/start?sessionToken=…, then it still redirects to monday and the token in its URL is not passed on as a referrer", async () => {
    const res = await fetch(`${world.hb.url}/oauth/start?sessionToken=${encodeURIComponent(await sessionToken(user))}`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("location")!.startsWith(`${world.monday.standin.url}/oauth2/authorize?`)).toBe(true);
  });
});
