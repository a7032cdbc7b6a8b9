// The inbox's intake on its own, on both databases: what each kind of delivery is stored with (in
// the commit that acknowledges it), duplicates within a batch and across batches, a board delivery
// whose webhook no longer receives, batches larger than one commit, a database that refuses the
// batch, the claim the sync route takes on its own delivery, and a delivery put back for the worker.
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { bucketOf } from "../../server/board-webhooks/delivery-counts.ts";
import type { Db } from "../../server/db/client.ts";
import type { Accepted, NewDelivery } from "../../server/inbox/delivery.ts";
import { Inbox, StorageUnavailableError, WebhookGoneError } from "../../server/inbox/inbox.ts";
import { Metrics } from "../../server/ops/metrics.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { migratedDatabasePerTest } from "../helpers/migrated-database.ts";
import { captureLog } from "../helpers/log-capture.ts";

const kinds = await databaseKinds();

describe.each(kinds)("the inbox's intake on %s", (kind) => {
  let db: Db;
  const openDatabase = migratedDatabasePerTest(kind);

  async function setup() {
    db = await openDatabase();
    const metrics = new Metrics();
    const inbox = new Inbox(db, metrics);
    const stored: number[] = [];
    inbox.on("stored", (count) => stored.push(count));
    return { inbox, metrics, stored };
  }

  const webhook = (id: string, state: string) =>
    db.prisma.boardWebhook.create({ data: { id, accountId: "7001", boardId: "9001", event: "create_item", urlToken: `token-${id}`, state } });

  const board = (key: string, webhookId: string | null = "wh-1"): NewDelivery => ({
    source: "board",
    type: "create_pulse",
    idempotencyKey: key,
    accountId: "7001",
    boardId: "9001",
    webhookId,
    payload: JSON.stringify({ event: { triggerUuid: key } }),
    webhookMustBeIn: ["pending", "active"],
  });

  /** Settles every promise and tells apart what each resolved to or was refused with. */
  const settle = (promises: Promise<Accepted>[]) => Promise.allSettled(promises);

  it("When deliveries of every kind arrive, then each is stored with everything it came with, pending and due when the worker may take it", async () => {
    const { inbox } = await setup();
    await webhook("wh-1", "active");
    const receivedAt = new Date("2026-11-30T10:07:30.123Z");
    const deadline = new Date("2026-11-30T10:37:30.000Z");
    const notBefore = new Date("2026-11-30T10:07:40.500Z");
    const before = Date.now();
    const [boardAccepted, asyncAccepted, syncAccepted, lifecycleAccepted] = await Promise.all([
      inbox.accept({ ...board("board-1"), meta: { authenticated: true, via: "oauth" }, requestId: "req-board", receivedAt }),
      inbox.accept({
        source: "feature",
        type: "AppFeatureObject:create",
        idempotencyKey: "feature-async-1",
        accountId: "7001",
        payload: '{"payload":{"inputFields":{}}}',
        requestId: "req-async",
        receivedAt,
        featureEvent: {
          eventId: "event-async-1",
          accountId: "7001",
          type: "AppFeatureObject:create",
          featureType: "AppFeatureObject",
          mode: "async",
          eventActionOrigin: "install",
          payload: { inputFields: { a: 1 } },
          backToUrl: "https://api.monday.com/apps_lifecycle/back",
          receivedAt,
          callbackDeadline: deadline,
        },
      }),
      inbox.accept({
        source: "feature",
        type: "AppFeatureColumn:delete",
        idempotencyKey: "feature-sync-1",
        accountId: "7001",
        payload: "{}",
        receivedAt,
        notBefore,
        featureEvent: {
          eventId: "event-sync-1",
          accountId: "7001",
          type: "AppFeatureColumn:delete",
          featureType: null,
          mode: "sync",
          eventActionOrigin: null,
          payload: {},
          backToUrl: null,
          receivedAt,
          callbackDeadline: null,
        },
      }),
      inbox.accept({ source: "lifecycle", type: "install", idempotencyKey: "lifecycle-1", payload: '{"type":"install"}' }),
    ]);
    const after = Date.now();
    for (const accepted of [boardAccepted, asyncAccepted, syncAccepted, lifecycleAccepted]) expect(accepted!.duplicate).toBe(false);

    const row = (id: string) => db.prisma.delivery.findUniqueOrThrow({ where: { id } });
    expect(await row(boardAccepted!.id)).toMatchObject({
      source: "board",
      type: "create_pulse",
      idempotencyKey: "board-1",
      accountId: "7001",
      boardId: "9001",
      webhookId: "wh-1",
      payload: JSON.stringify({ event: { triggerUuid: "board-1" } }),
      status: "pending",
      attempts: 0,
      nextAttemptAt: receivedAt,
      receivedAt,
      requestId: "req-board",
      claimToken: null,
    });
    expect(JSON.parse((await row(boardAccepted!.id)).meta)).toEqual({ authenticated: true, via: "oauth" });
    expect(await row(syncAccepted!.id)).toMatchObject({ nextAttemptAt: notBefore, receivedAt, requestId: null, boardId: null, webhookId: null });
    const lifecycle = await row(lifecycleAccepted!.id);
    expect(lifecycle).toMatchObject({ source: "lifecycle", accountId: null, boardId: null, webhookId: null, requestId: null, meta: "{}", status: "pending" });
    // without a time of its own, a delivery is received (and due) when its batch is written
    expect(lifecycle.receivedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(lifecycle.receivedAt.getTime()).toBeLessThanOrEqual(after);
    expect(lifecycle.nextAttemptAt).toEqual(lifecycle.receivedAt);

    const events = await db.prisma.featureEvent.findMany({ orderBy: { eventId: "asc" } });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      eventId: "event-async-1",
      deliveryId: asyncAccepted!.id,
      accountId: "7001",
      type: "AppFeatureObject:create",
      featureType: "AppFeatureObject",
      mode: "async",
      eventActionOrigin: "install",
      backToUrl: "https://api.monday.com/apps_lifecycle/back",
      callbackStatus: "pending",
      callbackAttempts: 0,
      callbackDeadline: deadline,
      receivedAt,
    });
    expect(JSON.parse(events[0]!.payload)).toEqual({ inputFields: { a: 1 } });
    expect(events[1]).toMatchObject({
      eventId: "event-sync-1",
      deliveryId: syncAccepted!.id,
      featureType: null,
      mode: "sync",
      eventActionOrigin: null,
      backToUrl: null,
      callbackStatus: "none",
      callbackDeadline: null,
    });
    // only the board delivery is counted, in its webhook's bucket
    expect(await db.prisma.webhookDeliveryCount.findMany()).toEqual([{ webhookId: "wh-1", bucket: bucketOf(receivedAt), deliveries: 1 }]);
  });

  it("When the same key arrives again, in the same batch or a later one, then every copy is a duplicate of the first delivery, stored, counted and told to the worker once", async () => {
    const { inbox, metrics, stored } = await setup();
    await webhook("wh-1", "active");
    const feature = (copy: number): NewDelivery => ({
      source: "feature",
      type: "AppFeatureObject:create",
      idempotencyKey: "feature-twice",
      accountId: "7001",
      payload: "{}",
      featureEvent: {
        eventId: "event-twice",
        accountId: "7001",
        type: "AppFeatureObject:create",
        featureType: "AppFeatureObject",
        mode: "sync",
        eventActionOrigin: `copy-${copy}`,
        payload: {},
        backToUrl: null,
        receivedAt: new Date(),
        callbackDeadline: null,
      },
    });
    const firstBatch = await Promise.all([inbox.accept(board("twice")), inbox.accept(board("twice")), inbox.accept(feature(1)), inbox.accept(feature(2))]);
    const laterBatch = await Promise.all([inbox.accept(board("twice")), inbox.accept(feature(3))]);

    const boardRow = await db.prisma.delivery.findUniqueOrThrow({ where: { idempotencyKey: "twice" } });
    const featureRow = await db.prisma.delivery.findUniqueOrThrow({ where: { idempotencyKey: "feature-twice" } });
    expect(firstBatch).toEqual([
      { id: boardRow.id, duplicate: false },
      { id: boardRow.id, duplicate: true },
      { id: featureRow.id, duplicate: false },
      { id: featureRow.id, duplicate: true },
    ]);
    expect(laterBatch).toEqual([
      { id: boardRow.id, duplicate: true },
      { id: featureRow.id, duplicate: true },
    ]);
    expect(await db.prisma.delivery.count()).toBe(2);
    // the event row is the first copy's, tied to the one delivery
    expect(await db.prisma.featureEvent.findMany({ select: { eventId: true, deliveryId: true, eventActionOrigin: true } })).toEqual([
      { eventId: "event-twice", deliveryId: featureRow.id, eventActionOrigin: "copy-1" },
    ]);
    expect((await db.prisma.webhookDeliveryCount.findMany()).map((c) => c.deliveries)).toEqual([1]);
    expect(metrics.get("hookboard_deliveries_received_total", { source: "board" })).toBe(1);
    expect(metrics.get("hookboard_deliveries_duplicate_total", { source: "board" })).toBe(2);
    expect(metrics.get("hookboard_deliveries_received_total", { source: "feature" })).toBe(1);
    expect(metrics.get("hookboard_deliveries_duplicate_total", { source: "feature" })).toBe(2);
    // the later batch held duplicates only: nothing new for the worker
    expect(stored).toEqual([2]);
  });

  it("When copies arrive one after another while the first is being written, then they wait for its commit and all get its id (one writer at a time)", async () => {
    const { inbox, stored } = await setup();
    const delivery = { source: "lifecycle", type: "install", idempotencyKey: "while-writing", accountId: "7001", payload: "{}" } as const;
    const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
    const first = inbox.accept(delivery);
    // a copy per turn of the event loop, each after the first's batch has been taken for writing
    const copies: Promise<Accepted>[] = [];
    for (let turn = 0; turn < 3; turn++) {
      await nextTurn();
      copies.push(inbox.accept(delivery));
    }
    const [answer, ...copyAnswers] = await Promise.all([first, ...copies]);
    const row = await db.prisma.delivery.findUniqueOrThrow({ where: { idempotencyKey: "while-writing" } });
    expect(answer).toEqual({ id: row.id, duplicate: false });
    expect(copyAnswers).toEqual(copies.map(() => ({ id: row.id, duplicate: true })));
    expect(await db.prisma.delivery.count()).toBe(1);
    // the worker is told of the one new delivery, not of its copies
    expect(stored).toEqual([1]);
  });

  it("When a board delivery's webhook no longer receives or is unknown, then it and its copies are refused with 410 webhook_gone and nothing of them is stored", async () => {
    const { inbox, metrics, stored } = await setup();
    await webhook("wh-deleted", "deleted");
    await webhook("wh-pending", "pending");
    const results = await settle([
      inbox.accept(board("to-deleted", "wh-deleted")),
      inbox.accept(board("to-deleted", "wh-deleted")),
      inbox.accept(board("to-unknown", "wh-unknown")),
      inbox.accept(board("without-webhook", null)),
      inbox.accept(board("to-pending", "wh-pending")),
    ]);
    const refusals = results.slice(0, 4).map((r) => (r.status === "rejected" ? r.reason : r.value));
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(WebhookGoneError);
      expect(refusal).toMatchObject({
        name: "WebhookGoneError",
        status: 410,
        code: "webhook_gone",
        message: "This webhook was deleted or its account uninstalled the app",
      });
    }
    expect(results[4]).toMatchObject({ status: "fulfilled", value: { duplicate: false } });
    expect((await db.prisma.delivery.findMany()).map((d) => d.idempotencyKey)).toEqual(["to-pending"]);
    expect(await db.prisma.webhookDeliveryCount.findMany({ select: { webhookId: true, deliveries: true } })).toEqual([
      { webhookId: "wh-pending", deliveries: 1 },
    ]);
    expect(metrics.get("hookboard_deliveries_received_total", { source: "board" })).toBe(1);
    expect(metrics.get("hookboard_deliveries_duplicate_total", { source: "board" })).toBe(0);
    expect(stored).toEqual([1]);
  });

  it("When more deliveries arrive at once than one commit holds, then every one is stored, in batches of 200, and the worker is told of each batch", async () => {
    const { inbox, stored } = await setup();
    const keys = Array.from({ length: 450 }, (_, i) => `burst-${i}`);
    const accepted = await Promise.all(
      keys.map((k) => inbox.accept({ source: "lifecycle", type: "install", idempotencyKey: k, accountId: "7001", payload: "{}" })),
    );
    expect(accepted.every((a) => !a.duplicate)).toBe(true);
    expect(new Set(accepted.map((a) => a.id)).size).toBe(450);
    expect(await db.prisma.delivery.count()).toBe(450);
    expect(stored).toEqual([200, 200, 50]);
    // and the inbox goes on taking deliveries after its burst
    await inbox.accept({ source: "lifecycle", type: "install", idempotencyKey: "after-the-burst", payload: "{}" });
    expect(stored).toEqual([200, 200, 50, 1]);
  });

  it("When the database refuses a batch, then every caller waiting on it gets 503 storage_unavailable with Retry-After, none of it is stored, and the next batch is written", async () => {
    const { inbox, stored } = await setup();
    await webhook("wh-1", "active");
    // the board delivery's count cannot be written: the whole commit fails
    await db.prisma.$executeRawUnsafe("ALTER TABLE webhook_delivery_counts RENAME TO webhook_delivery_counts_away");
    const results = await settle([
      inbox.accept(board("refused-board")),
      inbox.accept({ source: "lifecycle", type: "install", idempotencyKey: "refused-lifecycle", payload: "{}" }),
    ]);
    for (const result of results) {
      expect(result.status).toBe("rejected");
      const reason = (result as PromiseRejectedResult).reason as unknown;
      expect(reason).toBeInstanceOf(StorageUnavailableError);
      expect(reason).toMatchObject({ name: "StorageUnavailableError", status: 503, code: "storage_unavailable", headers: { "Retry-After": "5" } });
      expect((reason as Error).message).toBe("The delivery could not be stored; retry later");
    }
    expect(await db.prisma.delivery.count()).toBe(0);
    expect(stored).toEqual([]);
    await db.prisma.$executeRawUnsafe("ALTER TABLE webhook_delivery_counts_away RENAME TO webhook_delivery_counts");
    await expect(inbox.accept({ source: "lifecycle", type: "install", idempotencyKey: "after-recovery", payload: "{}" })).resolves.toMatchObject({
      duplicate: false,
    });
    expect(stored).toEqual([1]);
  });

  it("When the sync route claims its delivery, then it holds it as this process's route, nobody else can claim it, and once stopping the attempt commits nothing", async () => {
    const { inbox } = await setup();
    const { log } = captureLog();
    const { id } = await inbox.accept({ source: "feature", type: "AppFeatureObject:create", idempotencyKey: "sync-claim", payload: "{}" });
    const stopping = new AbortController();
    const attempt = await inbox.claim(id, 5_000, log, stopping.signal);
    expect(attempt?.delivery).toMatchObject({ id, attempts: 1, idempotencyKey: "sync-claim" });
    const held = await db.prisma.delivery.findUniqueOrThrow({ where: { id } });
    expect(held.claimedBy).toBe(`route:${hostname()}:${process.pid}`);
    expect(held.claimExpiresAt!.getTime() - Date.now()).toBeGreaterThan(3_000);
    expect(await inbox.claim(id, 5_000, log)).toBeNull();

    stopping.abort();
    await expect(attempt!.commit(async () => undefined)).rejects.toThrow("Hookboard is stopping");
    expect(await db.prisma.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", claimToken: attempt!.delivery.claimToken });
  });

  it("When a claimed delivery's transaction runs past the claim's lifetime, then it is rolled back and the delivery stays pending", async () => {
    const { inbox } = await setup();
    const { log } = captureLog();
    const { id } = await inbox.accept({ source: "feature", type: "AppFeatureObject:create", idempotencyKey: "slow-sync", payload: "{}" });
    const attempt = await inbox.claim(id, 300, log);
    await expect(attempt!.commit(() => new Promise((resolve) => setTimeout(resolve, 1_000)))).rejects.toThrow();
    expect(await db.prisma.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending" });
  });

  it("When a delivery is put back for the worker, then the worker is told; when it cannot be, it is not", async () => {
    const { inbox, stored } = await setup();
    const { id } = await inbox.accept({ source: "lifecycle", type: "install", idempotencyKey: "put-back", payload: "{}" });
    await db.prisma.delivery.update({ where: { id }, data: { status: "dead", attempts: 8, lastError: "monday was down" } });
    expect(await inbox.requeue(id, { onlyDead: true })).toEqual({ requeued: true, previous: { status: "dead", attempts: 8 } });
    expect(await db.prisma.delivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", attempts: 0 });
    expect(await inbox.requeue(id, { onlyDead: true })).toEqual({ requeued: false, reason: "changed" });
    expect(await inbox.requeue("no-such-delivery")).toEqual({ requeued: false, reason: "not_found" });
    expect(stored).toEqual([1, 1]);
  });
});
