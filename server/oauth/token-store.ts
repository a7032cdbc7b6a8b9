// The accounts' OAuth tokens: stored encrypted, handed out decrypted to the monday API client, and
// (OAuth 2.1) refreshed before they expire or once after a 401.
//
// A refresh token works once: monday answers a refresh with a new pair and the old refresh token
// is dead. Two refreshes at once would burn the token and lose the account's access, so a refresh
// is single-flight in this process and, across processes, guarded by a lease on the row
// (`refresh_lease_until`, taken only at the version the refresher read). The winner stores the new
// pair and bumps `version` in one UPDATE; everyone else waits for the new version and uses it.
import { randomUUID } from "node:crypto";
import type { PrismaClient, Tx } from "../db/client.ts";
import type { Logger } from "../log/logger.ts";
import type { AccessGrant, AccountRef, AccountTokens } from "../monday-api/account-api.ts";
import { MondayNotConnectedError, MondayReconnectRequiredError, MondayUnavailableError } from "../monday-api/errors.ts";
import type { OAuthFlow } from "../config/config.ts";
import { OAuthGrantError, type MondayAuthServer, type TokenGrant } from "./auth-server.ts";
import type { TokenCipher } from "./token-cipher.ts";
import { chooseConnection } from "./connection-choice.ts";

/** What the board view shows of the connection a user acts with. */
export interface ConnectionStatus {
  connected: boolean;
  scopes: string[];
  needsReconnect: boolean;
}

export interface TokenStoreOptions {
  /** refresh when less than this is left (monday's advice: about 5 minutes) */
  refreshMarginMs?: number;
  /** how long a refresher may hold the row before another process may take over */
  leaseMs?: number;
  /** how long a request waits for another process's refresh */
  waitMs?: number;
}

interface TokenRow {
  id: string;
  accountId: string;
  userId: string;
  flow: string;
  accessToken: string;
  refreshToken: string | null;
  scopes: string;
  expiresAt: Date | null;
  version: number;
  needsReconnect: boolean;
  isAdmin: boolean;
  updatedAt: Date;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** a revoke runs in a task, outside any transaction: a slow monday is waited for */
const REVOKE_TIMEOUT_MS = 30_000;

export class TokenStore implements AccountTokens {
  private readonly refreshMarginMs: number;
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly inflight = new Map<string, Promise<AccessGrant>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly cipher: TokenCipher,
    private readonly auth: MondayAuthServer,
    private readonly log: Logger,
    options: TokenStoreOptions = {},
  ) {
    this.refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.waitMs = options.waitMs ?? 15_000;
  }

  /** Stores the token a user just granted (a new connect replaces the user's previous token); `isAdmin`: the user was an account admin when connecting. */
  async save(accountId: string, userId: string, isAdmin: boolean, flow: OAuthFlow, grant: TokenGrant): Promise<void> {
    const data = {
      flow,
      isAdmin,
      keyId: this.cipher.currentKeyId,
      accessToken: this.cipher.encrypt(grant.accessToken, accountId),
      refreshToken: grant.refreshToken ? this.cipher.encrypt(grant.refreshToken, accountId) : null,
      scopes: grant.scopes,
      expiresAt: grant.expiresAt,
      needsReconnect: false,
      refreshLeaseUntil: null,
    };
    await this.prisma.oAuthToken.upsert({
      where: { accountId_userId: { accountId, userId } },
      create: { id: randomUUID(), accountId, userId, ...data },
      update: { ...data, version: { increment: 1 } },
    });
  }

  async current(actor: AccountRef): Promise<AccessGrant> {
    const choice = chooseConnection(await this.prisma.oAuthToken.findMany({ where: { accountId: actor.accountId } }), actor);
    if ("missing" in choice) throw choice.missing === "oauth_required" ? new MondayNotConnectedError() : new MondayReconnectRequiredError("NEEDS_RECONNECT");
    const row = choice.row;
    if (!this.expiresSoon(row)) return this.grantOf(row);
    try {
      return await this.refreshed(row.id, row.version);
    } catch (error) {
      // monday's sign-in service is down but the token still works: use it while it does
      if (error instanceof MondayUnavailableError && row.expiresAt && row.expiresAt.getTime() > Date.now() + 10_000) return this.grantOf(row);
      throw error;
    }
  }

