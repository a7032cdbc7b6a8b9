// monday's OAuth server: the authorize URL the browser goes to, and the token, refresh and revoke
// endpoints of both flows (legacy `/oauth2/token`, OAuth 2.1 `/oauth_ms/oauth/...`).
import { decodeJwt } from "jose";
import { z } from "zod";
import type { Config } from "../config/config.ts";

export const OAUTH_SCOPES = ["me:read", "boards:read", "webhooks:read", "webhooks:write"] as const;

export interface TokenGrant {
  accessToken: string;
  refreshToken: string | null;
  /** space-separated, as monday granted them */
  scopes: string;
  expiresAt: Date | null;
}

/** monday refused the code or refresh token (used, expired, revoked): only a new connect helps. */
export class OAuthGrantError extends Error {
  constructor(readonly reason: string) {
    super(`monday refused the authorization (${reason})`);
    this.name = "OAuthGrantError";
  }
}

/** monday's OAuth server could not be reached or failed. */
export class OAuthServerError extends Error {
  constructor(detail: string) {
    super(`monday's sign-in service is not available right now (${detail})`);
    this.name = "OAuthServerError";
  }
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  token_type: z.string().nullish(),
  scope: z.string().nullish(),
  expires_in: z.number().positive().nullish(),
});

type AuthConfig = Pick<Config, "mondayAuthUrl" | "mondayClientId" | "mondayClientSecret" | "oauthFlow" | "publicUrl" | "oauthExtraScopes">;

const TIMEOUT_MS = 10_000;

export class MondayAuthServer {
  readonly redirectUri: string;

  constructor(private readonly config: AuthConfig) {
    this.redirectUri = `${config.publicUrl}/oauth/callback`;
  }

  get flow() {
    return this.config.oauthFlow;
  }

  authorizeUrl(state: string, codeChallenge: string | null): string {
    const url = new URL(`${this.config.mondayAuthUrl}/oauth2/authorize`);
    url.searchParams.set("client_id", this.config.mondayClientId);
    url.searchParams.set("redirect_uri", this.redirectUri);
    url.searchParams.set("state", state);
    url.searchParams.set("scope", [...new Set([...OAUTH_SCOPES, ...this.config.oauthExtraScopes])].join(" "));
    if (codeChallenge) {
      url.searchParams.set("response_type", "code");
      url.searchParams.set("code_challenge", codeChallenge);
      url.searchParams.set("code_challenge_method", "S256");
    }
    return url.toString();
  }

  exchangeCode(code: string, codeVerifier: string | null): Promise<TokenGrant> {
    const credentials = { client_id: this.config.mondayClientId, client_secret: this.config.mondayClientSecret, redirect_uri: this.redirectUri, code };
    if (this.flow === "legacy") return this.token("/oauth2/token", credentials);
    if (!codeVerifier) throw new OAuthGrantError("missing PKCE verifier");
    return this.token("/oauth_ms/oauth/token", { grant_type: "authorization_code", ...credentials, code_verifier: codeVerifier });
  }

  refresh(refreshToken: string): Promise<TokenGrant> {
    return this.token("/oauth_ms/oauth/token", {
      grant_type: "refresh_token",
      client_id: this.config.mondayClientId,
      client_secret: this.config.mondayClientSecret,
      refresh_token: refreshToken,
    });
  }

  async revoke(token: string, hint: "access_token" | "refresh_token", timeoutMs = TIMEOUT_MS): Promise<void> {
    const res = await this.post(
      "/oauth_ms/oauth/revoke",
      { token, client_id: this.config.mondayClientId, client_secret: this.config.mondayClientSecret, token_type_hint: hint },
      timeoutMs,
    );
    // monday refusing the token (unknown, already revoked) leaves nothing to revoke
    if (res.status >= 400 && res.status < 500) throw new OAuthGrantError(`revoke answered HTTP ${res.status}`);
    if (!res.ok) throw new OAuthServerError(`revoke answered HTTP ${res.status}`);
  }

  private async post(path: string, body: Record<string, string>, timeoutMs = TIMEOUT_MS): Promise<Response> {
    try {
      return await fetch(`${this.config.mondayAuthUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new OAuthServerError("could not connect");
    }
  }

  private async token(path: string, body: Record<string, string>): Promise<TokenGrant> {
    const res = await this.post(path, body);
    const json: unknown = await res.json().catch(() => null);
    if (res.status >= 500) throw new OAuthServerError(`HTTP ${res.status}`);
    if (!res.ok) {
      const reason =
        json && typeof json === "object" && typeof (json as { error?: unknown }).error === "string" ? (json as { error: string }).error : `HTTP ${res.status}`;
      throw new OAuthGrantError(reason.slice(0, 100));
    }
    const parsed = tokenResponse.safeParse(json);
    if (!parsed.success) throw new OAuthServerError("the token answer was not understood");
    const t = parsed.data;
    return {
      accessToken: t.access_token,
      refreshToken: t.refresh_token ?? null,
      scopes: (t.scope ?? "").trim(),
      expiresAt: expiryOf(t.access_token, t.expires_in ?? null),
    };
  }
}

/** OAuth 2.1 access tokens are JWTs whose `exp` says when they expire; legacy tokens never do. */
function expiryOf(accessToken: string, expiresIn: number | null): Date | null {
  try {
    const { exp } = decodeJwt(accessToken);
    if (typeof exp === "number") return new Date(exp * 1000);
  } catch {
    // not a JWT: a legacy token
  }
  return expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
}
