// What the one verifier of monday tokens reads out of a token it accepts, and what it says when it
// refuses one: the Authorization header's forms, both claim shapes field by field, ids as monday
// writes them, and a reason and message for each refusal.
import { SignJWT, type JWTPayload } from "jose";
import { describe, expect, it } from "vitest";
import { MondayJwtError, normaliseClaims, tokenFromAuthorization, verifyMondayJwt } from "../../server/auth/monday-jwt.ts";
import { TEST_SECRETS } from "../../server/test-kit/monday-tokens.ts";

const secrets = [
  { kind: "signing" as const, secret: TEST_SECRETS.signingSecret },
  { kind: "client" as const, secret: TEST_SECRETS.clientSecret },
];
const nowSeconds = () => Math.floor(Date.now() / 1000);

function signed(payload: JWTPayload, secret = TEST_SECRETS.signingSecret): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(secret));
}

async function refusal(token: string | null, options: Partial<Parameters<typeof verifyMondayJwt>[1]> = {}): Promise<MondayJwtError> {
  const error: unknown = await verifyMondayJwt(token, { secrets, ...options }).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof MondayJwtError)) throw new Error(`expected a MondayJwtError, got ${String(error)}`);
  return error;
}

describe("the Authorization header", () => {
  it("When it holds a bare token or 'Bearer <token>' in any case and spacing, then the token is read", () => {
    expect(tokenFromAuthorization("abc.def.ghi")).toBe("abc.def.ghi");
    expect(tokenFromAuthorization("  abc.def.ghi  ")).toBe("abc.def.ghi");
    expect(tokenFromAuthorization("Bearer abc.def.ghi")).toBe("abc.def.ghi");
    expect(tokenFromAuthorization("bearer \t abc.def.ghi ")).toBe("abc.def.ghi");
    expect(tokenFromAuthorization("BEARER abc")).toBe("abc");
  });

  it("When it is missing, empty or blank, then there is no token", () => {
    expect(tokenFromAuthorization(undefined)).toBeNull();
    expect(tokenFromAuthorization("")).toBeNull();
    expect(tokenFromAuthorization("   ")).toBeNull();
  });

  it("When 'bearer' is not the first word, then the header is taken as it is", () => {
    expect(tokenFromAuthorization("xbearer abc")).toBe("xbearer abc");
    expect(tokenFromAuthorization("Bearerabc")).toBe("Bearerabc");
  });
});

