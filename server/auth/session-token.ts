// The board view's sessionToken (client secret, `dat` claims) authenticates every /api call and
// scopes it to one account.
import type { RequestHandler } from "express";
import type { Config } from "../config/config.ts";
import type { MondayClaims } from "./monday-jwt.ts";
import { tokenFromAuthorization, verifyMondayJwt } from "./monday-jwt.ts";
import { toUnauthorized } from "./webhook-auth.ts";

declare module "express-serve-static-core" {
  interface Request {
    session?: MondayClaims;
  }
}

export function verifySessionToken(config: Config, token: string | null): Promise<MondayClaims> {
  return verifyMondayJwt(token, {
    secrets: [{ kind: "client", secret: config.mondayClientSecret }],
    requireExp: true,
  });
}

export function requireSession(config: Config): RequestHandler {
  return async (req, _res, next) => {
    try {
      req.session = await verifySessionToken(config, tokenFromAuthorization(req.get("authorization")));
      next();
    } catch (error) {
      next(toUnauthorized(error));
    }
  };
}

/** The verified session of a route behind requireSession. */
export function sessionOf(req: { session?: MondayClaims }): MondayClaims {
  if (!req.session) throw new Error("route is not behind requireSession");
  return req.session;
}
