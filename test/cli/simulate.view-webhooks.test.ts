// `npx hookboard simulate` next to the board view, as the README's demo uses them: board events go
// to the webhooks the user added in the view (so their health changes), and `simulate all` leaves
// the connected account installed, subscribed, connected and with its webhooks, run after run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../server/cli/main.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually, testEnv } from "../helpers/hookboard-server.ts";
import { apiGet } from "../helpers/http.ts";
import { connect, createWebhook, listWebhooks, startHookboardWithMonday, type HookboardWithMonday } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { reportOf } from "./simulation-rig.ts";

const kinds = await databaseKinds();

describe.each(kinds)("simulate and the webhooks added in the board view on %s", (kind) => {
  const user = { accountId: "881001", userId: "4242" };
  const board = "4410001";
  let world: HookboardWithMonday;

  const simulate = async (...args: string[]) => {
    let stdout = "";
    let stderr = "";
    const env = testEnv({ PUBLIC_URL: world.hb.url, DATABASE_URL: world.hb.database.url });
    const code = await runCli(["simulate", ...args, "--account", user.accountId, "--board", board, "--user", user.userId], {
      out: (t) => (stdout += `${t}\n`),
      err: (t) => (stderr += `${t}\n`),
      env,
      cwd: process.cwd(),
    });
    return { code, stdout, stderr };
  };
  const webhooks = async () => {
    const res = await listWebhooks(world.hb.url, user, board);
    expect(res.status).toBe(200);
    return res.body.webhooks;
  };

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind });
    world.monday.boards.addBoard(user.accountId, board);
    await connect(world, user);
  });
  afterAll(() => world?.stop());

  it("When the user added a webhook for the event in the view, then simulate delivers to it, says so, and the webhook turns from waiting to healthy", async () => {
    const made = await createWebhook(world.hb.url, user, board, { event: "create_item" });
    expect(made.status).toBe(201);
    expect(made.body.health.state).toBe("waiting");

    const run = await simulate("create_item");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`board create_item: your webhook ${made.body.id} (added in the board view) at /webhooks/board/…`);

    // no second webhook: the event went to the user's
    const listed = await webhooks();
    expect(listed.map((w) => [w.id, w.event])).toEqual([[made.body.id, "create_item"]]);
    const healthy = await eventually(
      async () => ((await webhooks())[0]?.health.state === "healthy" ? (await webhooks())[0] : null),
      10_000,
      "the user's webhook to turn healthy",
    );
    expect(healthy.health).toMatchObject({ deliveries24h: 1, failures24h: 0 });
    const rows = await world.hb.hookboard.db.prisma.boardWebhook.count({ where: { accountId: user.accountId } });
    expect(rows).toBe(1);
  });

  it("When the user's webhook takes a config, then the simulated event matches it (its status column and label) and the newest of several is used", async () => {
    const older = await createWebhook(world.hb.url, user, board, {
      event: "change_status_column_value",
      config: { columnId: "status", columnValue: { index: 1 } },
    });
    const newer = await createWebhook(world.hb.url, user, board, {
      event: "change_status_column_value",
      config: { columnId: "priority", columnValue: { index: 2 } },
    });
    expect([older.status, newer.status]).toEqual([201, 201]);

    const run = await simulate("change_status_column_value");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`your webhook ${newer.body.id} (added in the board view; the newest of 2 for this event)`);
    const delivery = await eventually(
      () => world.hb.hookboard.db.prisma.delivery.findFirst({ where: { webhookId: newer.body.id } }),
      10_000,
      "the delivery to the newer webhook",
    );
    const event = (JSON.parse(delivery.payload) as { event: { columnId: string; value: { label: { index: number } } } }).event;
    expect([event.columnId, event.value.label.index]).toEqual(["priority", 2]);
    expect(await world.hb.hookboard.db.prisma.delivery.count({ where: { webhookId: older.body.id } })).toBe(0);
  });

  it("When the simulator recorded a webhook for an event before the user added one, then the next run sends to the user's and deletes its own, so the view lists the event once", async () => {
    const first = await simulate("item_deleted");
    expect(first.stdout).toContain("recorded webhook");
    expect((await webhooks()).filter((w) => w.event === "item_deleted")).toHaveLength(1);

    const made = await createWebhook(world.hb.url, user, board, { event: "item_deleted" });
    expect(made.status).toBe(201);
    const next = await simulate("item_deleted");
    expect(next.code).toBe(0);
    expect(next.stdout).toContain(`your webhook ${made.body.id} (added in the board view; the simulator's own for this event is deleted)`);
    const listed = (await webhooks()).filter((w) => w.event === "item_deleted");
    expect(listed.map((w) => w.id)).toEqual([made.body.id]);
  });

  it("When `simulate all` runs twice, then the account stays installed, subscribed and connected, and the user's webhooks stay listed and receive both runs", async () => {
    const before = await webhooks();
    for (const round of [1, 2]) {
      const run = await simulate("all", "--concurrency", "4", "--json");
      expect(run.stderr).toBe("");
      expect(run.code, `round ${round}`).toBe(0);
      const report = reportOf(run);
      expect(report.webhooks.find((w) => w.event === "create_item")).toMatchObject({
        origin: "view",
        webhookId: before.find((w) => w.event === "create_item")!.id,
      });
    }
    await eventually(
      async () => (await world.hb.hookboard.db.prisma.delivery.count({ where: { accountId: user.accountId, status: { not: "done" } } })) === 0,
      20_000,
      "every delivery applied",
    );

    const me = await apiGet<{ install: { status: string }; subscription: { status: string }; oauth: { connected: boolean } }>(world.hb.url, "/api/me", user);
    expect(me.body).toMatchObject({ install: { status: "installed" }, subscription: { status: "active" }, oauth: { connected: true } });
    const after = await webhooks();
    // the user's webhooks are all still listed, and no simulated one joined them for their events
    expect(after.map((w) => w.id).sort()).toEqual(expect.arrayContaining(before.map((w) => w.id).sort()));
    expect(after.filter((w) => w.event === "create_item" || w.event === "change_status_column_value")).toHaveLength(3);
    // one event of the first test, one per run
    const userMade = after.find((w) => w.event === "create_item")!;
    expect(userMade.health).toMatchObject({ state: "healthy", deliveries24h: 3 });
  });
});
