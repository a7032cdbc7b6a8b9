// `npx hookboard webhooks create | list | delete` with a personal API token, as monday-client does,
// against the stand-in monday and a running Hookboard on the same database: the receiving URL is
// recorded before create_webhook (monday's challenge comes first and is answered), the webhook
// shows in the board view as made with a personal token, and its deliveries are stored unsigned.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_BOARD_EVENTS } from "../../server/cli/simulate/board-samples.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { testEnv } from "../helpers/hookboard-server.ts";
import { connect, listWebhooks, startHookboardWithMonday, type HookboardWithMonday } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { runHookboardCli } from "./run-cli.ts";

const kinds = await databaseKinds();

describe.each(kinds)("npx hookboard webhooks on %s", (kind) => {
  const user = { accountId: "9401", userId: "97" };
  const board = "9444";
  let world: HookboardWithMonday;
  let token: string;
  const prisma = () => world.hb.hookboard.db.prisma;
  const cli = (...args: string[]) =>
    runHookboardCli(["webhooks", ...args], {
      env: testEnv({
        MONDAY_API_TOKEN: token,
        MONDAY_API_URL: world.monday.standin.apiUrl,
        PUBLIC_URL: world.hb.url,
        DATABASE_URL: world.hb.database.url,
      }),
    });

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind });
    world.monday.boards.addBoard(user.accountId, board);
    await connect(world, user);
    token = world.monday.oauth.personalToken(user);
  });
  afterAll(() => world.stop());

  it("When a webhook is created with a personal token, then monday's challenge is answered before create_webhook returns, and its events are stored unsigned", async () => {
    const run = await cli("create", "--board", board, "--event", "change_specific_column_value", "--config", '{"columnId":"date4"}', "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const created = JSON.parse(run.stdout) as { id: string; mondayWebhookId: string; url: string; signed: boolean };
    expect(created.signed).toBe(false);

    const atMonday = world.monday.boards.webhooks.get(created.mondayWebhookId)!;
    expect(atMonday).toMatchObject({ url: created.url, boardId: board, config: { columnId: "date4" }, signed: false });
    // the stand-in records the challenge's answer before it answers create_webhook
    expect(world.monday.boards.challenges.find((c) => c.url === created.url)).toMatchObject({ status: 200 });
    expect(await prisma().boardWebhook.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      state: "active",
      origin: "personal_token",
      viaOAuth: false,
      createdByUserId: user.userId,
    });

    const listed = (await listWebhooks(world.hb.url, user, board)).body.webhooks.find((w) => w.id === created.id);
    expect(listed).toMatchObject({ origin: "personal_token", signed: false, event: "change_specific_column_value" });

    const delivered = await world.monday.boards.deliver(created.mondayWebhookId, { ...SEED_BOARD_EVENTS.create_item.event, triggerUuid: randomUUID() });
    expect(delivered.status).toBe(200);
    const row = await prisma().delivery.findFirstOrThrow({ where: { webhookId: created.id } });
    expect(JSON.parse(row.meta)).toMatchObject({ authenticated: false });

    // npx hookboard deliveries tells it from the signed ones
    const env = testEnv({ DATABASE_URL: world.hb.database.url });
    const lines = await runHookboardCli(["deliveries", "--board", board], { env });
    expect(lines.stdout.split("\n").find((l) => l.startsWith(row.id))).toMatch(/unsigned$/);
    const json = JSON.parse((await runHookboardCli(["deliveries", "--board", board, "--json"], { env })).stdout) as { id: string; signed: boolean | null }[];
    expect(json.find((d) => d.id === row.id)).toMatchObject({ signed: false });
  });

  it("When the webhooks are listed, then each says how it was made and whether monday has it", async () => {
    const run = await cli("list", "--board", board, "--json");
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as { origin: string; signed: boolean; atMonday: boolean | null }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.origin === "personal_token" && r.signed === false && r.atMonday === true)).toBe(true);
    const text = await cli("list", "--board", board);
    expect(text.stdout).toContain("personal token, unsigned");
  });

  it("When a webhook is deleted, then monday no longer has it and its URL answers 410", async () => {
    const created = JSON.parse((await cli("create", "--board", board, "--event", "create_item", "--json")).stdout) as {
      id: string;
      mondayWebhookId: string;
      url: string;
    };
    const run = await cli("delete", created.id);
    expect(run.code).toBe(0);
    expect(world.monday.boards.webhooks.has(created.mondayWebhookId)).toBe(false);
    expect(world.monday.standin.calls("delete_webhook").at(-1)?.args).toEqual({ id: created.mondayWebhookId });
    const res = await fetch(created.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ event: SEED_BOARD_EVENTS.create_item.event }),
    });
    expect(res.status).toBe(410);
  });

  it("When the event or its config is not one monday takes, then the command refuses before monday or the database is touched", async () => {
    const before = [world.monday.standin.calls("create_webhook").length, await prisma().boardWebhook.count()];
    const unknown = await cli("create", "--board", board, "--event", "create_board");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("event must be one of");
    const noConfig = await cli("create", "--board", board, "--event", "change_status_column_value");
    expect([noConfig.code, noConfig.stderr.includes("needs a config")]).toEqual([2, true]);
    const badJson = await cli("create", "--board", board, "--event", "create_item", "--config", "{");
    expect(badJson.code).toBe(2);
    expect([world.monday.standin.calls("create_webhook").length, await prisma().boardWebhook.count()]).toEqual(before);
  });

  it("When MONDAY_API_TOKEN is missing, or names a user who cannot see the board, then the command says so and creates nothing", async () => {
    const noToken = await runHookboardCli(["webhooks", "list", "--board", board], { env: testEnv({ DATABASE_URL: world.hb.database.url }) });
    expect([noToken.code, noToken.stderr]).toEqual([2, expect.stringContaining("MONDAY_API_TOKEN is not set")]);
    const stranger = world.monday.oauth.personalToken({ accountId: "9499", userId: "98" });
    const before = await prisma().boardWebhook.count();
    const run = await runHookboardCli(["webhooks", "create", "--board", board, "--event", "create_item"], {
      env: testEnv({ MONDAY_API_TOKEN: stranger, MONDAY_API_URL: world.monday.standin.apiUrl, PUBLIC_URL: world.hb.url, DATABASE_URL: world.hb.database.url }),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Board ${board} is not one`);
    expect(await prisma().boardWebhook.count()).toBe(before);
  });
});
