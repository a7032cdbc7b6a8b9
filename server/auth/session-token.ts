// The board view's sessionToken (client secret, `dat` claims) authenticates every /api call and
// scopes it to one account and one user, with that user's rights.
import type { RequestHandler } from "express";
import { decodeJwt } from "jose";
import type { Config } from "../config/config.ts";
import type { MondayClaims } from "./monday-jwt.ts";
import { MondayJwtError, tokenFromAuthorization, verifyMondayJwt } from "./monday-jwt.ts";
import { toUnauthorized } from "./webhook-auth.ts";

/** A verified board view session: who the user is and what monday says they may do. */
export interface BoardViewSession {
  accountId: string;
  userId: string;
  appId: string;
  /** monday's `is_admin`: an account admin, who may use the account's connection */
  isAdmin: boolean;
  /**
   * May change things (webhooks, the user's own monday connection). Only when monday says so: the
   * user is neither view-only nor a guest. A token without those flags gets a viewer's rights.
   */
  canEdit: boolean;
  expiresAt: Date | null;
}

declare module "express-serve-static-core" {
  interface Request {
    session?: BoardViewSession;
  }
}

/**
 * What monday puts in every board view sessionToken's `dat` (monday-platform.md §1) that identifies
 * the user and the app. Other tokens signed with the Client Secret (some lifecycle webhooks) lack
 * them or name an audience; they are not a user's session.
 */
const SESSION_IDENTITY_CLAIMS = ["client_id", "account_id", "user_id", "app_id"] as const;
/** monday's `user_kind` values that may not change anything */
const READ_ONLY_KINDS = new Set(["guest", "view_only", "viewer"]);

function datOf(token: string): Record<string, unknown> | null {
  const payload = decodeJwt(token);
  if (payload.aud !== undefined) return null;
  const dat = payload.dat;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: the type guard for what follows; a dat that is no object (a string, an array) has none of the identity claims and is refused by their check either way
  return dat && typeof dat === "object" && !Array.isArray(dat) ? (dat as Record<string, unknown>) : null;
}

function sessionOfClaims(claims: MondayClaims, dat: Record<string, unknown>): BoardViewSession {
  if (!claims.userId || !claims.appId) throw new MondayJwtError("claims", "not a board view sessionToken");
  const canEdit = dat.is_view_only === false && dat.is_guest === false && !(typeof dat.user_kind === "string" && READ_ONLY_KINDS.has(dat.user_kind));
  return { accountId: claims.accountId, userId: claims.userId, appId: claims.appId, isAdmin: dat.is_admin === true, canEdit, expiresAt: claims.expiresAt };
}

export async function verifySessionToken(config: Config, token: string | null): Promise<BoardViewSession> {
  const claims = await verifyMondayJwt(token, {
    secrets: [{ kind: "client", secret: config.mondayClientSecret }],
    requireExp: true,
  });
  const dat = datOf(token!);
  if (!dat || SESSION_IDENTITY_CLAIMS.some((claim) => dat[claim] === undefined || dat[claim] === null || dat[claim] === "")) {
    throw new MondayJwtError("claims", "not a board view sessionToken: it lacks the claims monday puts in one");
  }
  return sessionOfClaims(claims, dat);
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
export function sessionOf(req: { session?: BoardViewSession }): BoardViewSession {
  if (!req.session) throw new Error("route is not behind requireSession");
  return req.session;
}