  async afterUnauthorized(grant: AccessGrant): Promise<AccessGrant | null> {
    const row = await this.prisma.oAuthToken.findUnique({ where: { id: grant.tokenId } });
    if (!row || row.flow !== "oauth2.1" || !row.refreshToken) return null;
    if (row.version !== grant.version) return this.grantOf(row);
    return this.refreshed(row.id, row.version);
  }

  async requireReconnect(grant: AccessGrant): Promise<void> {
    // only the token that failed: a newer one (the user connected again meanwhile) is fine
    await this.prisma.oAuthToken.updateMany({ where: { id: grant.tokenId, version: grant.version }, data: { needsReconnect: true } });
    this.log.warn({ accountId: grant.accountId, userId: grant.userId }, "monday no longer accepts the account's token: the board view asks to connect again");
  }

  /** The connection `actor` would act with, as the board view shows it. */
  async connectionOf(actor: AccountRef): Promise<ConnectionStatus> {
    const rows = await this.prisma.oAuthToken.findMany({
      where: { accountId: actor.accountId },
      select: { userId: true, isAdmin: true, scopes: true, needsReconnect: true, updatedAt: true },
    });
    const choice = chooseConnection(rows, actor);
    if ("row" in choice) return { connected: true, scopes: choice.row.scopes.split(/[\s,]+/).filter(Boolean), needsReconnect: false };
    return { connected: false, scopes: [], needsReconnect: choice.missing === "oauth_reconnect_required" };
  }

  /** Whether the account has a token monday still accepts (the handlers' `ctx.monday`). */
  async hasConnection(accountId: string): Promise<boolean> {
    return (await this.prisma.oAuthToken.count({ where: { accountId, needsReconnect: false } })) > 0;
  }

  /**
   * Uninstall, inside its transaction: the account's tokens stop existing for Hookboard at once.
   * OAuth 2.1 tokens (which monday can revoke) are kept aside for `revokeForgotten`, an HTTP call
   * made after the commit; legacy tokens have nothing to revoke. Returns how many wait for it.
   */
  async forgetAccount(accountId: string, tx: Tx): Promise<number> {
    const rows = await tx.oAuthToken.findMany({ where: { accountId } });
    const revocable = rows
      .filter((r) => r.flow === "oauth2.1")
      .flatMap((r) => [...(r.refreshToken ? [{ token: r.refreshToken, hint: "refresh_token" }] : []), { token: r.accessToken, hint: "access_token" }]);
    if (revocable.length) await tx.tokenRevocation.createMany({ data: revocable.map((t) => ({ id: randomUUID(), accountId, ...t })) });
    await tx.oAuthToken.deleteMany({ where: { accountId } });
    await tx.oAuthState.deleteMany({ where: { accountId } });
    return revocable.length;
  }

  /**
   * Revokes at monday the tokens `forgetAccount` kept aside, deleting each once monday has it (or
   * says it does not know it). Throws when monday could not be reached, for a retry later.
   */
  async revokeForgotten(accountId: string, log: Logger): Promise<number> {
    const rows = await this.prisma.tokenRevocation.findMany({ where: { accountId } });
    let failures = 0;
    await Promise.all(
      rows.map(async (row) => {
        try {
          await this.auth.revoke(this.cipher.decrypt(row.token, accountId), row.hint === "refresh_token" ? "refresh_token" : "access_token", REVOKE_TIMEOUT_MS);
        } catch (error) {
          if (!(error instanceof OAuthGrantError)) {
            failures++;
            log.warn(
              { accountId, hint: row.hint, err: error instanceof Error ? error.message : String(error) },
              "could not revoke a token at monday; will try again",
            );
            return;
          }
        }
        await this.prisma.tokenRevocation.delete({ where: { id: row.id } }).catch(() => undefined);
      }),
    );
    if (failures) throw new MondayUnavailableError(`${failures} of ${rows.length} token revocations did not reach monday`);
    if (rows.length) log.info({ accountId, revoked: rows.length }, "the uninstalled account's tokens were revoked at monday");
    return rows.length;
  }

  private expiresSoon(row: TokenRow): boolean {
    return row.flow === "oauth2.1" && !!row.refreshToken && !!row.expiresAt && row.expiresAt.getTime() - Date.now() < this.refreshMarginMs;
  }

