// The tenant isolation matrix: for every board view API route and every kind of resource, account
// A's sessionToken asking for account B's data or acting on it gets a 404 (or, on routes without an
// id, A's own data only), sees nothing of B, changes nothing in Hookboard's database and makes
// monday create or delete nothing. Each cell is counted; a leak is any cell where one of that fails.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "../helpers/databases.ts";
import { eventually } from "../helpers/hookboard-server.ts";
import { apiGet, postJson, request, sendLifecycle, type JsonResponse } from "../helpers/http.ts";
import { lifecycleBody } from "../helpers/lifecycle-samples.ts";
import { SEED_BOARD_EVENTS } from "../../server/cli/simulate/board-samples.ts";
import {
  connect,
  createWebhook,
  deleteWebhook,
  listWebhooks,
  reconcileWebhooks,
  recreateWebhook,
  startHookboardWithMonday,
  type HookboardWithMonday,
  type WebhookJson,
} from "../helpers/monday-standin/hookboard-with-monday.ts";
import { connectThroughBrowser } from "../../server/test-kit/monday/oauth.ts";
import { sessionToken, type SessionUser } from "../../server/test-kit/monday-tokens.ts";
import { featureBody, sendFeature } from "../features/feature-requests.ts";
import { snapshotTables, tableChanges, type TableChange } from "./table-snapshot.ts";

const kinds = await databaseKinds();

interface Answer {
  status: number;
  text: string;
}

interface Cell {
  resource: string;
  asks: string;
  send(): Promise<Answer>;
  expected: { status: number; code?: string };
  /** tables the request may write to (A's own OAuth state when A starts connecting) */
  mayWrite?: string[];
}

interface DeliveriesJson {
  deliveries: { id: string }[];
  nextCursor: string | null;
}

const answer = (res: JsonResponse) => ({ status: res.status, text: typeof res.body === "string" ? res.body : JSON.stringify(res.body) });

