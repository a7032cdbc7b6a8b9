// Verifies the monday JWT of a webhook request (either of the app's secrets; `aud`, when present,
// must be this route's public URL) and exposes the normalised claims as `req.monday`.
import type { RequestHandler } from "express";
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

/** Middleware for webhook routes: 401 unless a valid monday JWT is in the Authorization header. */
export function requireWebhookJwt(config: Config): RequestHandler {
  const secrets = webhookSecrets(config);
  return async (req, _res, next) => {
    try {
      req.monday = await verifyMondayJwt(tokenFromAuthorization(req.get("authorization")), {
        secrets,
        audience: publicUrlOf(config, req.originalUrl),
      });
      next();
    } catch (error) {
      next(toUnauthorized(error));
    }
  };
}