describe("the claims of an accepted token", () => {
  it("When monday writes the claims at the top level, then every field is read", () => {
    const claims = normaliseClaims(
      {
        accountId: 12,
        userId: 34,
        shortLivedToken: "slt",
        backToUrl: "https://api.monday.com/back",
        appId: 56,
        slug: "acme",
        isAdmin: true,
        isViewOnly: true,
        isGuest: true,
        userKind: "guest",
        exp: 2_000_000_000,
        iat: 1_900_000_000,
      },
      "signing",
    );
    expect(claims).toEqual({
      accountId: "12",
      userId: "34",
      shortLivedToken: "slt",
      backToUrl: "https://api.monday.com/back",
      appId: "56",
      slug: "acme",
      isAdmin: true,
      isViewOnly: true,
      isGuest: true,
      userKind: "guest",
      signedWith: "signing",
      expiresAt: new Date(2_000_000_000_000),
      issuedAt: new Date(1_900_000_000_000),
    });
  });

  it("When monday writes the claims in dat, then every field is read the same way", () => {
    const claims = normaliseClaims(
      {
        dat: {
          account_id: 12,
          user_id: 34,
          short_lived_token: "slt",
          back_to_url: "https://api.monday.com/back",
          app_id: 56,
          slug: "acme",
          is_admin: true,
          is_view_only: true,
          is_guest: true,
          user_kind: "guest",
        },
      },
      "client",
    );
    expect(claims).toEqual({
      accountId: "12",
      userId: "34",
      shortLivedToken: "slt",
      backToUrl: "https://api.monday.com/back",
      appId: "56",
      slug: "acme",
      isAdmin: true,
      isViewOnly: true,
      isGuest: true,
      userKind: "guest",
      signedWith: "client",
      expiresAt: null,
      issuedAt: null,
    });
  });

  it("When the role flags are missing or anything but true, then the user has none of them", () => {
    for (const value of [undefined, false, "true", 1]) {
      const claims = normaliseClaims({ accountId: 1, isAdmin: value, isViewOnly: value, isGuest: value }, "signing");
      expect([claims.isAdmin, claims.isViewOnly, claims.isGuest]).toEqual([false, false, false]);
      const fromDat = normaliseClaims({ dat: { account_id: 1, is_admin: value, is_view_only: value, is_guest: value } }, "client");
      expect([fromDat.isAdmin, fromDat.isViewOnly, fromDat.isGuest]).toEqual([false, false, false]);
    }
  });

  it("When ids arrive as numbers or as strings with spaces, then they are the same id", () => {
    expect(normaliseClaims({ accountId: " 12 ", userId: "34" }, "signing")).toMatchObject({ accountId: "12", userId: "34" });
    expect(normaliseClaims({ dat: { account_id: "12", user_id: 34, app_id: " 56 " } }, "client")).toMatchObject({ accountId: "12", userId: "34", appId: "56" });
  });

  it("When an id is blank, not a number or too large for JSON's numbers, then it is absent", () => {
    expect(normaliseClaims({ accountId: 1, userId: "   " }, "signing").userId).toBeNull();
    expect(normaliseClaims({ accountId: 1, userId: true }, "signing").userId).toBeNull();
    expect(normaliseClaims({ accountId: 1, userId: Number.POSITIVE_INFINITY }, "signing").userId).toBeNull();
    expect(() => normaliseClaims({ accountId: Number.POSITIVE_INFINITY }, "signing")).toThrow(/names no account/);
    expect(() => normaliseClaims({ accountId: "  " }, "signing")).toThrow(/names no account/);
  });

  it("When a text claim is empty or not text, then it is absent", () => {
    const claims = normaliseClaims({ accountId: 1, shortLivedToken: "", backToUrl: 5, slug: "", userKind: null }, "signing");
    expect([claims.shortLivedToken, claims.backToUrl, claims.slug, claims.userKind]).toEqual([null, null, null, null]);
  });

  it("When dat is not an object, then only the top-level claims count", () => {
    for (const dat of ["account_id", 7, null, [12]]) {
      expect(normaliseClaims({ accountId: 3, dat }, "signing").accountId).toBe("3");
      expect(() => normaliseClaims({ dat }, "signing")).toThrow(/names no account/);
    }
  });

  it("When the top level and dat agree, then the token is read; when they disagree on any claim, it is refused naming the claim", () => {
    expect(normaliseClaims({ accountId: 1, dat: { account_id: "1" } }, "signing").accountId).toBe("1");
    const cases: [JWTPayload, string][] = [
      [{ accountId: 1, dat: { account_id: 2 } }, "account_id"],
      [{ accountId: 1, userId: 5, dat: { user_id: 6 } }, "user_id"],
      [{ accountId: 1, isAdmin: false, dat: { is_admin: true } }, "is_admin"],
    ];
    for (const [payload, claim] of cases) {
      let error: unknown;
      try {
        normaliseClaims(payload, "signing");
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MondayJwtError);
      expect(error).toMatchObject({ reason: "claims", message: `token claims disagree on ${claim}`, name: "MondayJwtError" });
    }
  });
});

