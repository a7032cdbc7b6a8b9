// The order key that decides which lifecycle event an account's state shows: the time, then the
// natural order of the types, then the idempotency key; compared as strings.
import { describe, expect, it } from "vitest";
import { LIFECYCLE_EVENT_TYPES } from "../../server/lifecycle/events.ts";
import { orderKey } from "../../server/lifecycle/order-key.ts";

const at = (iso: string) => new Date(iso);

describe("the lifecycle order key", () => {
  it("When two events are at different times, then the later one orders after, whatever their types and keys", () => {
    expect(orderKey(at("2024-01-01T10:00:00.001Z"), "install", "a") > orderKey(at("2024-01-01T10:00:00.000Z"), "uninstall", "z")).toBe(true);
  });

  it("When two events share a time, then they order as monday's types happen to a subscription, install first and uninstall last", () => {
    const time = at("2024-01-16T10:00:00.000Z");
    const keys = LIFECYCLE_EVENT_TYPES.map((type) => orderKey(time, type, "same"));
    expect(keys).toHaveLength(12);
    expect([...keys].sort()).toEqual(keys);
    expect(orderKey(time, "app_trial_subscription_ended", "b") < orderKey(time, "app_subscription_created", "a")).toBe(false);
    expect(orderKey(time, "install", "z") < orderKey(time, "uninstall", "a")).toBe(true);
  });

  it("When the types sort differently as text than in monday's order, then monday's order wins (ranks are zero-padded)", () => {
    const time = at("2024-01-01T00:00:00.000Z");
    // rank 2 (app_subscription_created) before rank 10 (app_subscription_cancelled): as unpadded text "10" < "2"
    expect(orderKey(time, "app_subscription_created", "k") < orderKey(time, "app_subscription_cancelled", "k")).toBe(true);
  });

  it("When a type is unknown, then it orders after every known type of the same time", () => {
    const time = at("2024-01-01T00:00:00.000Z");
    expect(orderKey(time, "app_subscription_a_future_event_type", "a") > orderKey(time, "uninstall", "z")).toBe(true);
  });

  it("When time and type are equal, then the idempotency key decides, so no two events tie", () => {
    const time = at("2024-01-01T00:00:00.000Z");
    expect(orderKey(time, "install", "lifecycle:b") > orderKey(time, "install", "lifecycle:a")).toBe(true);
    expect(orderKey(time, "install", "x")).toBe("2024-01-01T00:00:00.000Z|00|x");
  });
});
