// monday's OAuth server, as the stand-in plays it: the authorize page (the "user" approves at once
// as whoever is signed in), the legacy token endpoint (tokens that never expire), the OAuth 2.1
// endpoints (PKCE S256 required, expiring JWT access tokens, refresh tokens that work once), revoke,
// and the check that makes the GraphQL API refuse unknown, expired or revoked tokens with a 401.
import { createHash, randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { SignJWT } from "jose";
import { sessionToken, TEST_SECRETS, type SessionUser } from "../monday-tokens.ts";
import { sendJson, type MondayStandIn, type RecordedRequest } from "./standin-server.ts";

export interface MondayUser {
  accountId: string;
  userId: string;
}

export interface IssuedToken extends MondayUser {
  token: string;
  scopes: string[];
  /** personal: a user's personal API token (Admin → API), not the app's */
  flow: "legacy" | "oauth2.1" | "personal";
  expiresAt: Date | null;
  revoked: boolean;
}

interface RefreshRecord extends MondayUser {
  token: string;
  scopes: string[];
  used: boolean;
  revoked: boolean;
}

interface CodeRecord extends MondayUser {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  expiresAt: number;
  used: boolean;
}

const STANDIN_JWT_KEY = new TextEncoder().encode("monday-standin-token-signing-key-0123456789");
const random = () => randomBytes(24).toString("base64url");

export class MondayOAuthStandIn {
  /** who the browser is signed in to monday as; the authorize page approves for them */
  signedIn: MondayUser | null = null;
  /** scopes the user approves (null: everything asked for) */
  grantScopes: string[] | null = null;
  /** the next authorize visit is denied by the user */
  denyNext = false;
  /** lifetime of OAuth 2.1 access tokens issued from now on */
  accessTokenTtlSeconds = 3600;
  /** delay before the token endpoint answers a refresh (to make refreshes overlap) */
  refreshDelayMs = 0;
  /** delay before the revoke endpoint answers (a slow monday); the token is revoked when it answers */
  revokeDelayMs = 0;
  /** revoke requests received, answered or not */
  revokeRequests = 0;
  /** tokens whose revoke monday answered, in order (a token revoked twice is listed twice) */
  private readonly revoked: string[] = [];
  readonly accessTokens = new Map<string, IssuedToken>();
  readonly refreshTokens = new Map<string, RefreshRecord>();
  private readonly codes = new Map<string, CodeRecord>();

  constructor(
    private readonly standin: MondayStandIn,
    private readonly client = { id: TEST_SECRETS.clientId, secret: TEST_SECRETS.clientSecret },
  ) {
    standin.route("GET", "/oauth2/authorize", (req, res) => this.authorize(req, res));
    standin.route("POST", "/oauth2/token", (req, res) => this.legacyToken(req, res));
    standin.route("POST", "/oauth_ms/oauth/token", (req, res) => this.token21(req, res));
    standin.route("POST", "/oauth_ms/oauth/revoke", (req, res) => this.revoke(req, res));
    standin.route("GET", "/oauth_ms/.well-known/oauth-authorization-server", (_req, res) =>
      sendJson(res, 200, {
        issuer: standin.url,
        authorization_endpoint: `${standin.url}/oauth2/authorize`,
        token_endpoint: `${standin.url}/oauth_ms/oauth/token`,
        revocation_endpoint: `${standin.url}/oauth_ms/oauth/revoke`,
        code_challenge_methods_supported: ["S256"],
        grant_types_supported: ["authorization_code", "refresh_token"],
      }),
    );
    standin.authenticate((token) => this.whoIs(token) !== null);
  }

  /** The holder of a usable access token (known, not expired, not revoked), else null. */
  whoIs(token: string): IssuedToken | null {
    const t = this.accessTokens.get(token.replace(/^bearer\s+/i, ""));
    if (!t || t.revoked || (t.expiresAt && t.expiresAt.getTime() <= Date.now())) return null;
    return t;
  }

  /** A personal API token of `user`, as a user copies it from monday's Developer section; it never expires. */
  personalToken(user: MondayUser, scopes = ["me:read", "boards:read", "webhooks:read", "webhooks:write"]): string {
    const token = `personal-${random()}`;
    this.accessTokens.set(token, { token, ...user, scopes, flow: "personal", expiresAt: null, revoked: false });
    return token;
  }

  /** Refresh tokens monday would still accept. */
  validRefreshTokens(): string[] {
    return [...this.refreshTokens.values()].filter((r) => !r.used && !r.revoked).map((r) => r.token);
  }

  /** Access tokens monday would still accept. */
  validAccessTokens(): string[] {
    return [...this.accessTokens.keys()].filter((t) => this.whoIs(t));
  }

  /** Every token value ever issued (to look for them where they must not be). */
  everyTokenIssued(): string[] {
    return [...this.accessTokens.keys(), ...this.refreshTokens.keys()];
  }

  /** Makes every access token issued so far unusable, as if they had expired. */
  expireAccessTokens(): void {
    for (const t of this.accessTokens.values()) t.expiresAt = new Date(Date.now() - 1000);
  }

  private requests(path: string): RecordedRequest[] {
    return this.standin.requests.filter((r) => r.path === path);
  }

  /** The refresh grants received, oldest first. */
  refreshRequests(): RecordedRequest[] {
    return this.requests("/oauth_ms/oauth/token").filter((r) => (r.json as { grant_type?: string } | null)?.grant_type === "refresh_token");
  }

  /** The tokens revoked through the revoke endpoint, in order. */
  revokedTokens(): string[] {
    return [...this.revoked];
  }

  private authorize(req: RecordedRequest, res: ServerResponse): void {
    const q = req.query;
    const redirectUri = q.get("redirect_uri");
    const state = q.get("state");
    if (q.get("client_id") !== this.client.id || !redirectUri) {
      sendJson(res, 400, { error: "invalid_request", error_description: "unknown client or no redirect_uri" });
      return;
    }
    const back = new URL(redirectUri);
    if (state !== null) back.searchParams.set("state", state);
    const challenge = q.get("code_challenge");
    if (challenge && q.get("code_challenge_method") !== "S256") {
      sendJson(res, 400, { error: "invalid_request", error_description: "only S256 is supported" });
      return;
    }
    if (this.denyNext || !this.signedIn) {
      this.denyNext = false;
      back.searchParams.set("error", "access_denied");
      back.searchParams.set("status", "denied");
    } else {
      const code = random();
      const asked = (q.get("scope") ?? "").split(/\s+/).filter(Boolean);
      this.codes.set(code, {
        ...this.signedIn,
        clientId: this.client.id,
        redirectUri,
        scopes: this.grantScopes ?? asked,
        codeChallenge: challenge,
        expiresAt: Date.now() + 10 * 60_000,
        used: false,
      });
      back.searchParams.set("code", code);
      if (challenge) back.searchParams.set("status", "success");
    }
    res.writeHead(302, { location: back.toString() });
    res.end();
  }

  private clientOk(body: Record<string, unknown>, res: ServerResponse): boolean {
    if (body.client_id === this.client.id && body.client_secret === this.client.secret) return true;
    sendJson(res, 401, { error: "invalid_client" });
    return false;
  }

  /** A one-time, unexpired code issued to this client for this redirect_uri. */
  private takeCode(body: Record<string, unknown>): CodeRecord | null {
    const record = typeof body.code === "string" ? this.codes.get(body.code) : undefined;
    if (!record || record.used || record.expiresAt < Date.now() || record.redirectUri !== body.redirect_uri) return null;
    record.used = true;
    return record;
  }

  private legacyToken(req: RecordedRequest, res: ServerResponse): void {
    const body = (req.json ?? {}) as Record<string, unknown>;
    if (!this.clientOk(body, res)) return;
    const code = this.takeCode(body);
    if (!code) {
      sendJson(res, 400, { error: "invalid_grant" });
      return;
    }
    const token = `legacy_${random()}`;
    this.accessTokens.set(token, {
      token,
      accountId: code.accountId,
      userId: code.userId,
      scopes: code.scopes,
      flow: "legacy",
      expiresAt: null,
      revoked: false,
    });
    sendJson(res, 200, { access_token: token, token_type: "bearer", scope: code.scopes.join(" ") });
  }

  private async issue21({ accountId, userId }: MondayUser, scopes: string[]) {
    const user = { accountId, userId };
    const exp = Math.floor(Date.now() / 1000) + this.accessTokenTtlSeconds;
    const accessToken = await new SignJWT({ actid: Number(user.accountId), uid: Number(user.userId), scp: scopes.join(" "), jti: random() })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(STANDIN_JWT_KEY);
    const refreshToken = `rt_${random()}`;
    this.accessTokens.set(accessToken, { token: accessToken, ...user, scopes, flow: "oauth2.1", expiresAt: new Date(exp * 1000), revoked: false });
    this.refreshTokens.set(refreshToken, { token: refreshToken, ...user, scopes, used: false, revoked: false });
    return { access_token: accessToken, refresh_token: refreshToken, token_type: "Bearer", scope: scopes.join(" "), expires_in: this.accessTokenTtlSeconds };
  }

  private async token21(req: RecordedRequest, res: ServerResponse): Promise<void> {
    const body = (req.json ?? {}) as Record<string, unknown>;
    if (!this.clientOk(body, res)) return;
    if (body.grant_type === "authorization_code") {
      const code = this.takeCode(body);
      const verifier = typeof body.code_verifier === "string" ? body.code_verifier : "";
      const proof = createHash("sha256").update(verifier).digest("base64url");
      // PKCE is required in this flow
      if (!code || !code.codeChallenge || verifier.length < 43 || verifier.length > 128 || proof !== code.codeChallenge) {
        sendJson(res, 400, { error: "invalid_grant" });
        return;
      }
      sendJson(res, 200, await this.issue21(code, code.scopes));
      return;
    }
    if (body.grant_type === "refresh_token") {
      if (this.refreshDelayMs) await new Promise((r) => setTimeout(r, this.refreshDelayMs));
      const record = typeof body.refresh_token === "string" ? this.refreshTokens.get(body.refresh_token) : undefined;
      if (!record || record.used || record.revoked) {
        sendJson(res, 400, { error: "invalid_grant", error_description: "refresh token is invalid, used or revoked" });
        return;
      }
      record.used = true;
      sendJson(res, 200, await this.issue21(record, record.scopes));
      return;
    }
    sendJson(res, 400, { error: "unsupported_grant_type" });
  }

  private async revoke(req: RecordedRequest, res: ServerResponse): Promise<void> {
    this.revokeRequests++;
    if (this.revokeDelayMs) await new Promise((r) => setTimeout(r, this.revokeDelayMs));
    const body = (req.json ?? {}) as Record<string, unknown>;
    if (!this.clientOk(body, res)) return;
    const token = String(body.token ?? "");
    this.revoked.push(token);
    const access = this.accessTokens.get(token);
    if (access) access.revoked = true;
    const refresh = this.refreshTokens.get(token);
    if (refresh) refresh.revoked = true;
    sendJson(res, 200, { success: true });
  }
}

export interface BrowserVisit {
  /** the status and body of the page the OAuth window ends on (0 and "" when stopped at the callback) */
  status: number;
  page: string;
  /** where the browser went, in order */
  visited: string[];
  /** the callback URL monday sent the browser back to */
  callbackUrl: string | null;
}

/**
 * The board view's "Connect" as a browser does it: POST /oauth/start with the sessionToken in
 * Authorization (as the view does), open the consent page address it answers (the stand-in approves
 * for whoever is signed in), follow monday's redirect back to the callback, and read the page it
 * ends on. A refused start ends there, with its status and JSON.
 */
export async function connectThroughBrowser(hookboardUrl: string, user: SessionUser, options: { stopAtCallback?: boolean } = {}): Promise<BrowserVisit> {
  const visited: string[] = [];
  let callbackUrl: string | null = null;
  const started = await fetch(`${hookboardUrl}/oauth/start`, { method: "POST", headers: { authorization: await sessionToken(user) } });
  const startPage = await started.text();
  if (started.status !== 201) return { status: started.status, page: startPage, visited, callbackUrl };
  let url = (JSON.parse(startPage) as { url: string }).url;
  for (let hop = 0; hop < 5; hop++) {
    visited.push(url);
    const res = await fetch(url, { redirect: "manual", headers: { accept: "text/html,application/xhtml+xml" } });
    const location = res.headers.get("location");
    if (res.status < 300 || res.status >= 400 || !location) return { status: res.status, page: await res.text(), visited, callbackUrl };
    url = new URL(location, url).toString();
    if (new URL(url).pathname === "/oauth/callback") {
      callbackUrl = url;
      if (options.stopAtCallback) return { status: 0, page: "", visited, callbackUrl };
    }
  }
  throw new Error(`too many redirects: ${visited.join(" -> ")}`);
}

/** Opens a callback URL as the browser would (HTML), or as a program would (JSON). */
export async function openCallback(url: string, as: "browser" | "program" = "browser"): Promise<{ status: number; text: string; contentType: string }> {
  const res = await fetch(url, { redirect: "manual", headers: as === "browser" ? { accept: "text/html,application/xhtml+xml" } : {} });
  return { status: res.status, text: await res.text(), contentType: res.headers.get("content-type") ?? "" };
}
