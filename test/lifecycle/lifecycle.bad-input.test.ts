// Bad requests to the app lifecycle route get a clear JSON error, store nothing, and the server
// keeps serving.
import { SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { postJson, request, sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { sessionToken, TEST_SECRETS, webhookToken } from "../../server/test-kit/monday-tokens.ts";

const kinds = await databaseKinds();

describe.each(kinds)("bad input to POST /webhooks/lifecycle on %s", (kind) => {
  let hb: RunningHookboard;
  let url: string;
  const body = lifecycleBody("install", { accountId: 555001 });
  beforeAll(async () => {
    hb = await startHookboard({ kind });
    url = `${hb.url}/webhooks/lifecycle`;
  });
  afterAll(() => hb.stop({ drop: true }));

  const stored = () => hb.hookboard.db.prisma.delivery.count();
  const good = () => webhookToken(555001, { audience: url });

  async function expectRefused(res: { status: number; body: unknown }, status: number, code: RegExp) {
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code: expect.stringMatching(code), message: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
    expect(await stored()).toBe(0);
  }

  const tokenCases: [string, () => Promise<string | undefined>, RegExp][] = [
    ["no token", async () => undefined, /jwt_missing/],
    ["a token that is not a JWT", async () => "not-a-jwt", /jwt_malformed/],
    ["a token signed with the wrong secret", () => webhookToken(555001, { audience: url, secret: "some-other-secret-0123456789" }), /jwt_signature/],
    ["an unsigned token (alg none)", async () => new UnsecuredJWT({ accountId: 555001 }).setExpirationTime("5m").encode(), /jwt_algorithm/],
    ["an HS512 token signed with the signing secret", () => webhookToken(555001, { audience: url, alg: "HS512" }), /jwt_algorithm/],
    ["an expired token", () => webhookToken(555001, { audience: url, expiresIn: -120 }), /jwt_expired/],
    ["a token for another URL", () => webhookToken(555001, { audience: "https://evil.example/webhooks/lifecycle" }), /jwt_audience/],
    ["a token for another account", () => webhookToken(999999, { audience: url }), /jwt_account_mismatch/],
    ["a board view sessionToken of the same account (any user holds one)", () => sessionToken({ accountId: 555001, isViewOnly: true }), /jwt_claims/],
    [
      "a token whose dat and top-level claims disagree",
      () =>
        new SignJWT({ accountId: 555001, dat: { account_id: 123 } })
          .setProtectedHeader({ alg: "HS256" })
          .setExpirationTime("5m")
          .sign(new TextEncoder().encode(TEST_SECRETS.signingSecret)),
      /jwt_claims/,
    ],
  ];

  it.each(tokenCases)("When the request carries %s, then it is refused with 401 and nothing is stored", async (_name, token, code) => {
    const t = await token();
    const res = await postJson(url, body, t ? { authorization: t } : {});
    await expectRefused(res, 401, code);
  });

  it("When the body is not valid JSON, then it is refused with 400", async () => {
    await expectRefused(await postJson(url, '{"type": "install", "data": {', { authorization: await good() }), 400, /malformed_json/);
  });

  it.each([
    ["an array", "[1,2,3]"],
    ["a string", '"install"'],
    ["null", "null"],
    ["an object without data", '{"type":"install"}'],
    ["an event without a timestamp", JSON.stringify({ type: "install", data: { account_id: 555001 } })],
    ["an account id that is not an id", JSON.stringify({ type: "install", data: { account_id: "DROP TABLE", timestamp: "2024-01-01T00:00:00Z" } })],
  ])("When the body is %s, then it is refused with 400", async (_name, raw) => {
    await expectRefused(await postJson(url, raw, { authorization: await good() }), 400, /invalid_body/);
  });

  it("When the body is nested thousands of levels deep, then it is refused with 400", async () => {
    const deep = `{"type":"install","data":{"account_id":555001,"timestamp":"2024-01-01T00:00:00Z","x":${"[".repeat(5000)}${"]".repeat(5000)}}}`;
    await expectRefused(await postJson(url, deep, { authorization: await good() }), 400, /invalid_body/);
  });

  it("When a string in the body holds a NUL character, which PostgreSQL cannot store, then it is refused with 400", async () => {
    const withNul = { ...body, data: { ...body.data, account_name: "Evil\u0000Corp" } };
    await expectRefused(await postJson(url, withNul, { authorization: await good() }), 400, /invalid_body/);
  });

  it("When the body is 2 MB, then it is refused with 413", async () => {
    const huge = JSON.stringify({ ...body, data: { ...body.data, padding: "x".repeat(2 * 1024 * 1024) } });
    await expectRefused(await postJson(url, huge, { authorization: await good() }), 413, /payload_too_large/);
  });

  it("When the content type is not JSON, then it is refused with 415", async () => {
    const res = await request(url, { method: "POST", headers: { "content-type": "text/plain", authorization: await good() }, body: JSON.stringify(body) });
    await expectRefused(res, 415, /unsupported_media_type/);
  });

  it("When bad requests have been refused, then the server still accepts a good delivery", async () => {
    const res = await sendLifecycle(hb.url, body);
    expect(res.status).toBe(200);
    expect(await stored()).toBe(1);
  });
});
