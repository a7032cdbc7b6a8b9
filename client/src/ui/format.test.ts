// Times read as a board member reads them.
import { describe, expect, it } from "vitest";
import { daysUntil, timeAgo } from "./format.ts";

const now = Date.parse("2026-06-15T12:00:00Z");
const before = (ms: number) => new Date(now - ms).toISOString();

describe("times in words", () => {
  it("When a delivery is recent, then it reads as minutes or hours ago", () => {
    expect(timeAgo(before(10_000), now)).toBe("just now");
    expect(timeAgo(before(60_000), now)).toBe("1 minute ago");
    expect(timeAgo(before(3 * 60_000 + 10_000), now)).toBe("3 minutes ago");
    expect(timeAgo(before(2 * 3600_000), now)).toBe("2 hours ago");
  });

  it("When a delivery is days or months old, then it reads as days ago or as its date", () => {
    expect(timeAgo(before(24 * 3600_000), now)).toBe("yesterday");
    expect(timeAgo(before(5 * 24 * 3600_000), now)).toBe("5 days ago");
    expect(timeAgo("2026-01-02T10:00:00Z", now)).toBe("Jan 2, 2026");
  });

  it("When counting the days left, then part of a day counts as a day and the past as none", () => {
    expect(daysUntil(new Date(now + 12 * 24 * 3600_000 - 3600_000).toISOString(), now)).toBe(12);
    expect(daysUntil(new Date(now - 3600_000).toISOString(), now)).toBe(0);
  });
});
