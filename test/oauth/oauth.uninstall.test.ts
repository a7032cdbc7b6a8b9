// When an account uninstalls the app, its OAuth tokens are deleted (and revoked at monday after the
// uninstall committed, in the OAuth 2.1 flow), its board webhooks become inactive and stop being
// received; other accounts keep theirs.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { apiGet, postJson, sendLifecycle } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { SEED_BOARD_EVENTS } from "../../server/cli/simulate/board-samples.ts";
import { connect, createWebhook, listWebhooks, startHookboardWithMonday, type HookboardWithMonday } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { webhookToken } from "../../server/test-kit/monday-tokens.ts";

const kinds = await databaseKinds();
const cases = kinds.flatMap((kind) => (["legacy", "oauth2.1"] as const).map((flow) => [kind, flow] as const));

describe.each(cases)("uninstall on %s with the %s flow", (kind, flow) => {
  const leaving = { accountId: "9801", userId: "81" };
  const staying = { accountId: "9802", userId: "82" };
  let world: HookboardWithMonday;

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind, flow });
    world.monday.boards.addBoard(leaving.accountId, "98010").addBoard(staying.accountId, "98020");
  });
  afterAll(() => world.stop());

  it("When the uninstall is processed, then the account's tokens are gone (and revoked at monday in OAuth 2.1), its webhooks are inactive and refuse deliveries, and other accounts keep theirs", async () => {
    const prisma = world.hb.hookboard.db.prisma;
    for (const user of [leaving, staying]) {
      await sendLifecycle(world.hb.url, lifecycleBody("install", { accountId: Number(user.accountId), timestamp: "2025-01-01T00:00:00Z" }));
      await connect(world, user);
    }
    const hook = (await createWebhook(world.hb.url, leaving, "98010", { event: "create_item" })).body;
    const kept = (await createWebhook(world.hb.url, staying, "98020", { event: "create_item" })).body;
    const leavingTokens = [...world.monday.oauth.accessTokens.values(), ...world.monday.oauth.refreshTokens.values()]
      .filter((t) => t.accountId === leaving.accountId)
      .map((t) => t.token);

    const res = await sendLifecycle(world.hb.url, lifecycleBody("uninstall", { accountId: Number(leaving.accountId), timestamp: "2025-02-01T00:00:00Z" }));
    expect(res.status).toBe(200);
    await eventually(async () => (await prisma.oAuthToken.count({ where: { accountId: leaving.accountId } })) === 0, 10_000, "tokens deleted");

    if (flow === "oauth2.1") {
      // revoked after the uninstall committed, by a task
      await eventually(async () => (await prisma.tokenRevocation.count()) === 0, 10_000, "tokens revoked at monday");
      expect(world.monday.oauth.revokedTokens().sort()).toEqual([...leavingTokens].sort());
      expect(world.monday.oauth.validRefreshTokens().some((t) => leavingTokens.includes(t))).toBe(false);
    } else {
      expect(world.monday.oauth.revokedTokens()).toEqual([]);
    }
    expect((await prisma.boardWebhook.findUniqueOrThrow({ where: { id: hook.id } })).state).toBe("inactive");
    const me = await apiGet<{ oauth: { connected: boolean }; install: { status: string } }>(world.hb.url, "/api/me", leaving);
    expect(me.body).toMatchObject({ install: { status: "uninstalled" }, oauth: { connected: false } });

    const url = world.monday.boards.webhooks.get(hook.mondayWebhookId!)!.url;
    const late = await postJson(
      url,
      { event: { ...SEED_BOARD_EVENTS.create_item.event, triggerUuid: randomUUID() } },
      { authorization: await webhookToken(leaving.accountId, { audience: url }) },
    );
    expect(late.status).toBe(410);

    expect(await prisma.oAuthToken.count({ where: { accountId: staying.accountId } })).toBe(1);
    expect((await prisma.boardWebhook.findUniqueOrThrow({ where: { id: kept.id } })).state).toBe("active");
    expect((await listWebhooks(world.hb.url, staying, "98020")).body.webhooks.map((w) => w.id)).toEqual([kept.id]);
  });
});
