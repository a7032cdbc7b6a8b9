// Tokens signed the way monday signs its requests to an app, for `npx hookboard simulate` and the
// tests: HS256 with one of the app's secrets, `iat` and `exp`, `aud` naming the URL the request is
// addressed to, and the claims at the top level or under `dat` (monday's pages name both shapes).
import { SignJWT, type JWTPayload } from "jose";

export type ClaimShape = "top" | "dat";

export interface SignOptions {
  secret: string;
  /** seconds from now; negative for an expired token (default 300: monday's tokens are short-lived) */
  expiresIn?: number;
  audience?: string;
  alg?: "HS256" | "HS384" | "HS512";
}

export async function signMondayToken(payload: JWTPayload, options: SignOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 300));
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret));
}

export interface MondayCaller {
  accountId: string | number;
  userId: string | number;
  shortLivedToken: string;
  appId?: string | number;
}

/** monday's ids are numbers in its tokens. */
export function callerClaims(caller: MondayCaller, shape: ClaimShape): JWTPayload {
  if (shape === "top") {
    return { accountId: Number(caller.accountId), userId: Number(caller.userId), shortLivedToken: caller.shortLivedToken };
  }
  return {
    dat: {
      account_id: Number(caller.accountId),
      user_id: Number(caller.userId),
      short_lived_token: caller.shortLivedToken,
      ...(caller.appId !== undefined ? { app_id: Number(caller.appId) } : {}),
    },
  };
}
