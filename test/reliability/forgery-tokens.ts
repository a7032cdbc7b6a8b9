// The credentials of the forgery corpus: missing, malformed and forged tokens, each with the 401
// code Hookboard must answer. Every forged token is otherwise what monday would send for the route
// (see rightClaims), so it is refused for the one thing that is wrong with it.
import { createHmac } from "node:crypto";
import { exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWTPayload } from "jose";
import { TEST_SECRETS } from "../../server/test-kit/monday-tokens.ts";
import {
  isFeature,
  isWebhook,
  requestFor,
  rightClaims,
  rightSecret,
  sessionDat,
  type CorpusTarget,
  type CorpusWorld,
  type RequestSpec,
} from "./forgery-targets.ts";

/** Real asymmetric key pairs an attacker might sign with. */
export interface AttackerKeys {
  rsa: { privateKey: CryptoKey; publicPem: string };
  ec: { privateKey: CryptoKey };
  ed: { privateKey: CryptoKey };
}

export async function attackerKeys(): Promise<AttackerKeys> {
  const rsa = await generateKeyPair("RS256");
  const ec = await generateKeyPair("ES256");
  const ed = await generateKeyPair("EdDSA");
  return {
    rsa: { privateKey: rsa.privateKey, publicPem: await exportSPKI(rsa.publicKey) },
    ec: { privateKey: ec.privateKey },
    ed: { privateKey: ed.privateKey },
  };
}

export interface Expected {
  status: number;
  code: string;
}

export interface TokenVariant {
  name: string;
  applies(t: CorpusTarget): boolean;
  request(t: CorpusTarget, w: CorpusWorld, keys: AttackerKeys): Promise<RequestSpec>;
  expected(t: CorpusTarget): Expected;
}

const b64 = (text: string) => Buffer.from(text).toString("base64url");
const secretKey = (secret: string) => new TextEncoder().encode(secret);
const now = () => Math.floor(Date.now() / 1000);

function hs(claims: JWTPayload, secret: string, alg: "HS256" | "HS384" | "HS512" = "HS256"): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: "JWT" }).sign(secretKey(secret));
}

/** A token assembled by hand: any header, any payload text, an HMAC under any key. */
function handmade(header: Record<string, unknown>, payload: string, key: string, hash = "sha256"): string {
  const input = `${b64(JSON.stringify(header))}.${b64(payload)}`;
  return `${input}.${createHmac(hash, key).update(input).digest("base64url")}`;
}

const all = () => true;
const inHeader = (t: CorpusTarget) => t.tokenIn === "header";
const webhookOnly = (t: CorpusTarget) => isWebhook(t);
const sessionOnly = (t: CorpusTarget) => !isWebhook(t);
const jwt = (code: string) => () => ({ status: 401, code: `jwt_${code}` });

function variant(
  name: string,
  applies: (t: CorpusTarget) => boolean,
  token: (t: CorpusTarget, w: CorpusWorld, keys: AttackerKeys) => Promise<string | null> | string | null,
  expected: TokenVariant["expected"],
): TokenVariant {
  return { name, applies, expected, request: async (t, w, keys) => requestFor(t, await token(t, w, keys)) };
}

/** The top-level and `dat` shapes of one claim, to make them disagree. */
function disagreeing(t: CorpusTarget, w: CorpusWorld, top: string, dat: string, value: number): JWTPayload {
  const claims = rightClaims(t, w);
  if (claims.dat) return { ...claims, [top]: value };
  return { ...claims, dat: { [dat]: value } };
}

function withoutAccount(t: CorpusTarget, w: CorpusWorld): JWTPayload {
  const { accountId: _top, ...claims } = rightClaims(t, w) as JWTPayload & { accountId?: unknown };
  if (claims.dat) {
    const { account_id: _dat, ...dat } = claims.dat as Record<string, unknown>;
    return { ...claims, dat };
  }
  return claims;
}

/** A board view sessionToken of the right account (Client Secret, `dat`, no `aud`). */
function sessionTokenOf(w: CorpusWorld): Promise<string> {
  return hs({ dat: sessionDat(w.accountId, w.userId), iat: now(), exp: now() + 300 }, TEST_SECRETS.clientSecret);
}

