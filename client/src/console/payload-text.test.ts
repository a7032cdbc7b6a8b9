import { describe, expect, it } from "vitest";
import { hasLongStrings, payloadText } from "./payload-text.ts";

describe("a delivery's payload as text", () => {
  it("When a payload holds a long string, then it is folded with how much was left out, and shown whole on request", () => {
    const payload = { event: { type: "create_update", body: "x".repeat(500), nested: [{ text: "y".repeat(130) }] } };
    const folded = payloadText(payload, true);
    expect(folded).toContain(`"body": "${"x".repeat(120)}… (380 more characters)"`);
    expect(folded).toContain("… (10 more characters)");
    expect(folded).toContain('\n  "event": {');
    expect(payloadText(payload, false)).toContain("x".repeat(500));
    expect(hasLongStrings(payload)).toBe(true);
    expect(hasLongStrings({ a: "short" })).toBe(false);
  });

  it("When a payload was not JSON, then it is shown as it arrived", () => {
    expect(payloadText("not json", true)).toBe("not json");
  });
});
