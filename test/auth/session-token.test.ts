// The board view's sessionToken check on its own (the HTTP tests go through it on every /api call):
// only the Client Secret, an expiry, no audience, every identity claim monday puts in one, and a
// user's rights only as monday states them.
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { MondayJwtError } from "../../server/auth/monday-jwt.ts";
import { requireSession, sessionOf, verifySessionToken } from "../../server/auth/session-token.ts";
import { loadConfig } from "../../server/config/config.ts";
import { HttpError } from "../../server/http/http-error.ts";
import { datToken, sessionToken, TEST_SECRETS } from "../../server/test-kit/monday-tokens.ts";
import { testEnv } from "../helpers/hookboard-server.ts";

const config = loadConfig(testEnv({ PUBLIC_URL: "http://127.0.0.1:1", DATABASE_URL: "file:./data/unused-session-token-test.db" }));

const identity = { client_id: TEST_SECRETS.clientId, account_id: 12345, user_id: 67, app_id: 10000001 };
const rights = { is_admin: false, is_view_only: false, is_guest: false, user_kind: "member" };
const session = (dat: Record<string, unknown>, options: { audience?: string; secret?: string } = {}) =>
  datToken(dat, { secret: TEST_SECRETS.clientSecret, ...options });

async function refusal(token: string | null): Promise<MondayJwtError> {
  const error = await verifySessionToken(config, token).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MondayJwtError);
  return error as MondayJwtError;
}

describe("verifySessionToken", () => {
  it("When a member's sessionToken is verified, then the session names their account, user and app, and they may edit but are no admin", async () => {
    const exp = Math.floor(Date.now() / 1000) + 300;
    const s = await verifySessionToken(config, await session({ ...identity, ...rights }));
    expect(s).toEqual({ accountId: "12345", userId: "67", appId: "10000001", isAdmin: false, canEdit: true, expiresAt: expect.any(Date) });
    expect(Math.abs(s.expiresAt!.getTime() / 1000 - exp)).toBeLessThanOrEqual(1);
  });

  it("When monday says the user is an admin, then the session is an admin's; anything but true is not", async () => {
    expect((await verifySessionToken(config, await session({ ...identity, ...rights, is_admin: true }))).isAdmin).toBe(true);
    expect((await verifySessionToken(config, await session({ ...identity, ...rights, is_admin: "true" }))).isAdmin).toBe(false);
    expect((await verifySessionToken(config, await session({ ...identity, ...rights, is_admin: 1 }))).isAdmin).toBe(false);
  });

  it.each([
    ["a viewer (is_view_only)", { is_view_only: true }],
    ["a guest (is_guest)", { is_guest: true }],
    ["a token that does not say whether the user is view-only", { is_view_only: undefined }],
    ["a token that does not say whether the user is a guest", { is_guest: undefined }],
    ["user_kind guest", { user_kind: "guest" }],
    ["user_kind view_only", { user_kind: "view_only" }],
    ["user_kind viewer", { user_kind: "viewer" }],
  ])("When the sessionToken is %s's, then the user may not edit", async (_case, change) => {
    expect((await verifySessionToken(config, await session({ ...identity, ...rights, ...change }))).canEdit).toBe(false);
  });

  it("When user_kind is not a string or is a kind that may edit, then only the two flags decide", async () => {
    expect((await verifySessionToken(config, await session({ ...identity, ...rights, user_kind: ["viewer"] }))).canEdit).toBe(true);
    expect((await verifySessionToken(config, await session({ ...identity, ...rights, user_kind: "admin" }))).canEdit).toBe(true);
  });

  it.each(["client_id", "account_id", "user_id", "app_id"])(
    "When the sessionToken lacks %s (absent, null or empty), then it is refused as not a session",
    async (claim) => {
      for (const value of [undefined, null, ""]) {
        const error = await refusal(await session({ ...identity, ...rights, [claim]: value }));
        expect(error.reason).toBe("claims");
        // without an account monday-jwt refuses it already ("token names no account")
        expect(error.message).toMatch(claim === "account_id" ? /no account/ : /not a board view sessionToken/);
      }
    },
  );

  it.each(["user_id", "app_id"])("When the sessionToken's %s is no id, then it is refused as not a session", async (claim) => {
    const error = await refusal(await session({ ...identity, ...rights, [claim]: { id: 1 } }));
    expect(error).toMatchObject({ reason: "claims", message: "not a board view sessionToken" });
  });

  it("When the token names an audience (a webhook token signed with the Client Secret), then it is not a session", async () => {
    expect((await refusal(await session({ ...identity, ...rights }, { audience: "http://127.0.0.1:1/webhooks/lifecycle" }))).reason).toBe("claims");
  });

  it("When the token has no dat claims or dat is not an object, then it is not a session", async () => {
    const noDat = await new SignJWT({ accountId: 1, userId: 2 })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(TEST_SECRETS.clientSecret));
    expect((await refusal(noDat)).reason).toBe("claims");
    const arrayDat = await new SignJWT({ dat: [identity] })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(TEST_SECRETS.clientSecret));
    expect((await refusal(arrayDat)).reason).toBe("claims");
  });

  it("When the token has no expiry, then it is refused: a session must end", async () => {
    const forever = await new SignJWT({ dat: { ...identity, ...rights } })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(TEST_SECRETS.clientSecret));
    const error = await refusal(forever);
    expect(error.reason).toBe("claims");
    expect(error.message).toMatch(/"exp"/);
  });

  it("When the token is signed with the Signing Secret, then it is no session: only the Client Secret signs those", async () => {
    expect((await refusal(await session({ ...identity, ...rights }, { secret: TEST_SECRETS.signingSecret }))).reason).toBe("signature");
  });

  it("When there is no token, then it is refused as missing", async () => {
    expect((await refusal(null)).reason).toBe("missing");
  });
});

describe("requireSession", () => {
  const run = async (authorization: string | undefined) => {
    const req = { get: (name: string) => (name.toLowerCase() === "authorization" ? authorization : undefined) } as {
      get(name: string): string | undefined;
      session?: unknown;
    };
    const passed = await new Promise<unknown>((resolve) => {
      void requireSession(config)(req as never, {} as never, resolve);
    });
    return { req, passed };
  };

  it("When the Authorization header holds a sessionToken, then the request carries the session and goes on", async () => {
    const { req, passed } = await run(await sessionToken({ accountId: 8001, userId: 81, isAdmin: true }));
    expect(passed).toBeUndefined();
    expect(sessionOf(req as never)).toMatchObject({ accountId: "8001", userId: "81", isAdmin: true, canEdit: true });
  });

  it("When the header is missing or holds a webhook token, then the request is refused with 401 and no session", async () => {
    for (const header of [undefined, await datToken({ account_id: 1, user_id: 2 }, { secret: TEST_SECRETS.clientSecret })]) {
      const { req, passed } = await run(header);
      expect(passed).toBeInstanceOf(HttpError);
      expect((passed as HttpError).status).toBe(401);
      expect(req.session).toBeUndefined();
    }
  });

  it("When a route reads the session without requireSession before it, then it fails loudly", () => {
    expect(() => sessionOf({})).toThrow(/not behind requireSession/);
  });
});
