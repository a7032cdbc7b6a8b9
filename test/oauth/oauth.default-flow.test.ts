// OAuth 2.1 is the flow a Hookboard started without MONDAY_OAUTH_FLOW speaks (monday gives every new
// app OAuth 2.1): connecting proves PKCE to monday, an expiring token is refreshed and rotated, and
// uninstalling revokes the tokens at monday. Only the stand-in's addresses are configured here.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenCipher } from "../../server/oauth/token-cipher.ts";
import { startBoardsMonday, type BoardsMonday } from "../../server/test-kit/monday/webhooks.ts";
import { TEST_SECRETS } from "../../server/test-kit/monday-tokens.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually, startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { connect, listWebhooks } from "../helpers/monday-standin/hookboard-with-monday.ts";

const kinds = await databaseKinds();
const cipher = new TokenCipher(Buffer.from(TEST_SECRETS.tokenEncryptionKey, "base64"));

describe.each(kinds)("the default OAuth flow on %s", (kind) => {
  let monday: BoardsMonday;
  let hb: RunningHookboard;
  const user = { accountId: "9810001", userId: "981" };
  const board = "9810100";

  beforeAll(async () => {
    monday = await startBoardsMonday();
    monday.boards.addBoard(user.accountId, board);
    // where monday is, and nothing about the flow
    hb = await startHookboard({ kind, env: { MONDAY_API_URL: monday.standin.apiUrl, MONDAY_AUTH_URL: monday.standin.authUrl } });
  });
  afterAll(async () => {
    await hb?.stop();
    await monday?.stop();
  });

  const stored = () => hb.hookboard.db.prisma.oAuthToken.findFirstOrThrow({ where: { accountId: user.accountId } });

  it("When nothing names the flow, then connecting uses OAuth 2.1 with PKCE, a token that expires is refreshed and rotated, and uninstalling revokes the tokens at monday", async () => {
    expect(hb.hookboard.config.oauthFlow).toBe("oauth2.1");
    await sendLifecycle(hb.url, lifecycleBody("install", { accountId: Number(user.accountId), timestamp: "2026-01-01T00:00:00Z" }));

    // connecting: the authorize request carries an S256 challenge, the exchange the verifier that proves it
    monday.oauth.accessTokenTtlSeconds = 120;
    await connect({ monday, hb, stop: async () => {} }, user);
    monday.oauth.accessTokenTtlSeconds = 3600;
    const authorize = monday.standin.requests.filter((r) => r.path === "/oauth2/authorize").at(-1)!;
    expect(authorize.query.get("code_challenge_method")).toBe("S256");
    const exchange = monday.standin.requests.filter((r) => r.path === "/oauth_ms/oauth/token").at(-1)!;
    const { grant_type, code_verifier } = exchange.json as { grant_type: string; code_verifier: string };
    expect(grant_type).toBe("authorization_code");
    expect(createHash("sha256").update(code_verifier).digest("base64url")).toBe(authorize.query.get("code_challenge"));
    expect(monday.standin.requests.some((r) => r.path === "/oauth2/token")).toBe(false);
    const connected = await stored();
    expect(connected).toMatchObject({ flow: "oauth2.1", needsReconnect: false });
    expect(connected.refreshToken).not.toBeNull();

    // two minutes left: the next board call refreshes first, and the rotated pair is stored
    expect((await listWebhooks(hb.url, user, board)).status).toBe(200);
    expect(monday.oauth.refreshRequests()).toHaveLength(1);
    const refreshed = await stored();
    expect(refreshed.version).toBe(connected.version + 1);
    const access = cipher.decrypt(refreshed.accessToken, user.accountId);
    const refresh = cipher.decrypt(refreshed.refreshToken!, user.accountId);
    expect(monday.oauth.validRefreshTokens()).toEqual([refresh]);
    expect(monday.standin.calls("boards").at(-1)!.ctx.token).toBe(access);

    // uninstalling: the tokens Hookboard held are revoked at monday
    const res = await sendLifecycle(hb.url, lifecycleBody("uninstall", { accountId: Number(user.accountId), timestamp: "2026-02-01T00:00:00Z" }));
    expect(res.status).toBe(200);
    await eventually(() => monday.oauth.revokedTokens().length >= 2, 15_000, "the tokens to be revoked");
    expect(monday.oauth.revokedTokens().sort()).toEqual([access, refresh].sort());
    expect(await hb.hookboard.db.prisma.oAuthToken.count({ where: { accountId: user.accountId } })).toBe(0);
  }, 60_000);
});
