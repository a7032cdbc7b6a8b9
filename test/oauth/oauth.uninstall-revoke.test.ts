// Revoking an uninstalled account's tokens is an HTTP call to monday, and no HTTP call runs inside a
// database transaction: the uninstall commits at once (tokens gone for Hookboard, webhooks inactive),
// and a task revokes the tokens afterwards. While monday's revoke endpoint hangs, other deliveries
// keep being applied; the revoke happens once monday answers, also when the process is killed in
// between.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestHookboard, type TestHookboard } from "../../server/test-kit/index.ts";
import { createDb } from "../../server/db/client.ts";
import { startBoardsMonday, type BoardsMonday } from "../../server/test-kit/monday/webhooks.ts";
import { connectThroughBrowser } from "../../server/test-kit/monday/oauth.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { spawnServer, type ServerProcess } from "../helpers/server-process.ts";

const kinds = await databaseKinds();
const HANG_MS = 10_000;

describe.each(kinds)("revoking tokens at uninstall on %s", (kind) => {
  const leaving = { accountId: "7300001", userId: "73" };
  let database: TestDatabase;
  let kit: TestHookboard;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    kit = await startTestHookboard({ databaseUrl: database.url });
    kit.addBoard(leaving.accountId, "7300100");
  });
  afterAll(async () => {
    await kit?.stop();
    await database?.drop();
  });

  it("When monday's revoke endpoint hangs for 10 s, then the uninstall is applied at once, other deliveries are applied meanwhile, and the tokens are revoked once monday answers", async () => {
    await kit.lifecycle("install", { accountId: leaving.accountId, timestamp: "2026-01-01T00:00:00Z" });
    await kit.connect(leaving);
    const hook = await kit.createWebhook(leaving, "7300100", "create_item");
    const tokens = [...kit.monday.oauth.accessTokens.values(), ...kit.monday.oauth.refreshTokens.values()].filter((t) => t.accountId === leaving.accountId);
    expect(tokens).toHaveLength(2);
    kit.monday.oauth.revokeDelayMs = HANG_MS;

    const uninstall = await kit.lifecycle("uninstall", { accountId: leaving.accountId, timestamp: "2026-02-01T00:00:00Z" });
    expect(uninstall.status).toBe("done");
    expect(await kit.prisma.oAuthToken.count({ where: { accountId: leaving.accountId } })).toBe(0);
    expect((await kit.prisma.boardWebhook.findUniqueOrThrow({ where: { id: hook.id } })).state).toBe("inactive");
    await eventually(() => kit.monday.oauth.revokeRequests > 0, 10_000, "the revoke to reach monday");

    // monday is still hanging: other accounts' deliveries go on being applied
    for (let i = 0; i < 5; i++) {
      const other = await kit.lifecycle("install", { accountId: String(7300010 + i), timestamp: "2026-02-01T00:00:00Z" });
      expect(other.status).toBe("done");
    }
    expect(kit.monday.oauth.revokedTokens()).toEqual([]);
    expect(await kit.prisma.tokenRevocation.count({ where: { accountId: leaving.accountId } })).toBe(2);

    await eventually(async () => (await kit.prisma.tokenRevocation.count()) === 0, HANG_MS + 15_000, "the revoke to be answered");
    expect(kit.monday.oauth.revokedTokens().sort()).toEqual(tokens.map((t) => t.token).sort());
    const task = await kit.prisma.delivery.findFirstOrThrow({ where: { source: "task", accountId: leaving.accountId } });
    expect(task.type).toBe("hookboard.revoke-tokens");
    expect((await kit.waitUntilApplied(task.id)).status).toBe("done");
  }, 60_000);
});

describe.each(kinds)("revoking tokens at uninstall across a kill -9 on %s", (kind) => {
  const leaving = { accountId: "7400001", userId: "74" };
  let database: TestDatabase;
  let monday: BoardsMonday;
  let server: ServerProcess | null = null;

  afterEach(async () => {
    await server?.kill("SIGKILL");
    await monday?.stop();
    await database?.drop();
  });

  it("When the process is killed while monday's revoke endpoint hangs, then the restarted process revokes the tokens", async () => {
    database = await createTestDatabase(kind);
    monday = await startBoardsMonday();
    const env = { ...monday.env("oauth2.1"), WORKER_CLAIM_TTL_MS: "2000" };
    server = await spawnServer({ databaseUrl: database.url, env });
    monday.oauth.signedIn = leaving;
    const visit = await connectThroughBrowser(server.url, leaving);
    expect(visit.status).toBe(200);
    const tokens = [...monday.oauth.accessTokens.values(), ...monday.oauth.refreshTokens.values()].map((t) => t.token);
    monday.oauth.revokeDelayMs = HANG_MS;

    const res = await sendLifecycle(server.url, lifecycleBody("uninstall", { accountId: Number(leaving.accountId), timestamp: "2026-02-01T00:00:00Z" }));
    expect(res.status).toBe(200);
    await eventually(() => monday.oauth.revokeRequests > 0, 15_000, "the revoke to reach monday");
    await server.kill("SIGKILL");

    const db = createDb(database.url, { poolSize: 1 });
    try {
      // the uninstall committed before the kill; the revoke had not been answered
      expect(await db.prisma.oAuthToken.count()).toBe(0);
      expect(await db.prisma.tokenRevocation.count()).toBe(2);
      monday.oauth.revokeDelayMs = 0;
      server = await spawnServer({ databaseUrl: database.url, port: server.port, env });
      await eventually(async () => (await db.prisma.tokenRevocation.count()) === 0, 20_000, "the restarted process to revoke the tokens");
      // the killed process's hanging calls may be answered too: what counts is that both tokens are revoked
      expect(new Set(monday.oauth.revokedTokens())).toEqual(new Set(tokens));
    } finally {
      await db.close();
    }
  }, 90_000);
});
