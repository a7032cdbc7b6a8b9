// The rule that keeps a forged or mis-dated lifecycle event from freezing an account's state, at its
// exact edges (the route tests check it through HTTP): five minutes ahead of the server's clock, and
// five minutes after the token that carries it was issued.
import { describe, expect, it } from "vitest";
import { LIFECYCLE_CLOCK_SKEW_MS, refuseEventFromTheFuture } from "../../server/lifecycle/event-time.ts";
import { HttpError } from "../../server/http/http-error.ts";

const now = new Date("2026-11-01T12:00:00.000Z");
const plus = (base: Date, ms: number) => new Date(base.getTime() + ms);

function refusal(occurredAt: Date, issuedAt: Date | null): HttpError | null {
  try {
    refuseEventFromTheFuture(occurredAt, { issuedAt }, now);
    return null;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
}

describe("refuseEventFromTheFuture", () => {
  it("When an event is dated exactly five minutes ahead of the clock, then it is accepted; a millisecond more is refused, saying why", () => {
    expect(LIFECYCLE_CLOCK_SKEW_MS).toBe(5 * 60_000);
    expect(refusal(plus(now, LIFECYCLE_CLOCK_SKEW_MS), null)).toBeNull();
    expect(refusal(plus(now, LIFECYCLE_CLOCK_SKEW_MS + 1), null)).toMatchObject({
      status: 400,
      code: "event_from_the_future",
      message: "data.timestamp is more than 5 minutes ahead of the server's clock",
    });
  });

  it("When an event is dated exactly five minutes after its token was issued, then it is accepted; a millisecond more is refused, saying why", () => {
    const issuedAt = plus(now, -3_600_000);
    expect(refusal(plus(issuedAt, LIFECYCLE_CLOCK_SKEW_MS), issuedAt)).toBeNull();
    expect(refusal(plus(issuedAt, LIFECYCLE_CLOCK_SKEW_MS + 1), issuedAt)).toMatchObject({
      status: 400,
      code: "event_after_token",
      message: "data.timestamp is more than 5 minutes after the token was issued",
    });
  });

  it("When the token says nothing of when it was issued, then only the server's clock bounds the event", () => {
    expect(refusal(plus(now, 60_000), null)).toBeNull();
    expect(refusal(new Date("2020-01-01T00:00:00.000Z"), null)).toBeNull();
  });
});
