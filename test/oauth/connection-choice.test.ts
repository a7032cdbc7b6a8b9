// Whose monday connection a call uses, decided on its own (the HTTP tests of the board view and the
// handlers go through it too): a user's own, an admin's the account's, never another user's.
import { describe, expect, it } from "vitest";
import { chooseConnection, type ConnectionCandidate } from "../../server/oauth/connection-choice.ts";

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 1, 12, minutes));
const connection = (userId: string, isAdmin: boolean, minutes: number, needsReconnect = false): ConnectionCandidate => ({
  userId,
  isAdmin,
  needsReconnect,
  updatedAt: at(minutes),
});
const chosen = (rows: ConnectionCandidate[], actor: { userId?: string; isAdmin?: boolean }) => {
  const choice = chooseConnection(rows, { accountId: "1", ...actor });
  return "row" in choice ? choice.row : choice.missing;
};

describe("chooseConnection", () => {
  const adminOld = connection("1", true, 1);
  const adminNew = connection("2", true, 5);
  const member = connection("3", false, 9);

  it("When a user has a connection of their own, then they act with it, even an admin with the account's newer", () => {
    expect(chosen([adminOld, adminNew, member], { userId: "3" })).toBe(member);
    expect(chosen([adminOld, adminNew, member], { userId: "1", isAdmin: true })).toBe(adminOld);
  });

  it("When a user has several connections, then the newest is theirs", () => {
    const older = connection("3", false, 2);
    expect(chosen([older, member], { userId: "3" })).toBe(member);
    expect(chosen([member, older], { userId: "3" })).toBe(member);
  });

  it("When an admin has no connection of their own, then they act with the account's: the newest connection of an admin", () => {
    expect(chosen([adminOld, member, adminNew], { userId: "7", isAdmin: true })).toBe(adminNew);
  });

  it("When a user who is no admin has no connection, then they are asked to connect, whatever the account has", () => {
    expect(chosen([adminOld, adminNew, member], { userId: "7", isAdmin: false })).toBe("oauth_required");
    expect(chosen([adminOld, adminNew, member], { userId: "7" })).toBe("oauth_required");
  });

  it("When an admin has none and the account has no admin's connection, then they are asked to connect", () => {
    expect(chosen([member], { userId: "7", isAdmin: true })).toBe("oauth_required");
    expect(chosen([], { userId: "7", isAdmin: true })).toBe("oauth_required");
  });

  it("When the user's own connection needs reconnecting, then they are asked to reconnect, not given someone else's, unless an admin with the account's", () => {
    const stale = connection("3", false, 20, true);
    expect(chosen([adminNew, stale], { userId: "3" })).toBe("oauth_reconnect_required");
    expect(chosen([adminNew, connection("7", true, 20, true)], { userId: "7", isAdmin: true })).toBe(adminNew);
  });

  it("When the account's connection is the admin's only hope and monday stopped accepting it, then the admin is asked to reconnect", () => {
    expect(chosen([connection("2", true, 5, true), member], { userId: "7", isAdmin: true })).toBe("oauth_reconnect_required");
  });

  it("When an admin's stale connection is the newest, then the account's connection is the newest usable admin's", () => {
    const staleAdmin = connection("4", true, 30, true);
    expect(chosen([adminOld, staleAdmin, member], { userId: "7", isAdmin: true })).toBe(adminOld);
  });

  it("When Hookboard acts for the account (no user), then it uses the account's connection, else the newest usable one", () => {
    expect(chosen([adminOld, adminNew, member], {})).toBe(adminNew);
    expect(chosen([connection("3", false, 2), member], {})).toBe(member);
    expect(chosen([connection("2", true, 50, true), member], {})).toBe(member);
  });

  it("When Hookboard acts for the account and every connection needs reconnecting, then it says reconnect; with none, connect", () => {
    expect(chosen([connection("2", true, 5, true)], {})).toBe("oauth_reconnect_required");
    expect(chosen([], {})).toBe("oauth_required");
  });
});
