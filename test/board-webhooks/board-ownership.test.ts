// The board check on its own (the HTTP tests go through it on every board route): monday's answer for
// one user is kept briefly for that user only, a refusal more briefly, and an account is forgotten
// whole on uninstall.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BoardOwnership } from "../../server/board-webhooks/board-ownership.ts";
import type { MondayWebhooks } from "../../server/board-webhooks/monday-webhooks.ts";
import { HttpError } from "../../server/http/http-error.ts";
import type { AccountRef } from "../../server/monday-api/account-api.ts";

/** monday as the check sees it: which boards each user (account:user) can see, and every question asked. */
function standIn(visible: Record<string, string[]>) {
  const asked: string[] = [];
  const monday = {
    async visibleBoards(account: AccountRef, boardIds: string[]) {
      const who = `${account.accountId}:${account.userId ?? "-"}${account.isAdmin ? "+admin" : ""}`;
      asked.push(`${who}:${boardIds.join(",")}`);
      return new Set(boardIds.filter((b) => visible[who]?.includes(b)));
    },
  };
  return { ownership: new BoardOwnership(monday as unknown as MondayWebhooks), asked, visible };
}

const outcome = (p: Promise<void>) =>
  p.then(
    () => "owned",
    (e: unknown) => (e instanceof HttpError ? `${e.status} ${e.code}` : `unexpected ${String(e)}`),
  );

describe("BoardOwnership", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-01T12:00:00Z"));
  });
  afterEach(() => vi.useRealTimers());

  const ann = { accountId: "1", userId: "10" };
  const bob = { accountId: "1", userId: "11" };

  it("When a user can see the board, then monday is asked once a minute at most", async () => {
    const { ownership, asked } = standIn({ "1:10": ["100"] });
    expect(await outcome(ownership.require(ann, "100"))).toBe("owned");
    vi.advanceTimersByTime(59_000);
    expect(await outcome(ownership.require(ann, "100"))).toBe("owned");
    expect(asked).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(await outcome(ownership.require(ann, "100"))).toBe("owned");
    expect(asked).toHaveLength(2);
  });

  it("When a user cannot see the board, then it is a 404 board_not_found, asked again after 10 seconds", async () => {
    const { ownership, asked, visible } = standIn({});
    await expect(ownership.require(ann, "100")).rejects.toMatchObject({ status: 404, code: "board_not_found", message: "No such board in this account" });
    visible["1:10"] = ["100"];
    vi.advanceTimersByTime(9_000);
    expect(await outcome(ownership.require(ann, "100"))).toBe("404 board_not_found");
    expect(asked).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(await outcome(ownership.require(ann, "100"))).toBe("owned");
    expect(asked).toHaveLength(2);
  });

  it("When one user's answer is known, then it is never another user's, nor the same user's as admin, nor another account's", async () => {
    const { ownership, asked } = standIn({ "1:10": ["100"] });
    expect(await outcome(ownership.require(ann, "100"))).toBe("owned");
    expect(await outcome(ownership.require(bob, "100"))).toBe("404 board_not_found");
    expect(await outcome(ownership.require({ ...ann, isAdmin: true }, "100"))).toBe("404 board_not_found");
    expect(await outcome(ownership.require({ accountId: "2", userId: "10" }, "100"))).toBe("404 board_not_found");
    expect(await outcome(ownership.require({ accountId: "1" }, "100"))).toBe("404 board_not_found");
    expect(asked).toEqual(["1:10:100", "1:11:100", "1:10+admin:100", "2:10:100", "1:-:100"]);
  });

  it("When an account is forgotten, then its users are asked again, and an account whose id starts the same is not forgotten", async () => {
    const { ownership, asked } = standIn({ "1:10": ["100"], "12:10": ["100"] });
    await ownership.require(ann, "100");
    await ownership.require({ accountId: "12", userId: "10" }, "100");
    ownership.forget("1");
    await ownership.require(ann, "100");
    await ownership.require({ accountId: "12", userId: "10" }, "100");
    expect(asked).toEqual(["1:10:100", "12:10:100", "1:10:100"]);
  });

  it("When ten thousand answers are kept, then the oldest makes room for the next", async () => {
    const { ownership, asked } = standIn({ "1:10": ["100"] });
    await ownership.require(ann, "100");
    for (let board = 1; board < 10_000; board++) await ownership.require(ann, String(100_000 + board)).catch(() => undefined);
    await ownership.require(ann, "100");
    expect(asked).toHaveLength(10_000);
    await ownership.require(ann, "999999").catch(() => undefined); // the 10,001st: the first answer goes
    await ownership.require(ann, "100");
    expect(asked).toHaveLength(10_002);
    expect(asked.at(-1)).toBe("1:10:100");
  });
});
