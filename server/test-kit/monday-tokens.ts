// Tokens signed the way monday signs them, for tests and the simulator.
import type { JWTPayload } from "jose";
import { signMondayToken } from "../cli/simulate/monday-signer.ts";

export const TEST_SECRETS = {
  clientId: "test-client-id",
  clientSecret: "test-client-secret-0123456789abcdef",
  signingSecret: "test-signing-secret-0123456789abcdef",
  tokenEncryptionKey: Buffer.alloc(32, 7).toString("base64"),
};

export interface TokenOptions {
  secret?: string;
  /** seconds from now; negative for an expired token */
  expiresIn?: number;
  audience?: string;
  alg?: "HS256" | "HS384" | "HS512";
}

function sign(payload: JWTPayload, options: TokenOptions): Promise<string> {
  return signMondayToken(payload, { ...options, secret: options.secret ?? TEST_SECRETS.signingSecret });
}

/** A webhook token with top-level claims (board webhooks, app lifecycle). */
export function webhookToken(accountId: string | number, options: TokenOptions & { userId?: string | number; extra?: JWTPayload } = {}): Promise<string> {
  return sign({ accountId: Number(accountId), userId: Number(options.userId ?? 4242), shortLivedToken: "short-lived-test-token", ...options.extra }, options);
}

/** A token with monday's `dat` claim shape (feature lifecycle, board view sessionToken). */
export function datToken(dat: Record<string, unknown>, options: TokenOptions = {}): Promise<string> {
  return sign({ dat }, options);
}

export interface SessionUser {
  accountId: string | number;
  userId?: string | number;
  isViewOnly?: boolean;
  isGuest?: boolean;
  isAdmin?: boolean;
}

/** The board view's sessionToken: client secret, `dat` claims. */
export function sessionToken(user: SessionUser, options: TokenOptions = {}): Promise<string> {
  return datToken(
    {
      client_id: TEST_SECRETS.clientId,
      account_id: Number(user.accountId),
      user_id: Number(user.userId ?? 4242),
      slug: "demo",
      app_id: 10000001,
      app_version_id: 10000002,
      install_id: 10000003,
      is_admin: user.isAdmin ?? true,
      is_view_only: user.isViewOnly ?? false,
      is_guest: user.isGuest ?? false,
      user_kind: user.isGuest ? "guest" : user.isViewOnly ? "view_only" : (user.isAdmin ?? true) ? "admin" : "member",
    },
    { secret: TEST_SECRETS.clientSecret, ...options },
  );
}
