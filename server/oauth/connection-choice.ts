// Whose monday connection a call uses. An OAuth token is one user's grant, with that user's rights
// in monday (private boards, roles): a user acts with their own connection; an account admin may
// also use the account's connection (the newest connection of an admin, who had an admin's rights
// when connecting); a user with neither is asked to connect. Hookboard's own work for an account
// (handlers, no user) uses the account's connection, else the newest connection the account has.
import type { AccountRef } from "../monday-api/account-api.ts";

export interface ConnectionCandidate {
  userId: string;
  /** the user was an account admin when connecting */
  isAdmin: boolean;
  needsReconnect: boolean;
  updatedAt: Date;
}

export type ConnectionChoice<T> = { row: T } | { missing: "oauth_required" | "oauth_reconnect_required" };

export function chooseConnection<T extends ConnectionCandidate>(rows: readonly T[], actor: AccountRef): ConnectionChoice<T> {
  const newestFirst = [...rows].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  const usable = newestFirst.filter((r) => !r.needsReconnect);
  const accountConnection = usable.find((r) => r.isAdmin);
  const userId = actor.userId ?? null;

  if (userId === null) {
    const row = accountConnection ?? usable[0];
    if (row) return { row };
    return { missing: rows.length ? "oauth_reconnect_required" : "oauth_required" };
  }
  const own = newestFirst.find((r) => r.userId === userId);
  if (own && !own.needsReconnect) return { row: own };
  if (actor.isAdmin && accountConnection) return { row: accountConnection };
  // the user's own connection (or, for an admin, the account's) exists but monday stopped accepting it
  if (own || (actor.isAdmin && newestFirst.some((r) => r.isAdmin))) return { missing: "oauth_reconnect_required" };
  return { missing: "oauth_required" };
}