describe.each(kinds)("tenant isolation on %s", (kind) => {
  const alice = { accountId: "8200001", userId: "82" };
  const bob = { accountId: "8200002", userId: "92" };
  // an account that never connected Hookboard to monday
  const carol = { accountId: "8200003", userId: "93" };
  const aliceBoard = "6200001";
  const bobBoard = "6200002";
  // a private board of Bob's account that only Bob is on
  const bobsPrivateBoard = "6200003";
  // other users of Bob's account: a member who connected their own monday user, one who never did, a viewer
  const bobsMember = { accountId: bob.accountId, userId: "94", isAdmin: false };
  const bobsNewMember = { accountId: bob.accountId, userId: "95", isAdmin: false };
  const bobsViewer = { accountId: bob.accountId, userId: "96", isAdmin: false, isViewOnly: true };
  let world: HookboardWithMonday;
  let aliceHook: WebhookJson;
  let bobHooks: WebhookJson[];
  /** every identifier of Bob's data: none may appear in an answer to Alice */
  let bobSecrets: string[];
  let bobCursors: { deliveries: string; timeline: string };

  const get = async (user: SessionUser, path: string) => answer(await apiGet(world.hb.url, path, user));
  const mondayChanges = () => world.monday.standin.calls("create_webhook").length + world.monday.standin.calls("delete_webhook").length;

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind });
    world.monday.boards.addBoard(alice.accountId, aliceBoard).addBoard(bob.accountId, bobBoard);
    world.monday.boards.addBoard(bob.accountId, bobsPrivateBoard, { onlyUsers: [bob.userId] });
    await connect(world, alice);
    await connect(world, bob);
    await connect(world, bobsMember);

    for (const [user, name, plan] of [
      [alice, "Alpha Account", "alpha-plan"],
      [bob, "Bravo-Secret-Account", "bravo-secret-plan"],
    ] as const) {
      for (const [type, day] of [
        ["install", "01"],
        ["app_subscription_created", "02"],
      ] as const) {
        const body = lifecycleBody(type, { accountId: Number(user.accountId), timestamp: `2026-03-${day}T00:00:00.000Z`, planId: plan });
        const named = { ...body, data: { ...body.data, account_name: name, account_slug: name.toLowerCase() } };
        expect((await sendLifecycle(world.hb.url, named)).status).toBe(200);
      }
      expect((await sendFeature(world.hb.url, "sync", featureBody("AppFeatureObject:create", { accountId: Number(user.accountId) }))).status).toBe(200);
    }
    aliceHook = (await createWebhook(world.hb.url, alice, aliceBoard, { event: "create_item" })).body;
    bobHooks = [
      (await createWebhook(world.hb.url, bob, bobBoard, { event: "create_item" })).body,
      (await createWebhook(world.hb.url, bob, bobBoard, { event: "create_update" })).body,
    ];
    for (const hook of [aliceHook, ...bobHooks, bobHooks[0]!]) {
      const delivered = await world.monday.boards.deliver(hook.mondayWebhookId!, {
        ...SEED_BOARD_EVENTS.create_item.event,
        triggerUuid: randomBytes(16).toString("hex"),
      });
      expect(delivered.status).toBe(200);
    }
    await eventually(
      async () => (await world.hb.hookboard.db.prisma.delivery.count({ where: { status: { not: "done" } } })) === 0,
      15_000,
      "every delivery processed",
    );

    const prisma = world.hb.hookboard.db.prisma;
    const bobsDeliveries = await prisma.delivery.findMany({ where: { accountId: bob.accountId } });
    const bobsEvents = await prisma.lifecycleEvent.findMany({ where: { accountId: bob.accountId } });
    const bobsHooks = await prisma.boardWebhook.findMany({ where: { accountId: bob.accountId } });
    expect([bobsDeliveries.length, bobsEvents.length, bobsHooks.length]).toEqual([6, 2, 2]);
    bobSecrets = [
      bob.accountId,
      bobBoard,
      "Bravo-Secret-Account",
      "bravo-secret-plan",
      ...bobsDeliveries.map((d) => d.id),
      ...bobsEvents.map((e) => e.id),
      ...bobsHooks.flatMap((h) => [h.id, h.urlToken, h.mondayWebhookId!]),
    ];

    const bobsPage = await apiGet<DeliveriesJson>(world.hb.url, "/api/deliveries?limit=1", bob);
    const bobsTimeline = await apiGet<{ nextCursor: string | null }>(world.hb.url, "/api/lifecycle-events?limit=1", bob);
    bobCursors = { deliveries: bobsPage.body.nextCursor!, timeline: bobsTimeline.body.nextCursor! };
    expect(bobCursors.deliveries && bobCursors.timeline).toBeTruthy();
  });
  afterAll(() => world?.stop());

  it("When Bob reads his own data, then every identifier the matrix looks for is visible to him (so their absence means something)", async () => {
    const seen = [
      await get(bob, "/api/me"),
      await get(bob, "/api/lifecycle-events?limit=200"),
      await get(bob, "/api/deliveries?limit=200"),
      await get(bob, `/api/deliveries?boardId=${bobBoard}&limit=200`),
      await get(bob, `/api/boards/${bobBoard}/webhooks`),
    ];
    expect(seen.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    const all = seen.map((s) => s.text).join("\n");
    for (const secret of [bob.accountId, bobBoard, "Bravo-Secret-Account", "bravo-secret-plan", ...bobHooks.map((h) => h.id)]) expect(all).toContain(secret);
  });

  it("When Alice's sessionToken asks for Bob's data or acts on it, in every cell of the matrix, then she gets a 404 or only her own data, and nothing changes", async () => {
    const cells: Cell[] = [
      { resource: "account state", asks: "GET /api/me", send: () => get(alice, "/api/me"), expected: { status: 200 } },
      {
        resource: "lifecycle timeline",
        asks: "GET /api/lifecycle-events",
        send: () => get(alice, "/api/lifecycle-events?limit=200"),
        expected: { status: 200 },
      },
      {
        resource: "lifecycle timeline",
        asks: "GET /api/lifecycle-events with Bob's cursor",
        send: () => get(alice, `/api/lifecycle-events?cursor=${bobCursors.timeline}`),
        expected: { status: 200 },
      },
      { resource: "deliveries", asks: "GET /api/deliveries", send: () => get(alice, "/api/deliveries?limit=200"), expected: { status: 200 } },
      {
        resource: "deliveries",
        asks: "GET /api/deliveries with Bob's cursor",
        send: () => get(alice, `/api/deliveries?cursor=${bobCursors.deliveries}`),
        expected: { status: 200 },
      },
      {
        resource: "deliveries by board",
        asks: "GET /api/deliveries?boardId=<Bob's board>",
        send: () => get(alice, `/api/deliveries?boardId=${bobBoard}`),
        expected: { status: 404, code: "board_not_found" },
      },
      {
        resource: "deliveries by board",
        asks: "GET /api/deliveries?boardId=<Bob's board> with Bob's cursor",
        send: () => get(alice, `/api/deliveries?boardId=${bobBoard}&cursor=${bobCursors.deliveries}`),
        expected: { status: 404, code: "board_not_found" },
      },
      {
        resource: "deliveries by board",
        asks: "GET /api/deliveries?boardId=<Bob's board> from an account never connected",
        send: () => get(carol, `/api/deliveries?boardId=${bobBoard}`),
        expected: { status: 409, code: "oauth_required" },
      },
      {
        resource: "boards and webhooks",
        asks: "GET /api/boards/<Bob's board>/webhooks",
        send: async () => answer(await listWebhooks(world.hb.url, alice, bobBoard)),
        expected: { status: 404, code: "board_not_found" },
      },
      {
        resource: "boards and webhooks",
        asks: "GET /api/boards/<Bob's board>/webhooks from an account never connected",
        send: async () => answer(await listWebhooks(world.hb.url, carol, bobBoard)),
        expected: { status: 409, code: "oauth_required" },
      },
      {
        resource: "boards and webhooks",
        asks: "POST /api/boards/<Bob's board>/webhooks",
        send: async () => answer(await createWebhook(world.hb.url, alice, bobBoard, { event: "create_item" })),
        expected: { status: 404, code: "board_not_found" },
      },
      {
        resource: "webhooks",
        asks: "DELETE /api/boards/<Bob's board>/webhooks/<Bob's webhook>",
        send: async () => answer(await deleteWebhook(world.hb.url, alice, bobBoard, bobHooks[0]!.id)),
        expected: { status: 404, code: "board_not_found" },
      },
      {
        resource: "webhooks",
        asks: "DELETE /api/boards/<Alice's board>/webhooks/<Bob's webhook>",
        send: async () => answer(await deleteWebhook(world.hb.url, alice, aliceBoard, bobHooks[1]!.id)),
        expected: { status: 404, code: "webhook_not_found" },
      },
      {
        resource: "webhooks",
        asks: "DELETE /api/boards/<Bob's board>/webhooks/<Alice's webhook>",
        send: async () => answer(await deleteWebhook(world.hb.url, alice, bobBoard, aliceHook.id)),
        expected: { status: 404, code: "board_not_found" },
      },
      {
        resource: "boards and webhooks",
        asks: "POST /api/boards/<Bob's board>/webhooks/reconcile",
        send: async () => answer(await reconcileWebhooks(world.hb.url, alice, bobBoard)),
        expected: { status: 404, code: "board_not_found" },
      },
      {
        resource: "webhooks",
        asks: "POST /api/boards/<Bob's board>/webhooks/<Bob's webhook>/recreate",
        send: async () => answer(await recreateWebhook(world.hb.url, alice, bobBoard, bobHooks[0]!.id)),
        expected: { status: 404, code: "board_not_found" },
      },
      {
        resource: "webhooks",
        asks: "POST /api/boards/<Alice's board>/webhooks/<Bob's webhook>/recreate",
        send: async () => answer(await recreateWebhook(world.hb.url, alice, aliceBoard, bobHooks[1]!.id)),
        expected: { status: 404, code: "webhook_not_found" },
      },
      {
        resource: "OAuth connection",
        asks: "GET /oauth/start with Alice's sessionToken, approved in Bob's monday account",
        send: async () => {
          world.monday.oauth.signedIn = bob;
          const visit = await connectThroughBrowser(world.hb.url, alice);
          const code = /account_mismatch/.test(visit.page) ? "account_mismatch" : "other";
          return { status: visit.status, text: JSON.stringify({ error: { code } }) };
        },
        expected: { status: 400, code: "account_mismatch" },
        mayWrite: ["oauth_states"],
      },
      {
        resource: "OAuth connection",
        asks: "GET /oauth/start with Alice's sessionToken naming Bob's account in the query",
        send: async () => {
          const res = await fetch(
            `${world.hb.url}/oauth/start?sessionToken=${encodeURIComponent(await sessionToken(alice))}&accountId=${bob.accountId}&account_id=${bob.accountId}`,
            { redirect: "manual" },
          );
          await res.arrayBuffer();
          return { status: res.status, text: "" };
        },
        expected: { status: 302 },
        mayWrite: ["oauth_states"],
      },
      // within an account, each user acts with their own authority, never with another user's connection
      {
        resource: "another user's authority",
        asks: "GET /api/boards/<Bob's board>/webhooks as a member of Bob's account who never connected",
        send: async () => answer(await listWebhooks(world.hb.url, bobsNewMember, bobBoard)),
        expected: { status: 409, code: "oauth_required" },
      },
      {
        resource: "another user's authority",
        asks: "POST /api/boards/<Bob's board>/webhooks as a member of Bob's account who never connected",
        send: async () => answer(await createWebhook(world.hb.url, bobsNewMember, bobBoard, { event: "create_item" })),
        expected: { status: 409, code: "oauth_required" },
      },
      {
        resource: "another user's authority",
        asks: "GET /api/deliveries?boardId=<Bob's board> as a member of Bob's account who never connected",
        send: () => get(bobsNewMember, `/api/deliveries?boardId=${bobBoard}`),
        expected: { status: 409, code: "oauth_required" },
      },
      {
        resource: "another user's authority",
        asks: "GET /api/boards/<Bob's private board>/webhooks as a member of Bob's account with their own connection",
        send: async () => answer(await listWebhooks(world.hb.url, bobsMember, bobsPrivateBoard)),
        expected: { status: 404, code: "board_not_found" },
      },
      {
        resource: "another user's authority",
        asks: "GET /api/deliveries (every board) as a member of Bob's account",
        send: () => get(bobsMember, "/api/deliveries?limit=200"),
        expected: { status: 403, code: "forbidden" },
      },
      {
        resource: "another user's authority",
        asks: "DELETE /api/boards/<Bob's board>/webhooks/<Bob's webhook> as a viewer of Bob's account",
        send: async () => answer(await deleteWebhook(world.hb.url, bobsViewer, bobBoard, bobHooks[0]!.id)),
        expected: { status: 403, code: "forbidden" },
      },
      {
        resource: "another user's authority",
        asks: "POST /oauth/start as a viewer of Bob's account (would replace the connection others use)",
        send: async () => answer(await request(`${world.hb.url}/oauth/start`, { method: "POST", headers: { authorization: await sessionToken(bobsViewer) } })),
        expected: { status: 403, code: "forbidden" },
      },
    ];

    const prisma = world.hb.hookboard.db.prisma;
    const leaks: string[] = [];
    for (const cell of cells) {
      const before = await snapshotTables(world.hb.hookboard.db);
      const bobStatesBefore = await prisma.oAuthState.count({ where: { accountId: bob.accountId } });
      const mondayBefore = mondayChanges();
      const res = await cell.send();
      const changes: TableChange[] = tableChanges(before, await snapshotTables(world.hb.hookboard.db)).filter((c) => !cell.mayWrite?.includes(c.table));

      const problems: string[] = [];
      if (res.status !== cell.expected.status) problems.push(`answered ${res.status}, not ${cell.expected.status}`);
      if (cell.expected.code && !res.text.includes(`"code":"${cell.expected.code}"`)) problems.push(`not ${cell.expected.code}: ${res.text.slice(0, 200)}`);
      const seen = bobSecrets.filter((s) => res.text.includes(s));
      if (seen.length) problems.push(`shows Bob's ${seen.join(", ")}`);
      if (changes.length) problems.push(`changed ${changes.map((c) => c.table).join(", ")}`);
      if ((await prisma.oAuthState.count({ where: { accountId: bob.accountId } })) !== bobStatesBefore) problems.push("created an OAuth state for Bob");
      if (mondayChanges() !== mondayBefore) problems.push("made monday create or delete a webhook");
      if (problems.length) leaks.push(`${cell.resource} — ${cell.asks}: ${problems.join("; ")}`);
    }
    world.monday.oauth.signedIn = null;

    console.log(`tenant isolation on ${kind}: ${cells.length} cells, ${leaks.length} leaks`);
    expect(leaks).toEqual([]);
    expect(cells.length).toBeGreaterThanOrEqual(26);
  });

  it("When the matrix has run, then Bob's webhooks are intact at monday and in Hookboard, and his token still works", async () => {
    for (const hook of bobHooks) expect(world.monday.boards.webhooks.get(hook.mondayWebhookId!)).toMatchObject({ accountId: bob.accountId, boardId: bobBoard });
    const listed = await listWebhooks(world.hb.url, bob, bobBoard);
    expect(listed.body.webhooks.map((w) => [w.id, w.state]).sort()).toEqual(bobHooks.map((h) => [h.id, "active"]).sort());
    const created = await postJson(`${world.hb.url}/api/boards/${bobBoard}/webhooks`, { event: "create_column" }, { authorization: await sessionToken(bob) });
    expect(created.status).toBe(201);
    expect((await request(`${world.hb.url}/api/deliveries?boardId=${aliceBoard}`, { headers: { authorization: await sessionToken(alice) } })).status).toBe(200);
  });
});
