// An app lifecycle event dated in the future would freeze the account's state (state only moves to
// newer events), so it is refused and stores nothing; a token vouches only for events older than
// itself. Genuine deliveries are never refused for it: two different deliveries may carry the very
// same token, and a genuine later event still applies.
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { postJson, sendLifecycle } from "../helpers/http.ts";
import { untilIdle } from "../helpers/idle.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { TEST_SECRETS, webhookToken } from "../../server/test-kit/monday-tokens.ts";

const kinds = await databaseKinds();
const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

describe.each(kinds)("lifecycle events and the clock on %s", (kind) => {
  let hb: RunningHookboard;
  let url: string;
  beforeAll(async () => {
    hb = await startHookboard({ kind });
    url = `${hb.url}/webhooks/lifecycle`;
  });
  afterAll(() => hb.stop({ drop: true }));

  const prisma = () => hb.hookboard.db.prisma;
  const storedFor = (accountId: number) => prisma().delivery.count({ where: { accountId: String(accountId) } });
  const installOf = async (accountId: number) => (await prisma().install.findUnique({ where: { accountId: String(accountId) } }))?.status ?? null;

  it.each([
    ["9999-12-31", "9999-12-31T23:59:59.000Z"],
    ["ten minutes ahead of the server's clock", minutes(10)],
  ])("When an uninstall dated %s arrives with a valid token, then it is refused with 400 and nothing is stored", async (_when, timestamp) => {
    const accountId = 730001;
    const res = await sendLifecycle(hb.url, lifecycleBody("uninstall", { accountId, timestamp }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "event_from_the_future", message: expect.any(String) } });
    expect(await storedFor(accountId)).toBe(0);
    expect(await prisma().lifecycleEvent.count({ where: { accountId: String(accountId) } })).toBe(0);
  });

  it("When an event is dated well after the token carrying it was issued, then it is refused with 400 and nothing is stored", async () => {
    const accountId = 730002;
    const issuedAt = Math.floor(Date.now() / 1000) - 3600;
    // a token monday signed an hour ago that has not expired yet (a long-lived capture)
    const token = await new SignJWT({ accountId, userId: 4242, aud: url })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 7200)
      .sign(new TextEncoder().encode(TEST_SECRETS.signingSecret));
    const res = await postJson(url, lifecycleBody("uninstall", { accountId, timestamp: minutes(0) }), { authorization: token });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "event_after_token", message: expect.any(String) } });
    expect(await storedFor(accountId)).toBe(0);
  });

  it("When an event is dated a few minutes ahead (clocks differ), then it is accepted", async () => {
    const accountId = 730003;
    const res = await sendLifecycle(hb.url, lifecycleBody("install", { accountId, timestamp: minutes(3) }));
    expect(res.status).toBe(200);
    await untilIdle(hb);
    expect(await installOf(accountId)).toBe("installed");
  });

  it("When monday signs two different deliveries with identical tokens, then both are accepted and applied", async () => {
    const accountId = 730004;
    const token = await webhookToken(accountId, { audience: url });
    const first = await postJson(url, lifecycleBody("install", { accountId, timestamp: minutes(-2) }), { authorization: token });
    const second = await postJson(url, lifecycleBody("app_subscription_created", { accountId, timestamp: minutes(-1) }), { authorization: token });
    expect([first.status, second.status]).toEqual([200, 200]);
    await untilIdle(hb);
    expect(await prisma().lifecycleEvent.findMany({ where: { accountId: String(accountId) }, select: { type: true }, orderBy: { orderKey: "asc" } })).toEqual([
      { type: "install" },
      { type: "app_subscription_created" },
    ]);
  });

  it("When a forged far-future uninstall was refused, then the account's genuine later events still apply", async () => {
    const accountId = 730005;
    expect((await sendLifecycle(hb.url, lifecycleBody("install", { accountId, timestamp: minutes(-30) }))).status).toBe(200);
    expect((await sendLifecycle(hb.url, lifecycleBody("uninstall", { accountId, timestamp: "9999-12-31T00:00:00.000Z" }))).status).toBe(400);
    expect((await sendLifecycle(hb.url, lifecycleBody("uninstall", { accountId, timestamp: minutes(-20) }))).status).toBe(200);
    await untilIdle(hb);
    expect(await installOf(accountId)).toBe("uninstalled");
    // a genuine reinstall later is applied: nothing froze the state
    expect((await sendLifecycle(hb.url, lifecycleBody("install", { accountId, timestamp: minutes(-1) }))).status).toBe(200);
    await untilIdle(hb);
    expect(await installOf(accountId)).toBe("installed");
  });
});
