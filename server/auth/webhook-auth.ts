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
      req.monday = claims;
      next();
    } catch (error) {
      next(toUnauthorized(error));
    }
  };
}
