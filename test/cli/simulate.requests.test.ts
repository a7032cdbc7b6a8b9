// What `npx hookboard simulate` puts on the wire, seen by a recorder in monday's receiving seat: the
// JWT monday would send (HS256 with the Signing Secret, aud = the URL, exp five minutes after iat,
// top-level claims for app lifecycle and board events, `dat` for feature events), X-Apps-Event-Id,
// and bodies with the fields of monday's samples.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../server/cli/main.ts";
import { testEnv } from "../helpers/hookboard-server.ts";
import { TEST_SECRETS } from "../../server/test-kit/monday-tokens.ts";

interface Recorded {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

describe("the requests simulate sends", () => {
  const recorded: Recorded[] = [];
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = "";
      req.on("data", (d: Buffer) => (text += d.toString()));
      req.on("end", () => {
        const body = JSON.parse(text) as Record<string, unknown>;
        recorded.push({ path: req.url ?? "", headers: req.headers, body });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify("challenge" in body ? { challenge: body.challenge } : { ok: true }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let out = "";
    const code = await runCli(
      [
        "simulate",
        "install",
        "AppFeatureBoardView:delete",
        "create_subitem",
        "--webhook-url",
        `${base}/webhooks/board/${"t".repeat(43)}`,
        "--account",
        "883001",
        "--user",
        "77",
        "--board",
        "4400009",
        "--plan",
        "gold",
        "--trial",
      ],
      { out: (t) => (out += t), err: (t) => (out += t), env: testEnv({ PUBLIC_URL: base }), cwd: process.cwd() },
    );
    expect(code, out).toBe(0);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const verify = async (r: Recorded, secret = TEST_SECRETS.signingSecret) => {
    const token = String(r.headers.authorization);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ["HS256"], audience: `${base}${r.path}` });
    expect(payload.exp! - payload.iat!).toBe(300);
    return payload;
  };

  it("When an app lifecycle event is simulated, then it is signed with top-level claims for the account and its body has the fields of monday's samples", async () => {
    const r = recorded.find((x) => x.path === "/webhooks/lifecycle")!;
    expect(r.headers["content-type"]).toBe("application/json");
    expect(await verify(r)).toMatchObject({ accountId: 883001, userId: 77, shortLivedToken: expect.any(String) });
    expect(r.body).toEqual({
      type: "install",
      data: expect.objectContaining({
        account_id: 883001,
        user_id: 77,
        app_id: expect.any(Number),
        account_tier: "free",
        account_slug: "test",
        user_country: "IL",
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/),
      }),
    });
    expect((r.body.data as { subscription: unknown }).subscription).toEqual({
      plan_id: "gold",
      is_trial: true,
      billing_period: "monthly",
      days_left: 14,
      pricing_version: 5,
      renewal_date: expect.any(String),
    });
  });

  it("When a feature event is simulated, then it carries X-Apps-Event-Id, dat claims, and the documented body with a payload naming the view", async () => {
    const r = recorded.find((x) => x.path === "/webhooks/features/sync")!;
    expect(r.headers["x-apps-event-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const payload = await verify(r);
    expect(payload.dat).toEqual({ account_id: 883001, user_id: 77, short_lived_token: expect.any(String) });
    expect(payload.accountId).toBeUndefined();
    expect(r.body).toEqual({
      type: "AppFeatureBoardView:delete",
      accountId: 883001,
      userId: 77,
      payload: { boardId: 4400009, boardViewId: expect.any(Number) },
    });
  });

  it("When a board event is simulated, then the challenge comes first and the event follows, both signed for the webhook's URL, the event shaped like monday's subitem sample", async () => {
    const board = recorded.filter((x) => x.path.startsWith("/webhooks/board/"));
    expect(board.map((b) => Object.keys(b.body))).toEqual([["challenge"], ["event"]]);
    for (const b of board) expect(await verify(b)).toMatchObject({ accountId: 883001, userId: 77 });
    expect(board[1]!.body.event).toEqual(
      expect.objectContaining({
        type: "create_pulse",
        boardId: 1772135370,
        parentItemBoardId: "4400009",
        parentItemId: expect.any(String),
        userId: 77,
        app: "monday",
        triggerUuid: expect.stringMatching(/^[0-9a-f]{32}$/),
        subscriptionId: expect.any(Number),
      }),
    );
  });
});
