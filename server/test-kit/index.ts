// The test kit an app built on Hookboard tests its handlers with: a real Hookboard (through the
// public entry) on a temporary SQLite file, a stand-in monday for its API and OAuth, and helpers
// that send signed events of each family the way monday does and wait until they are applied.
//
//   const kit = await startTestHookboard({ register: (hookboard) => registerMyApp(hookboard) });
//   const webhook = await kit.createWebhook({ accountId: "1" }, "100", "create_item");
//   const delivery = await kit.board(webhook);          // resolves once applied
//   expect(delivery.status).toBe("done");
//   await kit.stop();
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { boardEventSample } from "../cli/simulate/board-samples.ts";
import { CallbackReceiver, type ReceivedResult } from "../cli/simulate/callback-receiver.ts";
import { featureBody, featurePayload } from "../cli/simulate/feature-samples.ts";
import { lifecycleBody, type LifecycleSampleOptions } from "../cli/simulate/lifecycle-samples.ts";
import { postLikeMonday, type Answer } from "../cli/simulate/send-request.ts";
import type { BoardWebhookEvent } from "../board-webhooks/webhook-events.ts";
import { loadConfig } from "../config/config.ts";
import { createDb, type PrismaClient } from "../db/client.ts";
import type { FeatureEventType } from "../features/event-types.ts";
import { composeHookboard } from "../app.ts";
import { hookboardOf, type Hookboard } from "../hookboard.ts";
import { createLogger } from "../log/logger.ts";
import { connectThroughBrowser } from "./monday/oauth.ts";
import { startBoardsMonday, type BoardsMonday } from "./monday/webhooks.ts";
import { datToken, sessionToken, TEST_SECRETS, webhookToken } from "./monday-tokens.ts";

export { TEST_SECRETS };

export interface TestHookboardOptions {
  /** registers the app's handlers, as the app's main does before `start` */
  register?: (hookboard: Hookboard) => void;
  /** more variables (the kit sets the database, secrets, URLs and the stand-in monday) */
  env?: Record<string, string>;
  /** a PostgreSQL URL to run on instead of a temporary SQLite file */
  databaseUrl?: string;
  /** OAuth flow the stand-in monday speaks (default oauth2.1) */
  flow?: "legacy" | "oauth2.1";
}

/** A stored delivery as the kit reports it. */
export interface AppliedDelivery {
  id: string;
  source: string;
  type: string;
  status: "pending" | "retrying" | "done" | "dead";
  attempts: number;
  error: string | null;
}

export interface AccountUser {
  accountId: string;
  userId?: string;
  isAdmin?: boolean;
}

export interface TestWebhook {
  /** Hookboard's id */
  id: string;
  /** the stand-in monday's id */
  mondayWebhookId: string;
  boardId: string;
  event: BoardWebhookEvent;
  accountId: string;
}

export interface FeatureAnswer {
  /** monday's side: the HTTP answer */
  answer: Answer;
  eventId: string;
  delivery: AppliedDelivery;
  /** async events: what Hookboard posted to back_to_url (waited for) */
  callback?: ReceivedResult;
}

