// Board webhooks of an account: created, listed, deleted and reconciled at monday with the account's
// OAuth token, and recorded in Hookboard. A webhook's row (with its receiving URL) exists before
// `create_webhook` is sent, because monday POSTs the challenge to that URL before it answers.
import { randomUUID } from "node:crypto";
import type { PrismaClient, Tx } from "../db/client.ts";
import { notFound } from "../http/http-error.ts";
import type { Logger } from "../log/logger.ts";
import type { AccountRef } from "../monday-api/account-api.ts";
import { MondayApiError, MondayNotConnectedError, MondayNotFoundError, MondayReconnectRequiredError } from "../monday-api/errors.ts";
import type { BoardOwnership } from "./board-ownership.ts";
import type { RequestOptions } from "../monday-api/monday-api.ts";
import type { MondayWebhooks } from "./monday-webhooks.ts";
import { webhookHealth, type WebhookHealth } from "./webhook-health.ts";
import type { CreateWebhookBody } from "./webhook-events.ts";
import { newUrlToken, webhookUrl } from "./webhook-url.ts";

export interface BoardWebhookView {
  id: string;
  boardId: string;
  event: string;
  config: Record<string, unknown> | null;
  createdAt: string;
  /** pending | active | missing */
  state: string;
  mondayWebhookId: string | null;
  health: WebhookHealth;
}

export interface BoardWebhooksOptions {
  publicUrl: string;
  /** a webhook with no delivery for this long is `silent` */
  silentAfterMs: number;
}

/** States of a webhook that is (or may be) at monday and shown in the board view. */
const LIVE_STATES = ["pending", "active", "missing"];

interface WebhookRow {
  id: string;
  boardId: string;
  event: string;
  config: string | null;
  createdAt: Date;
  state: string;
  mondayWebhookId: string | null;
}

export interface ReconcileResult {
  missing: number;
  restored: number;
}

export class BoardWebhooksService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly monday: MondayWebhooks,
    private readonly ownership: BoardOwnership,
    private readonly options: BoardWebhooksOptions,
    private readonly log: Logger,
  ) {}

  async list(account: AccountRef, boardId: string): Promise<BoardWebhookView[]> {
    await this.ownership.require(account, boardId);
    await this.reconcileIfPossible(account, boardId);
    const rows = await this.prisma.boardWebhook.findMany({
      where: { accountId: account.accountId, boardId, state: { in: LIVE_STATES } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return Promise.all(rows.map((r) => this.view(r)));
  }

  async create(account: AccountRef, boardId: string, body: CreateWebhookBody): Promise<BoardWebhookView> {
    await this.ownership.require(account, boardId);
    const urlToken = newUrlToken();
    const url = webhookUrl(this.options.publicUrl, urlToken);
    const config = body.config ?? null;
    const row = await this.prisma.boardWebhook.create({
      data: {
        id: randomUUID(),
        accountId: account.accountId,
        boardId,
        event: body.event,
        config: config ? JSON.stringify(config) : null,
        urlToken,
        state: "pending",
        viaOAuth: true,
        createdByUserId: account.userId ?? null,
      },
    });
    let mondayWebhookId: string;
    try {
      mondayWebhookId = (await this.monday.create(account, { boardId, url, event: body.event, config })).id;
    } catch (error) {
      await this.prisma.boardWebhook.updateMany({ where: { id: row.id, state: "pending" }, data: { state: "failed" } });
      this.log.warn(
        { accountId: account.accountId, boardId, event: body.event, err: error instanceof Error ? error.message : String(error) },
        "monday did not create the webhook",
      );
      throw error;
    }
    // an uninstall processed meanwhile wins: the row stays inactive
    await this.prisma.boardWebhook.updateMany({ where: { id: row.id, state: "pending" }, data: { mondayWebhookId, state: "active" } });
    this.log.info({ accountId: account.accountId, boardId, event: body.event, webhookId: row.id, mondayWebhookId }, "board webhook created");
    return this.view((await this.prisma.boardWebhook.findUnique({ where: { id: row.id } }))!);
  }

  async delete(account: AccountRef, boardId: string, id: string): Promise<void> {
    await this.ownership.require(account, boardId);
    const row = await this.prisma.boardWebhook.findFirst({ where: { id, accountId: account.accountId, boardId, state: { in: LIVE_STATES } } });
    if (!row) throw notFound("No such webhook on this board", "webhook_not_found");
    if (row.mondayWebhookId && row.state !== "missing") {
      try {
        await this.monday.delete(account, row.mondayWebhookId);
      } catch (error) {
        // already gone at monday: the goal is reached
        if (!(error instanceof MondayNotFoundError)) throw error;
      }
    }
    await this.prisma.boardWebhook.update({ where: { id: row.id }, data: { state: "deleted", deletedAt: new Date() } });
    this.log.info({ accountId: account.accountId, boardId, webhookId: row.id, mondayWebhookId: row.mondayWebhookId }, "board webhook deleted");
  }

  /** Compares Hookboard's webhooks on the board with monday's list: those monday no longer has are `missing`. */
  async reconcile(account: AccountRef, boardId: string, options?: RequestOptions): Promise<ReconcileResult> {
    const atMonday = new Set((await this.monday.list(account, boardId, options)).map((w) => w.id));
    const rows = await this.prisma.boardWebhook.findMany({
      where: { accountId: account.accountId, boardId, state: { in: ["active", "missing"] }, mondayWebhookId: { not: null } },
      select: { id: true, state: true, mondayWebhookId: true },
    });
    const result: ReconcileResult = { missing: 0, restored: 0 };
    for (const row of rows) {
      const next = atMonday.has(row.mondayWebhookId!) ? "active" : "missing";
      if (next === row.state) continue;
      const changed = await this.prisma.boardWebhook.updateMany({ where: { id: row.id, state: row.state }, data: { state: next } });
      if (changed.count === 1) result[next === "missing" ? "missing" : "restored"]++;
    }
    if (result.missing || result.restored) this.log.warn({ accountId: account.accountId, boardId, ...result }, "board webhooks reconciled with monday");
    return result;
  }

  /** Uninstall: the account's webhooks stop being received (monday drops them with the app). */
  async deactivateAccount(accountId: string, tx: Tx): Promise<number> {
    const { count } = await tx.boardWebhook.updateMany({ where: { accountId, state: { in: LIVE_STATES } }, data: { state: "inactive" } });
    this.ownership.forget(accountId);
    return count;
  }

  /** Listing shows Hookboard's records even when monday cannot be asked right now (without waiting out a rate limit). */
  private async reconcileIfPossible(account: AccountRef, boardId: string): Promise<void> {
    try {
      await this.reconcile(account, boardId, { maxRetries: 0 });
    } catch (error) {
      if (!(error instanceof MondayApiError) || error instanceof MondayNotConnectedError || error instanceof MondayReconnectRequiredError) throw error;
      this.log.warn(
        { accountId: account.accountId, boardId, err: error.message },
        "could not reconcile board webhooks with monday; listing Hookboard's records",
      );
    }
  }

  private async view(row: WebhookRow): Promise<BoardWebhookView> {
    return {
      id: row.id,
      boardId: row.boardId,
      event: row.event,
      config: row.config ? (JSON.parse(row.config) as Record<string, unknown>) : null,
      createdAt: row.createdAt.toISOString(),
      state: row.state,
      mondayWebhookId: row.mondayWebhookId,
      health: await webhookHealth(this.prisma, row, this.options.silentAfterMs),
    };
  }
}
