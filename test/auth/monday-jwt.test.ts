// The one verifier of monday tokens: both claim shapes, either of the app's secrets, HS256 only.
import { createHmac } from "node:crypto";
import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { verifyMondayJwt } from "../../server/auth/monday-jwt.ts";
import { datToken, sessionToken, TEST_SECRETS, webhookToken } from "../../server/test-kit/monday-tokens.ts";

const secrets = [
  { kind: "signing" as const, secret: TEST_SECRETS.signingSecret },
  { kind: "client" as const, secret: TEST_SECRETS.clientSecret },
];

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A token whose header names `alg` but which is signed with HMAC-SHA256 and the signing secret (algorithm confusion). */
function hs256SignedAs(alg: string): string {
  const unsigned = `${base64url({ alg, typ: "JWT" })}.${base64url({ accountId: 1, exp: Math.floor(Date.now() / 1000) + 60 })}`;
  return `${unsigned}.${createHmac("sha256", TEST_SECRETS.signingSecret).update(unsigned).digest("base64url")}`;
}

describe("verifyMondayJwt", () => {
  it("When a token has top-level claims, then they are normalised", async () => {
    const claims = await verifyMondayJwt(await webhookToken(12345, { userId: 67, extra: { backToUrl: "https://api.monday.com/back" } }), { secrets });
    expect(claims).toMatchObject({
      accountId: "12345",
      userId: "67",
      shortLivedToken: "short-lived-test-token",
      backToUrl: "https://api.monday.com/back",
      signedWith: "signing",
    });
  });

  it("When a token has monday's dat claims, then they are normalised into the same shape", async () => {
    const claims = await verifyMondayJwt(await sessionToken({ accountId: 12345, userId: 67, isViewOnly: true }), { secrets });
    expect(claims).toMatchObject({ accountId: "12345", userId: "67", isViewOnly: true, isGuest: false, slug: "demo", appId: "10000001", signedWith: "client" });
  });

  it("When a token is signed with the client secret instead of the signing secret, then it is accepted on webhook routes", async () => {
    const token = await datToken({ account_id: 1, user_id: 2, back_to_url: "https://x.monday.com/cb" }, { secret: TEST_SECRETS.clientSecret });
    await expect(verifyMondayJwt(token, { secrets })).resolves.toMatchObject({ accountId: "1", backToUrl: "https://x.monday.com/cb", signedWith: "client" });
  });

  it("When a token expired a few seconds ago, then the clock tolerance still accepts it, but not a minute later", async () => {
    await expect(verifyMondayJwt(await webhookToken(1, { expiresIn: -5 }), { secrets })).resolves.toBeTruthy();
    await expect(verifyMondayJwt(await webhookToken(1, { expiresIn: -90 }), { secrets })).rejects.toMatchObject({ reason: "expired" });
  });

  it("When a token carries aud, then it must be the route's URL, with or without a trailing slash", async () => {
    const token = await webhookToken(1, { audience: "https://hooks.example.com/webhooks/lifecycle" });
    await expect(verifyMondayJwt(token, { secrets, audience: "https://hooks.example.com/webhooks/lifecycle/" })).resolves.toBeTruthy();
    await expect(verifyMondayJwt(token, { secrets, audience: "https://hooks.example.com/webhooks/features/sync" })).rejects.toMatchObject({
      reason: "audience",
    });
  });

  it("When a token is not valid yet, then it is refused", async () => {
    const token = await new SignJWT({ accountId: 1 })
      .setProtectedHeader({ alg: "HS256" })
      .setNotBefore(Math.floor(Date.now() / 1000) + 600)
      .sign(new TextEncoder().encode(TEST_SECRETS.signingSecret));
    await expect(verifyMondayJwt(token, { secrets })).rejects.toMatchObject({ reason: "not_yet_valid" });
  });

  it("When a token names no account, then it is refused", async () => {
    const token = await new SignJWT({ userId: 1 })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1m")
      .sign(new TextEncoder().encode(TEST_SECRETS.signingSecret));
    await expect(verifyMondayJwt(token, { secrets })).rejects.toMatchObject({ reason: "claims" });
  });

  it("When a sessionToken without exp is checked with requireExp, then it is refused", async () => {
    const token = await new SignJWT({ dat: { account_id: 1 } }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(TEST_SECRETS.clientSecret));
    await expect(verifyMondayJwt(token, { secrets, requireExp: true })).rejects.toMatchObject({ reason: "claims" });
  });

  // monday signs with HS256 only. verifyMondayJwt refuses every other algorithm itself, by name,
  // rather than leaving it to the option it passes to jose.
  it.each([
    [
      "HS384, signed with the signing secret",
      () =>
        new SignJWT({ accountId: 1 }).setProtectedHeader({ alg: "HS384" }).setExpirationTime("1m").sign(new TextEncoder().encode(TEST_SECRETS.signingSecret)),
    ],
    [
      "HS512, signed with the signing secret",
      () =>
        new SignJWT({ accountId: 1 }).setProtectedHeader({ alg: "HS512" }).setExpirationTime("1m").sign(new TextEncoder().encode(TEST_SECRETS.signingSecret)),
    ],
    ["none (unsigned)", () => Promise.resolve(new UnsecuredJWT({ accountId: 1 }).setExpirationTime("1m").encode())],
    ["RS256 in the header over an HMAC signature with the signing secret", () => Promise.resolve(hs256SignedAs("RS256"))],
    ["hs256 in lower case over a valid HS256 signature", () => Promise.resolve(hs256SignedAs("hs256"))],
  ])("When a token's algorithm is %s, then verifyMondayJwt refuses it as the wrong algorithm", async (_alg, make) => {
    await expect(verifyMondayJwt(await make(), { secrets })).rejects.toMatchObject({ reason: "algorithm", message: "token must be signed with HS256" });
  });

  it("When the same claims are signed with HS256, then they are accepted (the refusals above are about the algorithm alone)", async () => {
    await expect(verifyMondayJwt(hs256SignedAs("HS256"), { secrets })).resolves.toMatchObject({ accountId: "1", signedWith: "signing" });
  });

  it("When a validly signed token's payload is changed, or its signature shortened, then it is refused as not validly signed", async () => {
    const [header, , signature] = hs256SignedAs("HS256").split(".");
    const otherAccount = base64url({ accountId: 2, exp: Math.floor(Date.now() / 1000) + 60 });
    await expect(verifyMondayJwt(`${header}.${otherAccount}.${signature}`, { secrets })).rejects.toMatchObject({ reason: "signature" });
    await expect(verifyMondayJwt(`${header}.${otherAccount}.${signature!.slice(0, -2)}`, { secrets })).rejects.toMatchObject({ reason: "signature" });
  });

  it("When a validly signed token's header names critical extensions, then it is refused as malformed (Hookboard implements none)", async () => {
    const unsigned = `${base64url({ alg: "HS256", crit: ["b64"], b64: false })}.${base64url({ accountId: 1, exp: Math.floor(Date.now() / 1000) + 60 })}`;
    const token = `${unsigned}.${createHmac("sha256", TEST_SECRETS.signingSecret).update(unsigned).digest("base64url")}`;
    await expect(verifyMondayJwt(token, { secrets })).rejects.toMatchObject({ reason: "malformed" });
  });
});