export interface TestHookboard {
  /** where Hookboard listens (also its PUBLIC_URL) */
  url: string;
  /** the stand-in monday: its API and OAuth servers, boards and webhooks */
  monday: BoardsMonday;
  /** Hookboard's database, to assert what handlers committed */
  prisma: PrismaClient;
  /** gives the account a board at the stand-in monday */
  addBoard(accountId: string, boardId: string): void;
  /** connects the user's account through the OAuth flow the board view starts (handlers then get `ctx.monday`) */
  connect(user: AccountUser): Promise<void>;
  /** creates a board webhook through Hookboard's API, as the board view does (connect first) */
  createWebhook(user: AccountUser, boardId: string, event: BoardWebhookEvent, config?: Record<string, unknown>): Promise<TestWebhook>;
  /** sends an app lifecycle event signed as monday signs it and waits until it is applied */
  lifecycle(type: string, options: Omit<LifecycleSampleOptions, "accountId"> & { accountId: string }): Promise<AppliedDelivery>;
  /** sends a board event to the webhook (monday's sample for its event, `event` merged in) and waits until it is applied */
  board(webhook: TestWebhook, event?: Record<string, unknown>): Promise<AppliedDelivery>;
  /** sends a feature lifecycle event (sync: the handler's answer; async: 202, then the result at back_to_url) */
  feature(
    type: FeatureEventType,
    options: { accountId: string; mode?: "sync" | "async"; payload?: Record<string, unknown>; eventId?: string },
  ): Promise<FeatureAnswer>;
  /** waits until a stored delivery is done or dead (or `until` says so) */
  waitUntilApplied(deliveryId: string, options?: { timeoutMs?: number; until?: (d: AppliedDelivery) => boolean }): Promise<AppliedDelivery>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const DEFAULT_TIMEOUT_MS = 15_000;

export async function startTestHookboard(options: TestHookboardOptions = {}): Promise<TestHookboard> {
  const monday = await startBoardsMonday();
  const receiver = await new CallbackReceiver("127.0.0.1").start();
  const dir = options.databaseUrl ? null : mkdtempSync(join(tmpdir(), "hookboard-kit-"));
  const databaseUrl = options.databaseUrl ?? `file:${join(dir!, "hookboard.db")}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: String(port),
    PUBLIC_URL: url,
    DATABASE_URL: databaseUrl,
    MONDAY_CLIENT_ID: TEST_SECRETS.clientId,
    MONDAY_CLIENT_SECRET: TEST_SECRETS.clientSecret,
    MONDAY_SIGNING_SECRET: TEST_SECRETS.signingSecret,
    TOKEN_ENCRYPTION_KEY: TEST_SECRETS.tokenEncryptionKey,
    MONDAY_CALLBACK_HOSTS: "127.0.0.1",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...monday.env(options.flow ?? "oauth2.1"),
    ...options.env,
  });
  const parts = composeHookboard(config, { log: createLogger(config.logLevel), worker: { pollMs: 50, backoff: { baseMs: 50, maxMs: 500 } } });
  const hookboard = hookboardOf(parts, { handleSignals: false });
  options.register?.(hookboard);
  await hookboard.start();
  const reader = createDb(databaseUrl, { poolSize: 2 });
  const prisma = reader.prisma;

  const read = async (id: string): Promise<AppliedDelivery | null> => {
    const row = await prisma.delivery.findUnique({
      where: { id },
      select: { id: true, source: true, type: true, status: true, attempts: true, lastError: true },
    });
    return row
      ? { id: row.id, source: row.source, type: row.type, status: row.status as AppliedDelivery["status"], attempts: row.attempts, error: row.lastError }
      : null;
  };

  const waitUntilApplied: TestHookboard["waitUntilApplied"] = async (deliveryId, waitOptions = {}) => {
    const until = waitOptions.until ?? ((d) => d.status === "done" || d.status === "dead");
    const deadline = Date.now() + (waitOptions.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    for (;;) {
      const delivery = await read(deliveryId);
      if (delivery && until(delivery)) return delivery;
      if (Date.now() > deadline)
        throw new Error(
          `delivery ${deliveryId} was not applied in time (it is ${delivery ? `${delivery.status} after ${delivery.attempts} attempt(s)` : "not stored"})`,
        );
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const acknowledged = async (answer: Answer, what: string): Promise<string> => {
    const id = (answer.body as { deliveryId?: unknown } | null)?.deliveryId;
    if (answer.status < 200 || answer.status >= 300 || typeof id !== "string") {
      throw new Error(`Hookboard did not accept the ${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return id;
  };

  return {
    url,
    monday,
    prisma,
    addBoard(accountId, boardId) {
      monday.boards.addBoard(accountId, boardId);
    },
    async connect(user) {
      const userId = user.userId ?? "4242";
      monday.oauth.signedIn = { accountId: user.accountId, userId };
      const visit = await connectThroughBrowser(url, { accountId: user.accountId, userId, isAdmin: user.isAdmin ?? true });
      if (visit.status !== 200) throw new Error(`connecting account ${user.accountId} failed with ${visit.status}: ${visit.page.slice(0, 300)}`);
    },
    async createWebhook(user, boardId, event, config) {
      const res = await postLikeMonday(
        `${url}/api/boards/${boardId}/webhooks`,
        { event, ...(config ? { config } : {}) },
        {
          authorization: await sessionToken({ accountId: user.accountId, userId: user.userId ?? "4242", isAdmin: user.isAdmin ?? true }),
        },
      );
      const body = res.body as { id?: string; mondayWebhookId?: string } | null;
      if (res.status !== 201 || !body?.id || !body.mondayWebhookId)
        throw new Error(`creating a ${event} webhook failed: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      return { id: body.id, mondayWebhookId: body.mondayWebhookId, boardId, event, accountId: user.accountId };
    },
    async lifecycle(type, lifecycleOptions) {
      const body = lifecycleBody(type, { ...lifecycleOptions, accountId: Number(lifecycleOptions.accountId) });
      const route = `${url}/webhooks/lifecycle`;
      const token = await webhookToken(lifecycleOptions.accountId, { audience: route, userId: lifecycleOptions.userId ?? 4242 });
      return waitUntilApplied(await acknowledged(await postLikeMonday(route, body, { authorization: token }), `${type} event`));
    },
    async board(webhook, event = {}) {
      const sample = boardEventSample(webhook.event, {
        boardId: webhook.boardId,
        subitemsBoardId: webhook.boardId,
        userId: 9603417,
        subscriptionId: Number(webhook.mondayWebhookId),
        triggerUuid: randomUUID().replace(/-/g, ""),
        at: new Date(),
        seq: 0,
      });
      const answer = await monday.boards.deliver(webhook.mondayWebhookId, { ...sample, ...event });
      return waitUntilApplied(await acknowledged(answer, `${webhook.event} event`));
    },
    async feature(type, featureOptions) {
      const mode = featureOptions.mode ?? "sync";
      const eventId = featureOptions.eventId ?? randomUUID();
      const backToUrl = mode === "async" ? receiver.backToUrl() : undefined;
      const payload = featureOptions.payload ?? featurePayload(type, { boardId: 1, seq: 0 }).payload;
      const body = featureBody(type, { accountId: Number(featureOptions.accountId), payload, ...(backToUrl ? { backToUrl } : {}) });
      const route = `${url}/webhooks/features/${mode}`;
      const token = await datToken({ account_id: Number(featureOptions.accountId), user_id: 4242, short_lived_token: "kit-short-lived" }, { audience: route });
      const answer = await postLikeMonday(route, body, { authorization: token, "x-apps-event-id": eventId });
      const stored = await prisma.delivery.findUnique({ where: { idempotencyKey: `feature:${eventId}` }, select: { id: true } });
      if (!stored) throw new Error(`Hookboard did not store the ${type} event: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
      const delivery = await waitUntilApplied(stored.id);
      if (!backToUrl) return { answer, eventId, delivery };
      const deadline = Date.now() + DEFAULT_TIMEOUT_MS;
      while (receiver.resultsFor(backToUrl).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      return { answer, eventId, delivery, ...(receiver.resultsFor(backToUrl)[0] ? { callback: receiver.resultsFor(backToUrl)[0]! } : {}) };
    },
    waitUntilApplied,
    async stop() {
      await hookboard.stop();
      await reader.close();
      await Promise.all([monday.stop(), receiver.stop()]);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
