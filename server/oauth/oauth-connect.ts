// Connecting an account: the start of the flow (a one-time state, PKCE in OAuth 2.1) and its end
// (state checked, code exchanged, the token checked to belong to the account that started, stored).
import type { BoardViewSession } from "../auth/session-token.ts";
import { HttpError } from "../http/http-error.ts";
import type { Logger } from "../log/logger.ts";
import { MondayApiError, MondayReconnectRequiredError } from "../monday-api/errors.ts";
import type { MondayApi } from "../monday-api/monday-api.ts";
import { OAuthGrantError, OAuthServerError, type MondayAuthServer, type TokenGrant } from "./auth-server.ts";
import type { OAuthStates } from "./oauth-state.ts";
import type { TokenStore } from "./token-store.ts";

export interface CallbackQuery {
  state: string;
  code?: string | undefined;
  status?: string | undefined;
  error?: string | undefined;
}

export interface Connected {
  accountId: string;
  userId: string;
  scopes: string[];
}

const OK_STATUSES = new Set(["success", "ok", "approved", "granted", "200"]);

interface MeAnswer {
  me: { id: string | number; account: { id: string | number } | null } | null;
}

export class OAuthConnect {
  constructor(
    private readonly auth: MondayAuthServer,
    private readonly states: OAuthStates,
    private readonly tokens: TokenStore,
    private readonly api: MondayApi,
    private readonly log: Logger,
  ) {}

  /** The URL of monday's consent page for the session's user; viewers and guests do not connect (403). */
  async start(session: BoardViewSession): Promise<string> {
    if (!session.canEdit) throw new HttpError(403, "forbidden", "Viewers and guests cannot connect Hookboard to monday");
    const { state, codeChallenge } = await this.states.create(session, this.auth.flow === "oauth2.1");
    return this.auth.authorizeUrl(state, codeChallenge);
  }

  async finish(query: CallbackQuery): Promise<Connected> {
    const started = await this.states.consume(query.state);
    const refused = query.error ?? (query.status !== undefined && !OK_STATUSES.has(query.status.toLowerCase()) ? query.status : undefined);
    if (refused !== undefined || !query.code) {
      throw new HttpError(400, "oauth_denied", refused ? `monday did not grant access (${refused.slice(0, 60)})` : "monday sent no authorization code");
    }

    let grant: TokenGrant;
    try {
      grant = await this.auth.exchangeCode(query.code, started.codeVerifier);
    } catch (error) {
      if (error instanceof OAuthGrantError) throw new HttpError(400, "oauth_code_rejected", `${error.message}; start connecting again from the board view`);
      if (error instanceof OAuthServerError) throw new HttpError(502, "monday_unavailable", error.message);
      throw error;
    }

    const owner = await this.ownerOf(grant);
    if (owner.accountId !== started.accountId) {
      await this.discard(grant);
      this.log.warn(
        { startedFor: started.accountId, grantedBy: owner.accountId },
        "OAuth grant came from another monday account than the board view's; not stored",
      );
      throw new HttpError(
        400,
        "account_mismatch",
        "You approved Hookboard in another monday account than the one this board belongs to; sign in to that account and connect again",
      );
    }
    if (owner.userId !== started.userId) {
      // the token carries the rights of whoever approved; it is stored only for the user who asked
      await this.discard(grant);
      this.log.warn(
        { accountId: owner.accountId, startedBy: started.userId, grantedBy: owner.userId },
        "OAuth grant came from another monday user than the one who started; not stored",
      );
      throw new HttpError(
        400,
        "user_mismatch",
        "You approved Hookboard as another monday user than the one using this board view; sign in to monday as yourself and connect again",
      );
    }
    await this.tokens.save(owner.accountId, owner.userId, started.isAdmin, this.auth.flow, grant);
    this.log.info({ accountId: owner.accountId, userId: owner.userId, flow: this.auth.flow, scopes: grant.scopes }, "account connected to monday");
    return { ...owner, scopes: grant.scopes.split(/[\s,]+/).filter(Boolean) };
  }

  /** Who granted the token, asked of monday with the token itself. */
  private async ownerOf(grant: TokenGrant): Promise<{ accountId: string; userId: string }> {
    try {
      const { me } = await this.api.request<MeAnswer>(grant.accessToken, "query { me { id account { id } } }");
      if (!me?.account) throw new HttpError(502, "monday_error", "monday did not say which account the new token belongs to");
      return { accountId: String(me.account.id), userId: String(me.id) };
    } catch (error) {
      if (!(error instanceof MondayApiError)) throw error;
      await this.discard(grant);
      if (error instanceof MondayReconnectRequiredError) {
        throw new HttpError(
          400,
          "oauth_scope_missing",
          "Hookboard needs every permission it asks for (including reading your monday user); connect again and approve them all",
        );
      }
      throw new HttpError(502, "monday_error", `The new token could not be checked with monday: ${error.message}`);
    }
  }

  private async discard(grant: TokenGrant): Promise<void> {
    if (this.auth.flow !== "oauth2.1") return;
    await Promise.all(
      [grant.refreshToken && this.auth.revoke(grant.refreshToken, "refresh_token"), this.auth.revoke(grant.accessToken, "access_token")].map((p) =>
        Promise.resolve(p).catch(() => undefined),
      ),
    );
  }
}
