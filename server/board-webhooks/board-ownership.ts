// A board id from the board view is the user's claim: before acting on it, monday is asked, with
// the connection the user acts with (their own; an admin's may be the account's), whether that
// user can see the board. Answers are kept briefly per user, so a board view that lists and creates
// does not ask twice, and one user's answer is never another's.
import { notFound } from "../http/http-error.ts";
import type { AccountRef } from "../monday-api/account-api.ts";
import type { MondayWebhooks } from "./monday-webhooks.ts";

const OWNED_TTL_MS = 60_000;
const NOT_OWNED_TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;
/** an admin's answer is kept apart from the same user's as a member (their connection may be the account's) */
const ADMIN_MARK = "+admin";

export class BoardOwnership {
  private readonly cache = new Map<string, { owned: boolean; until: number }>();

  constructor(private readonly monday: MondayWebhooks) {}

  /** Resolves when the user can see the board; otherwise a 404 (another account's board looks like no board). */
  async require(account: AccountRef, boardId: string): Promise<void> {
    // Stryker disable next-line StringLiteral: "" (not an admin) and "-" (no user) only need to differ from ADMIN_MARK and from a user id; any other text keys the same way
    const who = account.userId ? account.userId + (account.isAdmin ? ADMIN_MARK : "") : "-";
    const key = `${account.accountId}:${who}:${boardId}`;
    const now = Date.now();
    const known = this.cache.get(key);
    let owned = known && known.until > now ? known.owned : null;
    if (owned === null) {
      owned = (await this.monday.visibleBoards(account, [boardId])).has(boardId);
      if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, { owned, until: now + (owned ? OWNED_TTL_MS : NOT_OWNED_TTL_MS) });
    }
    if (!owned) throw notFound("No such board in this account", "board_not_found");
  }

  /** Forgets what is known of an account (e.g. after uninstall). */
  forget(accountId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${accountId}:`)) this.cache.delete(key);
  }
}