describe("a refused token", () => {
  it("Each refusal has its reason and a message that says it", async () => {
    expect(await refusal(null)).toMatchObject({ reason: "missing", message: "Authorization header with a monday JWT is required" });
    expect(await refusal("not a jwt")).toMatchObject({ reason: "malformed", message: "Authorization header is not a JWT" });
    expect(await refusal(await signed({ accountId: 1 }, "another-secret-0123456789abcdef"))).toMatchObject({
      reason: "signature",
      message: "token signature is not valid",
    });
    expect(await refusal(await signed({ accountId: 1, exp: nowSeconds() - 3600 }))).toMatchObject({ reason: "expired", message: "token has expired" });
    expect(await refusal(await signed({ accountId: 1, nbf: nowSeconds() + 3600 }))).toMatchObject({
      reason: "not_yet_valid",
      message: "token is not valid yet",
    });
    expect(await refusal(await signed({ accountId: 1, aud: "https://elsewhere.example/" }), { audience: "https://hooks.example/x" })).toMatchObject({
      reason: "audience",
      message: "token was issued for another URL",
    });
    expect(await refusal(await signed({ userId: 1 }))).toMatchObject({ reason: "claims", message: "token names no account" });
    expect(await refusal(await signed({ accountId: 1 }), { requireExp: true })).toMatchObject({ reason: "claims", message: 'token claim "exp" is not valid' });
  });

  it("When iat is not a time, then the token's claims are refused, not called early", async () => {
    expect(await refusal(await signed({ accountId: 1, iat: "yesterday" as unknown as number }))).toMatchObject({
      reason: "claims",
      message: 'token claim "iat" is not valid',
    });
  });

  it("When a valid token has a part added, or its signature carries padding or other characters, then it is malformed, not verified", async () => {
    const token = await signed({ accountId: 1 });
    await expect(verifyMondayJwt(token, { secrets })).resolves.toMatchObject({ accountId: "1" });
    for (const forged of [`${token}.extra`, `${token}.`, `${token}=`, `${token}+`]) {
      expect(await refusal(forged)).toMatchObject({ reason: "malformed" });
    }
    expect(await refusal(`${token}=`)).toMatchObject({ message: "token is malformed" });
    // five parts read as a JWE's header: the shape check is what refuses it
    expect(await refusal(`${token}.e30.e30`)).toMatchObject({ reason: "malformed", message: "token is malformed" });
  });

  it("When the payload is not JSON, then the token is malformed", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "HS256" })).toString("base64url");
    const body = Buffer.from("not json").toString("base64url");
    const { createHmac } = await import("node:crypto");
    const signature = createHmac("sha256", TEST_SECRETS.signingSecret).update(`${header}.${body}`).digest("base64url");
    expect(await refusal(`${header}.${body}.${signature}`)).toMatchObject({ reason: "malformed", message: "token is malformed" });
  });
});

describe("an accepted token", () => {
  it("When exp is required and present, then the token is accepted", async () => {
    await expect(verifyMondayJwt(await signed({ accountId: 1, exp: nowSeconds() + 60 }), { secrets, requireExp: true })).resolves.toMatchObject({
      accountId: "1",
    });
  });

  it("When a token carries aud but the route sets none, then aud is not checked", async () => {
    await expect(verifyMondayJwt(await signed({ accountId: 1, aud: "https://anywhere.example/" }), { secrets })).resolves.toMatchObject({ accountId: "1" });
  });

  it("When aud lists several URLs, one of them the route's, then the token is accepted", async () => {
    const token = await signed({ accountId: 1, aud: ["https://other.example/", "https://hooks.example/webhooks/lifecycle"] });
    await expect(verifyMondayJwt(token, { secrets, audience: "https://hooks.example/webhooks/lifecycle" })).resolves.toMatchObject({ accountId: "1" });
  });

  it("When aud and the route differ only in trailing slashes, then they are the same URL", async () => {
    const token = await signed({ accountId: 1, aud: "https://hooks.example/webhooks/lifecycle//" });
    await expect(verifyMondayJwt(token, { secrets, audience: "https://hooks.example/webhooks/lifecycle" })).resolves.toMatchObject({ accountId: "1" });
  });

  it("When the second secret signed it, then it is accepted and says which secret", async () => {
    await expect(verifyMondayJwt(await signed({ accountId: 1 }, TEST_SECRETS.clientSecret), { secrets })).resolves.toMatchObject({ signedWith: "client" });
    await expect(verifyMondayJwt(await signed({ accountId: 1 }), { secrets })).resolves.toMatchObject({ signedWith: "signing" });
  });

  it("When a clock tolerance is given, then it replaces the default 30 seconds", async () => {
    const token = await signed({ accountId: 1, exp: nowSeconds() - 10 });
    await expect(verifyMondayJwt(token, { secrets })).resolves.toBeTruthy();
    expect(await refusal(token, { clockToleranceSeconds: 0 })).toMatchObject({ reason: "expired" });
  });

  it("When a current date is given, then the token is checked at that date", async () => {
    const token = await signed({ accountId: 1, exp: nowSeconds() + 60 });
    expect(await refusal(token, { now: new Date(Date.now() + 3_600_000) })).toMatchObject({ reason: "expired" });
  });
});
