// The forgery and bad-input corpus: hundreds of generated requests (route × token variant, route ×
// bad input) against every webhook route and the board view API, through real HTTP. Each must be
// refused with its 4xx and the JSON error shape, store nothing in any table, ask monday for no
// change, never cause a 5xx, and leave the server serving real requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppServiceStandIn } from "../helpers/app-service-standin.ts";
import { databaseKinds } from "../helpers/databases.ts";
import { untilIdle } from "../helpers/idle.ts";
import { connect, createWebhook, startHookboardWithMonday, type HookboardWithMonday } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { corpusCases, inLanes, runCase, send, type CaseOutcome } from "./forgery-cases.ts";
import { corpusTargets, requestFor, type CorpusWorld } from "./forgery-targets.ts";
import { attackerKeys, rightToken } from "./forgery-tokens.ts";
import { rowsWritten, snapshotTables, tableChanges, type TableChange } from "./table-snapshot.ts";

const kinds = await databaseKinds();
const keys = await attackerKeys();
const LANES = 6;

/** What each route answers to the real request. */
const ACCEPTED: Record<string, number> = {
  "POST /webhooks/lifecycle": 200,
  "POST /webhooks/features/sync": 200,
  "POST /webhooks/features/async": 202,
  "POST /webhooks/board/:urlToken": 200,
  "GET /api/me": 200,
  "GET /api/lifecycle-events": 200,
  "GET /api/deliveries": 200,
  "GET /api/boards/:boardId/webhooks": 200,
  "POST /api/boards/:boardId/webhooks": 201,
  "DELETE /api/boards/:boardId/webhooks/:id": 204,
  "POST /oauth/start": 201,
  "GET /oauth/start": 302,
};

describe.each(kinds)("the forgery corpus on %s", (kind) => {
  const account = { accountId: "8100001", userId: "81" };
  const boardId = "5100001";
  let world: HookboardWithMonday;
  let appService: AppServiceStandIn;
  let corpus: CorpusWorld;

  const mondayChanges = () => world.monday.standin.calls("create_webhook").length + world.monday.standin.calls("delete_webhook").length;

  beforeAll(async () => {
    appService = await new AppServiceStandIn().start();
    world = await startHookboardWithMonday({ kind, env: { MONDAY_CALLBACK_HOSTS: "127.0.0.1" } });
    world.monday.boards.addBoard(account.accountId, boardId);
    await connect(world, account);
    const live = await createWebhook(world.hb.url, account, boardId, { event: "create_item" });
    const deletable = await createWebhook(world.hb.url, account, boardId, { event: "create_update" });
    expect([live.status, deletable.status]).toEqual([201, 201]);
    corpus = {
      base: world.hb.url,
      ...account,
      otherAccountId: "8100002",
      boardId,
      boardWebhookUrl: world.monday.boards.webhooks.get(live.body.mondayWebhookId!)!.url,
      deletableWebhookId: deletable.body.id,
      backToUrl: () => appService.backToUrl(),
      bodyLimitBytes: world.hb.hookboard.config.bodyLimitBytes,
    };
  });
  afterAll(async () => {
    await world?.stop();
    await appService?.stop();
  });

  let outcomes: CaseOutcome[] = [];
  let changes: TableChange[] = [];

  it("When every forged, malformed or oversized request of the corpus is sent, then each is refused with its 4xx JSON error, nothing is stored and monday is asked for no change", async () => {
    const cases = corpusCases(corpus, keys);
    const before = await snapshotTables(world.hb.hookboard.db);
    const mondayBefore = mondayChanges();

    outcomes = await inLanes(cases, LANES, runCase);

    // a delivery or callback that slipped in is applied now, so that everything it writes shows
    await untilIdle(world.hb);
    changes = tableChanges(before, await snapshotTables(world.hb.hookboard.db));
    const failed = outcomes.filter((o) => o.problem !== null);
    const summary = {
      cases: outcomes.length,
      routes: new Set(outcomes.map((o) => o.case.route)).size,
      tokenCases: outcomes.filter((o) => o.case.axis === "token").length,
      inputCases: outcomes.filter((o) => o.case.axis === "input").length,
      refused: outcomes.filter((o) => o.status >= 400 && o.status < 500).length,
      stored: rowsWritten(changes),
      serverErrors: outcomes.filter((o) => o.status >= 500).length,
      unexpected: failed.length,
    };
    console.log(
      `forgery corpus on ${kind}: ${summary.cases} cases (${summary.tokenCases} token, ${summary.inputCases} input) across ${summary.routes} routes; ` +
        `refused ${summary.refused}, stored ${summary.stored}, 5xx ${summary.serverErrors}, not the expected refusal ${summary.unexpected}`,
    );

    expect(failed.map((o) => `${o.case.route} — ${o.case.axis}: ${o.case.variant}: ${o.problem}`)).toEqual([]);
    expect(changes).toEqual([]);
    expect(mondayChanges()).toBe(mondayBefore);
    expect(summary.cases).toBeGreaterThanOrEqual(300);
    expect(summary.routes).toBe(Object.keys(ACCEPTED).length);
  });

  it("When the corpus has been refused, then the real request on every route is still accepted", async () => {
    expect(outcomes.length).toBeGreaterThan(0);
    const answers: Record<string, number> = {};
    for (const t of corpusTargets(corpus)) {
      const res = await send(requestFor(t, await rightToken(t, corpus)));
      await res.arrayBuffer();
      answers[t.route] = res.status;
    }
    expect(answers).toEqual(ACCEPTED);
  });
});
