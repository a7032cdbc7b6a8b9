// monday's API on behalf of an account, with the account's stored OAuth token: a 401 gets one fresh
// token (OAuth 2.1 refresh) and one more try; a missing scope or a token monday no longer accepts
// puts the account in the "reconnect" state the board view shows.
import { MondayReconnectRequiredError, MondayUnauthenticatedError } from "./errors.ts";
import type { MondayApi, RequestOptions, Variables } from "./monday-api.ts";

export interface AccessGrant {
  tokenId: string;
  accountId: string;
  userId: string;
  accessToken: string;
  version: number;
}

/** Where account tokens come from (implemented by the OAuth capability). */
export interface AccountTokens {
  /** the token `actor` may act with (oauth/connection-choice.ts); throws MondayNotConnectedError / MondayReconnectRequiredError */
  current(actor: AccountRef): Promise<AccessGrant>;
  /** after monday answered 401 to `grant`: a fresh token, or null when none can be had */
  afterUnauthorized(grant: AccessGrant): Promise<AccessGrant | null>;
  /** records that the user must connect again */
  requireReconnect(grant: AccessGrant): Promise<void>;
}

/** Who a call to monday acts for: a board view user (their own connection; an admin may use the account's), or, without a user, Hookboard's own work for the account. */
export interface AccountRef {
  accountId: string;
  userId?: string | null;
  /** the user is an account admin (monday's `is_admin` in their sessionToken) */
  isAdmin?: boolean;
}

export class AccountMondayApi {
  constructor(
    private readonly api: MondayApi,
    private readonly tokens: AccountTokens,
  ) {}

  async request<T>(account: AccountRef, query: string, variables?: Variables, options?: RequestOptions): Promise<T> {
    const grant = await this.tokens.current(account);
    try {
      return await this.api.request<T>(grant.accessToken, query, variables, options);
    } catch (error) {
      if (error instanceof MondayReconnectRequiredError) await this.tokens.requireReconnect(grant);
      if (!(error instanceof MondayUnauthenticatedError)) throw error;
    }
    const fresh = await this.tokens.afterUnauthorized(grant);
    if (!fresh) {
      await this.tokens.requireReconnect(grant);
      throw new MondayReconnectRequiredError("UNAUTHENTICATED", 401);
    }
    try {
      return await this.api.request<T>(fresh.accessToken, query, variables, options);
    } catch (error) {
      if (error instanceof MondayReconnectRequiredError || error instanceof MondayUnauthenticatedError) {
        await this.tokens.requireReconnect(fresh);
        throw error instanceof MondayReconnectRequiredError ? error : new MondayReconnectRequiredError("UNAUTHENTICATED", 401);
      }
      throw error;
    }
  }
}
