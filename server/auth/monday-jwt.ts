// The one place monday JWTs are verified: webhook routes (app lifecycle, feature lifecycle,
// board deliveries) and the board view's sessionToken all come through here.
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";

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

// Imported once per secret: importing an HMAC key costs more than the verification itself.
const keyCache = new Map<string, Promise<CryptoKey>>();
function keyFor(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    keyCache.set(secret, key);
  }
  return key;
}

/** Accepts `Bearer <jwt>` or the bare token, as monday sends either. */
export function tokenFromAuthorization(header: string | undefined): string | null {
  if (!header) return null;
  const value = header.trim();
  const token = /^bearer\s+/i.test(value) ? value.replace(/^bearer\s+/i, "").trim() : value;
  return token.length > 0 ? token : null;
}

function normaliseUrl(url: string): string {
  return url.replace(/\/+$/, "");
}

function idString(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  return null;
}

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** Both of monday's claim shapes into one; a `dat` that disagrees with the top level is refused. */
export function normaliseClaims(payload: JWTPayload, signedWith: MondayClaims["signedWith"]): MondayClaims {
  const dat = payload.dat && typeof payload.dat === "object" && !Array.isArray(payload.dat) ? (payload.dat as Record<string, unknown>) : null;
  const top = payload as Record<string, unknown>;
  const pick = (topName: string, datName: string): unknown => {
    const a = top[topName];
    const b = dat?.[datName];
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
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw new MondayJwtError("malformed", "Authorization header is not a JWT");
  }
  if (alg !== "HS256") throw new MondayJwtError("algorithm", "token must be signed with HS256");

  const tolerance = options.clockToleranceSeconds ?? 30;
  for (const { kind, secret } of options.secrets) {
    try {
      const { payload } = await jwtVerify(token, await keyFor(secret), {
        algorithms: ["HS256"],
        clockTolerance: tolerance,
        currentDate: options.now,
        requiredClaims: options.requireExp ? ["exp"] : [],
      });
      if (payload.aud !== undefined && options.audience !== undefined) {
        const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
        if (!auds.some((a) => normaliseUrl(a) === normaliseUrl(options.audience!))) {
          throw new MondayJwtError("audience", "token was issued for another URL");
        }
      }
      return normaliseClaims(payload, kind);
    } catch (error) {
      if (error instanceof MondayJwtError) throw error;
      // another of the app's secrets may have signed it
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) continue;
      if (error instanceof joseErrors.JWTExpired) throw new MondayJwtError("expired", "token has expired");
      if (error instanceof joseErrors.JWTClaimValidationFailed) {
        if (error.claim === "nbf" || error.claim === "iat") throw new MondayJwtError("not_yet_valid", "token is not valid yet");
        throw new MondayJwtError("claims", `token claim "${error.claim}" is not valid`);
      }
      if (error instanceof joseErrors.JWTInvalid || error instanceof joseErrors.JWSInvalid) {
        throw new MondayJwtError("malformed", "token is malformed");
      }
      throw new MondayJwtError("malformed", "token could not be verified");
    }
  }
  throw new MondayJwtError("signature", "token signature is not valid");
}
