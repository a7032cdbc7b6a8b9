// OAuth 2.1 tokens expire and their refresh tokens work once. Hookboard refreshes before expiry and
// once after a 401, stores the rotated pair at once, and when two requests (in two processes) need
// a refresh together, monday sees one refresh and one valid refresh token stays stored.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TokenCipher } from "../../server/oauth/token-cipher.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { connect, listWebhooks, startHookboardWithMonday, type HookboardWithMonday } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { TEST_SECRETS } from "../../server/test-kit/monday-tokens.ts";

const kinds = await databaseKinds();
const cipher = new TokenCipher(Buffer.from(TEST_SECRETS.tokenEncryptionKey, "base64"));

describe.each(kinds)("refreshing OAuth 2.1 tokens on %s", (kind) => {
  let world: HookboardWithMonday;
  let second: RunningHookboard;
  let n = 0;
  let user: { accountId: string; userId: string };
  const board = () => `77${user.accountId}`;

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind, flow: "oauth2.1" });
    // a second Hookboard process on the same database (as on PostgreSQL in production)
    second = await startHookboard({ kind, database: world.hb.database, env: world.monday.env("oauth2.1") });
  });
  afterAll(async () => {
    await second.stop();
    await world.stop();
  });
  beforeEach(async () => {
    n++;
    user = { accountId: String(9500 + n), userId: String(9600 + n) };
    world.monday.boards.addBoard(user.accountId, board());
    world.monday.oauth.refreshDelayMs = 0;
  });

  const stored = () => world.hb.hookboard.db.prisma.oAuthToken.findFirstOrThrow({ where: { accountId: user.accountId } });
  const refreshesOf = () =>
    world.monday.oauth
      .refreshRequests()
      .filter((r) => world.monday.oauth.refreshTokens.get(String((r.json as { refresh_token?: string }).refresh_token))?.accountId === user.accountId);
  const validAtMonday = () => world.monday.oauth.validRefreshTokens().filter((t) => world.monday.oauth.refreshTokens.get(t)!.accountId === user.accountId);
  /** connects with an access token that has only `ttl` seconds left; later tokens live an hour */
  const connectExpiringIn = async (ttl: number) => {
    world.monday.oauth.accessTokenTtlSeconds = ttl;
    await connect(world, user);
    world.monday.oauth.accessTokenTtlSeconds = 3600;
  };

  it("When the access token has less than five minutes left, then it is refreshed before use and the new pair replaces the old at once", async () => {
    await connectExpiringIn(120);
    const before = await stored();
    expect((await listWebhooks(world.hb.url, user, board())).status).toBe(200);

    expect(refreshesOf()).toHaveLength(1);
    const after = await stored();
    expect(after.version).toBe(before.version + 1);
    expect(after.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(validAtMonday()).toEqual([cipher.decrypt(after.refreshToken!, user.accountId)]);
    // the request went out with the new access token
    const used = world.monday.standin.calls("boards").at(-1)!.ctx.token!;
    expect(used).toBe(cipher.decrypt(after.accessToken, user.accountId));
  });

  it("When monday answers 401 to a token Hookboard thought valid, then it refreshes once and the request succeeds", async () => {
    await connectExpiringIn(3600);
    world.monday.oauth.expireAccessTokens();
    const res = await listWebhooks(world.hb.url, user, board());
    expect(res.status).toBe(200);
    expect(refreshesOf()).toHaveLength(1);
    expect(validAtMonday()).toEqual([cipher.decrypt((await stored()).refreshToken!, user.accountId)]);
  });

  it("When two processes need a refresh at the same moment, then monday sees a single refresh, every request succeeds and exactly one valid refresh token is stored", async () => {
    await connectExpiringIn(120);
    world.monday.oauth.refreshDelayMs = 300;
    const answers = await Promise.all([
      listWebhooks(world.hb.url, user, board()),
      listWebhooks(second.url, user, board()),
      listWebhooks(world.hb.url, user, board()),
      listWebhooks(second.url, user, board()),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(refreshesOf()).toHaveLength(1);

    const rows = await world.hb.hookboard.db.prisma.oAuthToken.findMany({ where: { accountId: user.accountId } });
    expect(rows).toHaveLength(1);
    const valid = validAtMonday();
    expect(valid).toHaveLength(1);
    expect(cipher.decrypt(rows[0]!.refreshToken!, user.accountId)).toBe(valid[0]);
    expect(rows[0]!.refreshLeaseUntil).toBeNull();
    // and the stored pair keeps working
    world.monday.oauth.expireAccessTokens();
    expect((await listWebhooks(second.url, user, board())).status).toBe(200);
  });
});
