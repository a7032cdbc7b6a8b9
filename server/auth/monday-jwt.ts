// The one place monday JWTs are verified: webhook routes (app lifecycle, feature lifecycle,
// board deliveries) and the board view's sessionToken all come through here.
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";
import { decodeProtectedHeader, errors as joseErrors, UnsecuredJWT, type JWTPayload } from "jose";

/** Claims of a verified monday token, whichever shape monday used (top level or `dat`). */
export interface MondayClaims {
  accountId: string;
  userId: string | null;
  shortLivedToken: string | null;
  backToUrl: string | null;
  appId: string | null;
  slug: string | null;
  isAdmin: boolean;
  isViewOnly: boolean;
  isGuest: boolean;
  userKind: string | null;
  /** which of the app's secrets signed it */
  signedWith: "client" | "signing";
  expiresAt: Date | null;
  /** `iat`: when monday signed the token */
  issuedAt: Date | null;
}

export type JwtFailure = "missing" | "malformed" | "algorithm" | "signature" | "expired" | "not_yet_valid" | "audience" | "claims";

export class MondayJwtError extends Error {
  constructor(
    readonly reason: JwtFailure,
    message: string,
  ) {
    super(message);
    this.name = "MondayJwtError";
  }
}

export interface VerifyOptions {
  /** secrets that may have signed the token, tried in order */
  secrets: { kind: "client" | "signing"; secret: string }[];
  /** when the token carries `aud`, it must equal this URL */
  audience?: string;
  /** seconds of clock skew tolerated for exp / nbf / iat */
  clockToleranceSeconds?: number;
  /** refuse tokens without `exp` */
  requireExp?: boolean;
  now?: Date;
}

// HS256 is checked with Node's crypto, synchronously, with a KeyObject made once per secret: jose
// verifies through WebCrypto, an asynchronous job per request that cost a tenth of a web process's
// CPU under load. The claims (exp, nbf, iat, clock tolerance, required claims) are still checked by
// jose's own claims validation (UnsecuredJWT.decode runs the same validateClaimsSet as jwtVerify),
// given the payload only once its signature has matched.
const keyCache = new Map<string, KeyObject>();
function keyFor(secret: string): KeyObject {
  let key = keyCache.get(secret);
  // Stryker disable next-line ConditionalExpression: a cache; without it each verification makes the same key again
  if (!key) {
    key = createSecretKey(Buffer.from(secret, "utf8"));
    keyCache.set(secret, key);
  }
  return key;
}

/** Whether the token's third part is the HS256 signature of its first two under `secret`. */
function signedWith(parts: readonly string[], secret: string): boolean {
  const signature = Buffer.from(parts[2]!, "base64url");
  const expected = createHmac("sha256", keyFor(secret)).update(`${parts[0]}.${parts[1]}`).digest();
  return signature.length === expected.length && timingSafeEqual(signature, expected);
}

/** The verified payload handed to jose's claims validation, under the header jose expects for it. */
const CLAIMS_ONLY_HEADER = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");

/** Accepts `Bearer <jwt>` or the bare token, as monday sends either. */
export function tokenFromAuthorization(header: string | undefined): string | null {
  if (!header) return null;
  const token = header.trim().replace(/^bearer\s+/i, "");
  return token.length > 0 ? token : null;
}

function normaliseUrl(url: string): string {
  return url.replace(/\/+$/, "");
}

function idString(value: unknown): string | null {
  // JSON numbers too large for a double parse as Infinity
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  const text = typeof value === "string" ? value.trim() : "";
  return text === "" ? null : text;
}

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** Both of monday's claim shapes into one; a `dat` that disagrees with the top level is refused. */
export function normaliseClaims(payload: JWTPayload, signedWith: MondayClaims["signedWith"]): MondayClaims {
  // a `dat` that is not an object has none of the claims looked up below
  const dat = Object(payload.dat) as Record<string, unknown>;
  const top = payload as Record<string, unknown>;
  const pick = (topName: string, datName: string): unknown => {
    const a = top[topName];
    const b = dat[datName];
    if (a !== undefined && b !== undefined && String(a) !== String(b)) {
      throw new MondayJwtError("claims", `token claims disagree on ${datName}`);
    }
    return a ?? b;
  };
  const accountId = idString(pick("accountId", "account_id"));
  if (!accountId) throw new MondayJwtError("claims", "token names no account");
  return {
    accountId,
    userId: idString(pick("userId", "user_id")),
    shortLivedToken: str(pick("shortLivedToken", "short_lived_token")),
    backToUrl: str(pick("backToUrl", "back_to_url")),
    appId: idString(pick("appId", "app_id")),
    slug: str(pick("slug", "slug")),
    isAdmin: pick("isAdmin", "is_admin") === true,
    isViewOnly: pick("isViewOnly", "is_view_only") === true,
    isGuest: pick("isGuest", "is_guest") === true,
    userKind: str(pick("userKind", "user_kind")),
    signedWith,
    expiresAt: typeof payload.exp === "number" ? new Date(payload.exp * 1000) : null,
    issuedAt: typeof payload.iat === "number" ? new Date(payload.iat * 1000) : null,
  };
}

/** Verifies a monday token: HS256 only, either configured secret, exp/nbf with tolerance, aud when present. */
export async function verifyMondayJwt(token: string | null, options: VerifyOptions): Promise<MondayClaims> {
  if (!token) throw new MondayJwtError("missing", "Authorization header with a monday JWT is required");
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new MondayJwtError("malformed", "Authorization header is not a JWT");
  }
  if (header.alg !== "HS256") throw new MondayJwtError("algorithm", "token must be signed with HS256");
  const parts = token.split(".");
  // a JWS with critical extensions Hookboard does not implement is refused, as jose refuses it
  if (parts.length !== 3 || header.crit !== undefined || !/^[A-Za-z0-9_-]*$/.test(parts[2]!)) {
    throw new MondayJwtError("malformed", "token is malformed");
  }

  const tolerance = options.clockToleranceSeconds ?? 30;
  const signer = options.secrets.find(({ secret }) => signedWith(parts, secret));
  if (!signer) throw new MondayJwtError("signature", "token signature is not valid");
  let payload: JWTPayload;
  try {
    ({ payload } = UnsecuredJWT.decode(`${CLAIMS_ONLY_HEADER}.${parts[1]}.`, {
      clockTolerance: tolerance,
      ...(options.now ? { currentDate: options.now } : {}),
      requiredClaims: options.requireExp ? ["exp"] : [],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new MondayJwtError("expired", "token has expired");
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      if (error.claim === "nbf") throw new MondayJwtError("not_yet_valid", "token is not valid yet");
      throw new MondayJwtError("claims", `token claim "${error.claim}" is not valid`);
    }
    throw new MondayJwtError("malformed", "token is malformed");
  }
  if (payload.aud !== undefined && options.audience !== undefined) {
    const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!auds.some((a) => normaliseUrl(a) === normaliseUrl(options.audience!))) {
      throw new MondayJwtError("audience", "token was issued for another URL");
    }
  }
  return normaliseClaims(payload, signer.kind);
}