  private grantOf(row: TokenRow): AccessGrant {
    return {
      tokenId: row.id,
      accountId: row.accountId,
      userId: row.userId,
      accessToken: this.cipher.decrypt(row.accessToken, row.accountId),
      version: row.version,
    };
  }

  private refreshed(id: string, seenVersion: number): Promise<AccessGrant> {
    const key = `${id}@${seenVersion}`;
    let running = this.inflight.get(key);
    if (!running) {
      running = this.refreshOnce(id, seenVersion).finally(() => this.inflight.delete(key));
      this.inflight.set(key, running);
    }
    return running;
  }

  private async refreshOnce(id: string, seenVersion: number): Promise<AccessGrant> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const now = new Date();
      const leased = await this.prisma.oAuthToken.updateMany({
        where: { id, version: seenVersion, OR: [{ refreshLeaseUntil: null }, { refreshLeaseUntil: { lt: now } }] },
        data: { refreshLeaseUntil: new Date(now.getTime() + this.leaseMs) },
      });
      if (leased.count === 1) return this.rotate(id, seenVersion);
      const row = await this.prisma.oAuthToken.findUnique({ where: { id } });
      if (!row) throw new MondayNotConnectedError();
      if (row.version !== seenVersion) {
        if (row.needsReconnect) throw new MondayReconnectRequiredError("NEEDS_RECONNECT");
        return this.grantOf(row);
      }
      if (row.needsReconnect) throw new MondayReconnectRequiredError("NEEDS_RECONNECT");
      if (Date.now() > deadline) throw new MondayUnavailableError("another refresh of the token is taking too long");
      await sleep(100);
    }
  }

  /** Holding the lease at `version`: trades the refresh token for a new pair and stores both at once. */
  private async rotate(id: string, version: number): Promise<AccessGrant> {
    const row = await this.prisma.oAuthToken.findUnique({ where: { id } });
    if (!row || row.version !== version || !row.refreshToken) throw new MondayNotConnectedError();
    let grant: TokenGrant;
    try {
      grant = await this.auth.refresh(this.cipher.decrypt(row.refreshToken, row.accountId));
    } catch (error) {
      const refused = error instanceof OAuthGrantError;
      const released = await this.prisma.oAuthToken.updateMany({
        where: { id, version },
        data: { refreshLeaseUntil: null, ...(refused ? { needsReconnect: true } : {}) },
      });
      if (released.count === 0) {
        // another process took over an expired lease and stored a newer pair: that one counts
        const newer = await this.prisma.oAuthToken.findUnique({ where: { id } });
        if (newer && !newer.needsReconnect) return this.grantOf(newer);
      }
      if (refused) {
        this.log.warn(
          { accountId: row.accountId, userId: row.userId, reason: error.reason },
          "monday refused to refresh the account's token: the board view asks to connect again",
        );
        throw new MondayReconnectRequiredError("REFRESH_REFUSED");
      }
      throw new MondayUnavailableError("the token could not be refreshed");
    }
    // monday always sends a new refresh token; if it ever did not, the old one is still the latest
    const refreshToken = grant.refreshToken ?? this.cipher.decrypt(row.refreshToken, row.accountId);
    const stored = await this.prisma.oAuthToken.updateMany({
      where: { id, version },
      data: {
        keyId: this.cipher.currentKeyId,
        accessToken: this.cipher.encrypt(grant.accessToken, row.accountId),
        refreshToken: this.cipher.encrypt(refreshToken, row.accountId),
        scopes: grant.scopes || row.scopes,
        expiresAt: grant.expiresAt,
        version: version + 1,
        refreshLeaseUntil: null,
        needsReconnect: false,
      },
    });
    if (stored.count !== 1) {
      // the row went (uninstall) or was replaced by a new connect while monday answered
      const now = await this.prisma.oAuthToken.findUnique({ where: { id } });
      if (!now) throw new MondayNotConnectedError();
      return this.grantOf(now);
    }
    this.log.info({ accountId: row.accountId, userId: row.userId }, "OAuth token refreshed");
    return { tokenId: id, accountId: row.accountId, userId: row.userId, accessToken: grant.accessToken, version: version + 1 };
  }
}