/** A board view sessionToken of the right account, its `dat` changed (and `drop`ped claims left out). */
function sessionWith(w: CorpusWorld, changes: Record<string, unknown>, drop: string[] = [], extra: JWTPayload = {}): Promise<string> {
  const dat: Record<string, unknown> = { ...sessionDat(w.accountId, w.userId), ...changes };
  for (const claim of drop) delete dat[claim];
  return hs({ dat, iat: now(), exp: now() + 300, ...extra }, TEST_SECRETS.clientSecret);
}

/** A member of the account (not an admin) who never connected a monday user. */
const MEMBER = { user_id: 8199, is_admin: false, user_kind: "member" };
const WRITE_ROUTES = new Set(["POST /api/boards/:boardId/webhooks", "DELETE /api/boards/:boardId/webhooks/:id", "POST /oauth/start", "GET /oauth/start"]);
const BOARD_ROUTES = new Set(["GET /api/boards/:boardId/webhooks", "POST /api/boards/:boardId/webhooks", "DELETE /api/boards/:boardId/webhooks/:id"]);
const writes = (t: CorpusTarget) => WRITE_ROUTES.has(t.route);
const forbidden = () => ({ status: 403, code: "forbidden" });

export const TOKEN_VARIANTS: TokenVariant[] = [
  variant("no token", all, () => null, jwt("missing")),
  variant("an empty value", all, () => "", jwt("missing")),
  variant("'Bearer' and nothing else", inHeader, () => "Bearer ", jwt("malformed")),
  variant("a value that is not a JWT", all, () => "not-a-jwt", jwt("malformed")),
  variant("three empty segments", all, () => "..", jwt("malformed")),
  variant("a header that is not JSON", all, (t, w) => `${b64("{alg")}.${b64(JSON.stringify(rightClaims(t, w)))}.c2ln`, jwt("malformed")),
  variant("Basic credentials", inHeader, () => `Basic ${b64("monday:password")}`, jwt("malformed")),
  variant(
    "two tokens in one header",
    inHeader,
    async (t, w) => {
      const token = await hs(rightClaims(t, w), rightSecret(t));
      return `Bearer ${token}, Bearer ${token}`;
    },
    jwt("malformed"),
  ),
  variant("12 KB of garbage", all, () => "eyJ" + "A".repeat(12 * 1024), jwt("malformed")),
  variant("alg none, unsigned", all, (t, w) => new UnsecuredJWT(rightClaims(t, w)).encode(), jwt("algorithm")),
  variant(
    "alg none with an HMAC signature",
    all,
    (t, w) => handmade({ alg: "none", typ: "JWT" }, JSON.stringify(rightClaims(t, w)), rightSecret(t)),
    jwt("algorithm"),
  ),
  variant("alg NONE in capitals", all, (t, w) => `${b64(JSON.stringify({ alg: "NONE" }))}.${b64(JSON.stringify(rightClaims(t, w)))}.`, jwt("algorithm")),
  variant("HS384 with the right secret", all, (t, w) => hs(rightClaims(t, w), rightSecret(t), "HS384"), jwt("algorithm")),
  variant("HS512 with the right secret", all, (t, w) => hs(rightClaims(t, w), rightSecret(t), "HS512"), jwt("algorithm")),
  variant(
    "RS256 with a real RSA key",
    all,
    (t, w, k) => new SignJWT(rightClaims(t, w)).setProtectedHeader({ alg: "RS256" }).sign(k.rsa.privateKey),
    jwt("algorithm"),
  ),
  variant(
    "ES256 with a real EC key",
    all,
    (t, w, k) => new SignJWT(rightClaims(t, w)).setProtectedHeader({ alg: "ES256" }).sign(k.ec.privateKey),
    jwt("algorithm"),
  ),
  variant(
    "EdDSA with a real Ed25519 key",
    all,
    (t, w, k) => new SignJWT(rightClaims(t, w)).setProtectedHeader({ alg: "EdDSA" }).sign(k.ed.privateKey),
    jwt("algorithm"),
  ),
  variant(
    "RS256 header, HMAC keyed with the RSA public key (key confusion)",
    all,
    (t, w, k) => handmade({ alg: "RS256", typ: "JWT" }, JSON.stringify(rightClaims(t, w)), k.rsa.publicPem),
    jwt("algorithm"),
  ),
  variant(
    "HS256 keyed with the RSA public key",
    all,
    (t, w, k) => handmade({ alg: "HS256", typ: "JWT" }, JSON.stringify(rightClaims(t, w)), k.rsa.publicPem),
    jwt("signature"),
  ),
  variant("HS256 with a wrong secret", all, (t, w) => hs(rightClaims(t, w), "not-the-apps-secret-0123456789abcdef"), jwt("signature")),
  variant("HS256 with an empty secret", all, (t, w) => handmade({ alg: "HS256", typ: "JWT" }, JSON.stringify(rightClaims(t, w)), ""), jwt("signature")),
  variant("HS256 with the signature stripped", all, async (t, w) => (await hs(rightClaims(t, w), rightSecret(t))).replace(/\.[^.]+$/, "."), jwt("signature")),
  variant(
    "a real signature on changed claims",
    all,
    async (t, w) => {
      const [header, , signature] = (await hs(rightClaims(t, w), rightSecret(t))).split(".");
      return `${header}.${b64(JSON.stringify(rightClaims(t, w, w.otherAccountId)))}.${signature}`;
    },
    jwt("signature"),
  ),
  variant(
    "a crit header the verifier does not know",
    all,
    (t, w) => handmade({ alg: "HS256", crit: ["hookboard"], hookboard: true }, JSON.stringify(rightClaims(t, w)), rightSecret(t)),
    jwt("malformed"),
  ),
  variant("claims that are not a JSON object", all, (t) => handmade({ alg: "HS256", typ: "JWT" }, "[1,2,3]", rightSecret(t)), jwt("malformed")),
  variant("an expired token", all, (t, w) => hs({ ...rightClaims(t, w), iat: now() - 7200, exp: now() - 3600 }, rightSecret(t)), jwt("expired")),
  variant(
    "a token expired a minute ago (past the clock tolerance)",
    all,
    (t, w) => hs({ ...rightClaims(t, w), iat: now() - 400, exp: now() - 60 }, rightSecret(t)),
    jwt("expired"),
  ),
  variant("a token not valid for another hour (nbf)", all, (t, w) => hs({ ...rightClaims(t, w), nbf: now() + 3600 }, rightSecret(t)), jwt("not_yet_valid")),
  variant(
    "a sessionToken without exp",
    sessionOnly,
    (t, w) => {
      const { exp: _exp, ...claims } = rightClaims(t, w);
      return hs(claims, rightSecret(t));
    },
    jwt("claims"),
  ),
  variant(
    "aud naming another host",
    webhookOnly,
    (t, w) => hs({ ...rightClaims(t, w), aud: `https://evil.example${new URL(t.url).pathname}` }, rightSecret(t)),
    jwt("audience"),
  ),
  variant(
    "aud naming another Hookboard route (replayed)",
    webhookOnly,
    (t, w) => {
      const other = t.kind === "lifecycle" ? "/webhooks/features/sync" : "/webhooks/lifecycle";
      return hs({ ...rightClaims(t, w), aud: w.base + other }, rightSecret(t));
    },
    jwt("audience"),
  ),
  variant(
    "aud a list of other URLs",
    webhookOnly,
    (t, w) => hs({ ...rightClaims(t, w), aud: ["https://evil.example/a", `${w.base}/webhooks/elsewhere`] }, rightSecret(t)),
    jwt("audience"),
  ),
  variant(
    "dat and top-level claims disagree on the account",
    all,
    (t, w) => hs(disagreeing(t, w, "accountId", "account_id", Number(w.otherAccountId)), rightSecret(t)),
    jwt("claims"),
  ),
  variant(
    "dat and top-level claims disagree on the user",
    all,
    (t, w) => hs(disagreeing(t, w, "userId", "user_id", 999_999_001), rightSecret(t)),
    jwt("claims"),
  ),
  variant("no account in the claims", all, (t, w) => hs(withoutAccount(t, w), rightSecret(t)), jwt("claims")),
  variant(
    "a token of another account than the request names",
    webhookOnly,
    (t, w) => hs(rightClaims(t, w, w.otherAccountId), rightSecret(t)),
    jwt("account_mismatch"),
  ),
  {
    name: "the right token in the query string instead of the header",
    applies: inHeader,
    expected: jwt("missing"),
    async request(t, w) {
      const spec = requestFor(t, null);
      const token = await hs(rightClaims(t, w), rightSecret(t));
      return { ...spec, url: `${spec.url}?token=${encodeURIComponent(token)}&sessionToken=${encodeURIComponent(token)}` };
    },
  },
  // a board view user holds a sessionToken: it must not pass for monday on a route signed with the Signing Secret
  variant(
    "a board view sessionToken",
    (t) => t.kind === "board" || isFeature(t),
    (_t, w) => sessionTokenOf(w),
    (t) => (t.kind === "board" ? { status: 401, code: "jwt_signature" } : { status: 401, code: "jwt_audience" }),
  ),
  variant(
    "a webhook token (Signing Secret, top-level claims)",
    sessionOnly,
    (_t, w) =>
      hs(
        { accountId: Number(w.accountId), userId: Number(w.userId), aud: `${w.base}/webhooks/lifecycle`, iat: now(), exp: now() + 300 },
        TEST_SECRETS.signingSecret,
      ),
    jwt("signature"),
  ),
  variant("sessionToken claims signed with the Signing Secret", sessionOnly, (t, w) => hs(rightClaims(t, w), TEST_SECRETS.signingSecret), jwt("signature")),
  variant(
    "board claims signed with the Client Secret",
    (t) => t.kind === "board",
    (t, w) => hs(rightClaims(t, w), TEST_SECRETS.clientSecret),
    jwt("signature"),
  ),
  variant(
    "board claims without aud",
    (t) => t.kind === "board",
    (t, w) => {
      const { aud: _aud, ...claims } = rightClaims(t, w);
      return hs(claims, rightSecret(t));
    },
    jwt("audience"),
  ),
  // only a real board view sessionToken reaches the board view API: the claims monday puts in one
  variant(
    "a Client Secret token with a webhook's top-level claims",
    sessionOnly,
    (_t, w) =>
      hs({ accountId: Number(w.accountId), userId: Number(w.userId), shortLivedToken: "short-lived", iat: now(), exp: now() + 300 }, TEST_SECRETS.clientSecret),
    jwt("claims"),
  ),
  variant(
    "a Client Secret token with a feature event's dat",
    sessionOnly,
    (_t, w) =>
      hs(
        {
          dat: { account_id: Number(w.accountId), user_id: Number(w.userId), short_lived_token: "short-lived", app_id: 10000001 },
          iat: now(),
          exp: now() + 300,
        },
        TEST_SECRETS.clientSecret,
      ),
    jwt("claims"),
  ),
  variant("a sessionToken without app_id", sessionOnly, (_t, w) => sessionWith(w, {}, ["app_id"]), jwt("claims")),
  variant("a sessionToken without client_id", sessionOnly, (_t, w) => sessionWith(w, {}, ["client_id"]), jwt("claims")),
  variant("a sessionToken without user_id", sessionOnly, (_t, w) => sessionWith(w, {}, ["user_id"]), jwt("claims")),
  variant("a sessionToken naming an audience", sessionOnly, (_t, w) => sessionWith(w, {}, [], { aud: `${w.base}/api/me` }), jwt("claims")),
  // rights: the least for a token without role flags; viewers and guests change nothing and cannot connect
  variant("a sessionToken without role flags", writes, (_t, w) => sessionWith(w, {}, ["is_view_only", "is_guest", "user_kind"]), forbidden),
  variant("a view-only member's sessionToken", writes, (_t, w) => sessionWith(w, { ...MEMBER, is_view_only: true, user_kind: "view_only" }), forbidden),
  variant("a guest's sessionToken", writes, (_t, w) => sessionWith(w, { ...MEMBER, is_guest: true, user_kind: "guest" }), forbidden),
  variant(
    "a member's sessionToken asking for every board's deliveries",
    (t) => t.route === "GET /api/deliveries",
    (_t, w) => sessionWith(w, MEMBER),
    forbidden,
  ),
  // each user acts with their own monday connection: a member who never connected has none
  variant(
    "the sessionToken of a member who never connected",
    (t) => BOARD_ROUTES.has(t.route),
    (_t, w) => sessionWith(w, MEMBER),
    () => ({ status: 409, code: "oauth_required" }),
  ),
  // a token vouches only for events older than itself: an event dated after its iat is refused
  {
    name: "a token issued an hour before the event it carries (still unexpired)",
    applies: (t) => t.kind === "lifecycle",
    expected: () => ({ status: 400, code: "event_after_token" }),
    async request(t, w) {
      return requestFor(t, await hs({ ...rightClaims(t, w), iat: now() - 3600, exp: now() + 3600 }, rightSecret(t)));
    },
  },
];

/** The token monday would send for the target (for cases that change the input, not the token). */
export function rightToken(t: CorpusTarget, w: CorpusWorld): Promise<string> {
  return hs(rightClaims(t, w), rightSecret(t));
}
