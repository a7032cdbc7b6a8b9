// Retry delays: exponential, capped, with ±20 % jitter.
import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../server/inbox/backoff.ts";

const policy = { baseMs: 1000, maxMs: 60_000 };

describe("retry delays", () => {
  it("When the jitter is in the middle, then the delay doubles with each attempt from the base", () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy, () => 0.5))).toEqual([1000, 2000, 4000, 8000]);
  });

  it("When attempts grow past the cap, then the delay stays at the cap", () => {
    expect(backoffDelay(7, policy, () => 0.5)).toBe(60_000);
    expect(backoffDelay(30, policy, () => 0.5)).toBe(60_000);
  });

  it("When the attempt number is 0 or below, then the delay is the base", () => {
    expect(backoffDelay(0, policy, () => 0.5)).toBe(1000);
    expect(backoffDelay(-3, policy, () => 0.5)).toBe(1000);
  });

  it("The jitter spreads a delay over 80 % to 120 %, rounded to whole milliseconds", () => {
    expect(backoffDelay(2, policy, () => 0)).toBe(1600);
    expect(backoffDelay(2, policy, () => 1)).toBe(2400);
    expect(backoffDelay(1, { baseMs: 3, maxMs: 100 }, () => 0.3)).toBe(3);
    expect(Number.isInteger(backoffDelay(3, policy))).toBe(true);
  });
});
