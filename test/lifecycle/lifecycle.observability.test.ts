// Logs follow a delivery from receipt to processing, and never carry tokens or subscription data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLog } from "../helpers/log-capture.ts";
import { eventually, startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { postJson } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { webhookToken } from "../../server/test-kit/monday-tokens.ts";

describe("app lifecycle logging", () => {
  let hb: RunningHookboard;
  const { log, lines } = captureLog();
  beforeAll(async () => {
    hb = await startHookboard({ log });
  });
  afterAll(() => hb.stop({ drop: true }));

  it("When a subscription event is processed, then the log names the delivery and request but not the token or the subscription", async () => {
    const body = lifecycleBody("app_subscription_changed", { accountId: 440001, planId: "secret-plan-xyz", renewalDate: "2031-01-01T00:00:00Z" });
    const url = `${hb.url}/webhooks/lifecycle`;
    const token = await webhookToken(440001, { audience: url });
    const res = await postJson<{ deliveryId: string }>(url, body, { authorization: token, "x-request-id": "req-from-monday-1" });
    expect(res.status).toBe(200);
    await eventually(() => lines.find((l) => l.msg === "app lifecycle event applied"));
    const applied = lines.find((l) => l.msg === "app lifecycle event applied")!;
    expect(applied).toMatchObject({ deliveryId: res.body.deliveryId, requestId: "req-from-monday-1", accountId: "440001", event: "app_subscription_changed" });
    const all = JSON.stringify(lines);
    expect(all).not.toContain(token);
    expect(all).not.toContain("secret-plan-xyz");
    expect(all).not.toContain("2031-01-01");
  });

  it("When a request is refused, then nothing of its token reaches the log", async () => {
    const url = `${hb.url}/webhooks/lifecycle`;
    // the very token sent, so that logging the refused request's Authorization header shows up here
    const token = await webhookToken(440002, { audience: url, secret: "a-forged-secret-0123456789abcdef" });
    const [, claims, signature] = token.split(".");
    const res = await postJson<{ error?: { code: string } }>(url, lifecycleBody("install", { accountId: 440002 }), {
      authorization: `Bearer ${token}`,
      "x-request-id": "req-refused-1",
    });
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe("jwt_signature");
    const all = JSON.stringify(lines);
    expect(all).not.toContain(signature);
    expect(all).not.toContain(claims);
  });
});
