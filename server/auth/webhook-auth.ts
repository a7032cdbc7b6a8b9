// Verifies the monday JWT of a webhook request (either of the app's secrets; `aud`, when present,
// must be this route's public URL) and exposes the normalised claims as `req.monday`.
import type { RequestHandler } from "express";
import { decodeJwt } from "jose";
import type { Config } from "../config/config.ts";
import { HttpError } from "../http/http-error.ts";
import { MondayJwtError, tokenFromAuthorization, verifyMondayJwt, type MondayClaims } from "./monday-jwt.ts";

declare module "express-serve-static-core" {
  interface Request {
    monday?: MondayClaims;
  }
}

/** The public URL monday addressed this request to (what `aud` must say). */
export function publicUrlOf(config: Pick<Config, "publicUrl">, originalUrl: string): string {
  return config.publicUrl + originalUrl.split("?")[0];
}

export function webhookSecrets(config: Pick<Config, "mondayClientSecret" | "mondaySigningSecret">) {
  return [
    { kind: "signing" as const, secret: config.mondaySigningSecret },
    { kind: "client" as const, secret: config.mondayClientSecret },
  ];
}

export function toUnauthorized(error: unknown): HttpError {
  if (error instanceof MondayJwtError) return new HttpError(401, `jwt_${error.reason}`, error.message);
  throw error;
}

export interface WebhookJwtOptions {
  /**
   * A token signed with the Client Secret must name this route in `aud`. The board view's
   * sessionToken is signed with that secret and names no audience, and every user of an account
   * holds one: on a route monday signs with the Signing Secret it must not pass for monday.
   */
  clientSecretNeedsAudience?: boolean;
}

/** Claims only a user's board view session carries; no webhook token of monday's has them. */
const SESSION_ONLY_CLAIMS = ["user_kind", "is_view_only", "is_guest", "install_id"];

/**
 * The board view's sessionToken is signed with the Client Secret, which some monday pages also name
 * for lifecycle webhooks; every user of an account (viewers and guests too) holds one. Told apart by
 * its session claims, it never passes for monday on a webhook route: otherwise any user could post,
 * say, an `uninstall` for their own account.
 */
function isSessionToken(token: string): boolean {
  const dat = decodeJwt(token).dat;
  return Boolean(dat) && typeof dat === "object" && SESSION_ONLY_CLAIMS.some((claim) => claim in (dat as Record<string, unknown>));
}

/** Middleware for webhook routes: 401 unless a valid monday JWT is in the Authorization header. */
export function requireWebhookJwt(config: Config, options: WebhookJwtOptions = {}): RequestHandler {
  const secrets = webhookSecrets(config);
  return async (req, _res, next) => {
    try {
      const token = tokenFromAuthorization(req.get("authorization"));
      const claims = await verifyMondayJwt(token, { secrets, audience: publicUrlOf(config, req.originalUrl) });
      if (options.clientSecretNeedsAudience && claims.signedWith === "client" && decodeJwt(token!).aud === undefined) {
        throw new MondayJwtError("audience", "a token signed with the Client Secret must name this URL in aud");
      }
      if (claims.signedWith === "client" && isSessionToken(token!)) {
        throw new MondayJwtError("claims", "a board view sessionToken is not a webhook token");
      }
      req.monday = claims;
      next();
    } catch (error) {
      next(toUnauthorized(error));
    }
  };
}
