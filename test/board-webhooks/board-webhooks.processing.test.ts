// Stored board deliveries processed by the worker, several at a time: each webhook's last delivery
// time is its newest delivery, and a delivery that cannot be applied does not hold up the others.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { SEED_BOARD_EVENTS } from "../../server/cli/simulate/board-samples.ts";
import {
  connect,
  createWebhook,
  startHookboardWithMonday,
  type HookboardWithMonday,
  type WebhookJson,
} from "../helpers/monday-standin/hookboard-with-monday.ts";

const kinds = await databaseKinds();

describe.each(kinds)("processing board deliveries on %s", (kind) => {
  const user = { accountId: "9601", userId: "61" };
  let world: HookboardWithMonday;
  let a: WebhookJson;
  let b: WebhookJson;

  beforeAll(async () => {
    // the worker runs only when a test drains it
    world = await startHookboardWithMonday({ kind, worker: { enabled: false } });
    world.monday.boards.addBoard(user.accountId, "96010");
    await connect(world, user);
    a = (await createWebhook(world.hb.url, user, "96010", { event: "create_item" })).body;
    b = (await createWebhook(world.hb.url, user, "96010", { event: "create_update" })).body;
  });
  afterAll(() => world.stop());

  const deliver = (hook: WebhookJson, n: number) =>
    Promise.all(
      Array.from({ length: n }, () =>
        world.monday.boards.deliver(hook.mondayWebhookId!, { ...SEED_BOARD_EVENTS.create_item.event, triggerUuid: randomUUID() }),
      ),
    );
  const prisma = () => world.hb.hookboard.db.prisma;
  const drain = async () => {
    while ((await world.hb.hookboard.worker.drainOnce()) > 0);
  };

  it("When deliveries of several webhooks are processed together, then all are done and each webhook's last delivery is its newest", async () => {
    const answers = [...(await deliver(a, 3)), ...(await deliver(b, 2))];
    expect(answers.map((x) => x.status)).toEqual([200, 200, 200, 200, 200]);
    await drain();

    for (const [hook, sent] of [
      [a, 3],
      [b, 2],
    ] as const) {
      const rows = await prisma().delivery.findMany({ where: { webhookId: hook.id } });
      expect(rows.map((r) => r.status)).toEqual(Array(sent).fill("done"));
      const newest = Math.max(...rows.map((r) => r.receivedAt.getTime()));
      expect((await prisma().boardWebhook.findUniqueOrThrow({ where: { id: hook.id } })).lastDeliveryAt?.getTime()).toBe(newest);
    }
  });

  it("When one stored delivery cannot be applied, then the others of its batch are done and it alone is retried", async () => {
    const answers = await deliver(a, 4);
    const broken = (answers[0]!.body as { deliveryId: string }).deliveryId;
    // damaged after it was stored (as a bad migration or a manual edit might)
    await prisma().delivery.update({ where: { id: broken }, data: { payload: '{"event":{}}' } });
    await world.hb.hookboard.worker.drainOnce();

    const ids = answers.map((x) => (x.body as { deliveryId: string }).deliveryId);
    const rows = await prisma().delivery.findMany({ where: { id: { in: ids } } });
    expect(rows.find((r) => r.id === broken)).toMatchObject({ status: "retrying", attempts: 1 });
    expect(rows.filter((r) => r.id !== broken).map((r) => r.status)).toEqual(["done", "done", "done"]);
  });
});
