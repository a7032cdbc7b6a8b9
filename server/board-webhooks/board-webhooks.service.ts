// Board webhooks of an account: created, listed, deleted, reconciled and recreated at monday with the
// calling user's own connection, and recorded in Hookboard. Listing reads only Hookboard's records;
// monday is asked when a user reconciles, and in the background on a schedule (a periodic task).
// Webhooks made by hand (the board's Webhooks recipe) are Hookboard's alone: monday is never asked.
import type { PrismaClient, Tx } from "../db/client.ts";
import { HttpError, notFound } from "../http/http-error.ts";
import type { Logger } from "../log/logger.ts";
import type { AccountRef } from "../monday-api/account-api.ts";
import { MondayNotFoundError } from "../monday-api/errors.ts";
import type { RequestOptions } from "../monday-api/monday-api.ts";
import type { BoardOwnership } from "./board-ownership.ts";
import type { MondayWebhooks } from "./monday-webhooks.ts";
import type { CreateWebhookBody } from "./webhook-events.ts";
import {
  LIVE_STATES,
  markCreated,
  markFailed,
  originOf,
  recordWebhook,
  webhookView,
  type BoardWebhookView,
  type WebhookOrigin,
  type WebhookRow,
} from "./webhook-records.ts";

export type { BoardWebhookView } from "./webhook-records.ts";

export interface BoardWebhooksOptions {
  publicUrl: string;
  /** a webhook with no delivery for this long is `silent` */
  silentAfterMs: number;
  /** recreate webhooks monday no longer has when reconciling */
  autoRepair: boolean;
}

export interface ReconcileResult {
  missing: number;
  restored: number;
  repaired: number;
}

/** Why a webhook took another's place. */
export type ReplaceReason = "recreated" | "auto_repair" | "new_url";

/** Auto-repair tries a webhook at most this often. */
export const REPAIR_INTERVAL_MS = 3600_000;

const ORDER = [{ createdAt: "asc" as const }, { id: "asc" as const }];

export class BoardWebhooksService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly monday: MondayWebhooks,
    private readonly ownership: BoardOwnership,
    private readonly options: BoardWebhooksOptions,
    private readonly log: Logger,
  ) {}

  /** Hookboard's records of the board's webhooks; monday is not asked (reconcile does that). */
  async list(account: AccountRef, boardId: string): Promise<BoardWebhookView[]> {
    await this.ownership.require(account, boardId);
    return this.views(account.accountId, boardId);
  }

  async create(account: AccountRef, boardId: string, body: CreateWebhookBody): Promise<BoardWebhookView> {
    await this.ownership.require(account, boardId);
    const origin: WebhookOrigin = body.mode === "manual" ? "recipe" : "oauth";
    const { row } = await this.createRecorded(account, { accountId: account.accountId, boardId, event: body.event, config: body.config ?? null, origin });
    return this.view(row);
  }

  /** `byAdmin`: a recipe's webhook (its URL its only protection) is deleted by admins only. */
  async delete(account: AccountRef, boardId: string, id: string, byAdmin = true): Promise<void> {
    await this.ownership.require(account, boardId);
    const row = await this.liveRow(account, boardId, id);
    if (originOf(row) === "recipe" && !byAdmin) throw new HttpError(403, "forbidden", "Only account admins can delete a webhook made by hand");
    if (originOf(row) === "oauth" && row.mondayWebhookId && row.state !== "missing") await this.deleteAtMonday(account, row.mondayWebhookId);
    await this.prisma.boardWebhook.update({ where: { id: row.id }, data: { state: "deleted", deletedAt: new Date() } });
    this.log.info({ accountId: account.accountId, boardId, webhookId: row.id, mondayWebhookId: row.mondayWebhookId }, "board webhook deleted");
  }

  /** Compares with monday (the user's own connection), repairs when configured, and answers the board's webhooks. */
  async reconcileNow(account: AccountRef, boardId: string): Promise<BoardWebhookView[]> {
    await this.ownership.require(account, boardId);
    // a user waits for this answer: a rate limit is reported at once (503 with Retry-After), not waited out
    await this.reconcile(account, boardId, { maxRetries: 0 });
    return this.views(account.accountId, boardId);
  }

  /**
   * A new webhook in `id`'s place: same event and config, a new receiving URL; the old record is kept
   * as `replaced` and its URL answers 410. An app webhook is created again at monday (and the old
   * one removed there if monday still has it); a recipe's webhook just gets a new URL to paste.
   */
  async recreate(account: AccountRef, boardId: string, id: string): Promise<BoardWebhookView> {
    await this.ownership.require(account, boardId);
    const row = await this.liveRow(account, boardId, id);
    if (originOf(row) === "personal_token") {
      throw new HttpError(
        409,
        "made_with_personal_token",
        "This webhook was made with a personal API token: make it again with `npx hookboard webhooks create` and delete this one",
      );
    }
    const fresh = await this.replace(account, row, originOf(row) === "recipe" ? "new_url" : "recreated");
    return this.view(fresh);
  }

  /**
   * Compares Hookboard's app webhooks on the board with monday's list: those monday no longer has are
   * `missing` (and with auto-repair, recreated). Webhooks made with a personal token or by hand are
   * left alone: monday lists only the app's own.
   */
  async reconcile(account: AccountRef, boardId: string, options?: RequestOptions): Promise<ReconcileResult> {
    const atMonday = new Set((await this.monday.list(account, boardId, options)).map((w) => w.id));
    const rows = await this.prisma.boardWebhook.findMany({
      where: { accountId: account.accountId, boardId, origin: "oauth", state: { in: ["active", "missing"] }, mondayWebhookId: { not: null } },
      orderBy: ORDER,
    });
    const result: ReconcileResult = { missing: 0, restored: 0, repaired: 0 };
    for (const row of rows) {
      const next = atMonday.has(row.mondayWebhookId!) ? "active" : "missing";
      if (next === row.state) continue;
      const changed = await this.prisma.boardWebhook.updateMany({ where: { id: row.id, state: row.state }, data: { state: next } });
      if (changed.count === 1) result[next === "missing" ? "missing" : "restored"]++;
    }
    if (this.options.autoRepair) result.repaired = await this.repairMissing(account.accountId, boardId);
    if (result.missing || result.restored || result.repaired)
      this.log.warn({ accountId: account.accountId, boardId, ...result }, "board webhooks reconciled with monday");
    return result;
  }

  /** The boards whose app webhooks the background reconcile compares, with a user whose connection can ask monday. */
  async boardsToReconcile(): Promise<{ accountId: string; boardId: string; userId: string | null }[]> {
    const rows = await this.prisma.boardWebhook.findMany({
      where: { origin: "oauth", state: { in: ["active", "missing"] }, mondayWebhookId: { not: null } },
      select: { accountId: true, boardId: true, createdByUserId: true },
      orderBy: [{ createdAt: "desc" }],
    });
    const boards = new Map<string, { accountId: string; boardId: string; userId: string | null }>();
    // the newest webhook's creator: the user most likely still connected
    for (const r of rows) {
      const key = `${r.accountId}:${r.boardId}`;
      if (!boards.has(key)) boards.set(key, { accountId: r.accountId, boardId: r.boardId, userId: r.createdByUserId });
    }
    return [...boards.values()];
  }

  /** Uninstall: the account's webhooks stop being received (monday drops them with the app). */
  async deactivateAccount(accountId: string, tx: Tx): Promise<number> {
    const { count } = await tx.boardWebhook.updateMany({ where: { accountId, state: { in: LIVE_STATES } }, data: { state: "inactive" } });
    this.ownership.forget(accountId);
    return count;
  }

  /**
   * Recreates the board's missing app webhooks, each at most once an hour (across processes: the
   * attempt is claimed by moving `repairAttemptedAt` from what was read), with the connection of the
   * user who made it. Each attempt is recorded on the webhook; a success replaces it.
   */
  private async repairMissing(accountId: string, boardId: string): Promise<number> {
    const now = new Date();
    const due = await this.prisma.boardWebhook.findMany({
      where: {
        accountId,
        boardId,
        origin: "oauth",
        state: "missing",
        OR: [{ repairAttemptedAt: null }, { repairAttemptedAt: { lte: new Date(now.getTime() - REPAIR_INTERVAL_MS) } }],
      },
      orderBy: ORDER,
    });
    let repaired = 0;
    for (const row of due) {
      const claimed = await this.prisma.boardWebhook.updateMany({
        where: { id: row.id, state: "missing", repairAttemptedAt: row.repairAttemptedAt },
        data: { repairAttemptedAt: now, repairError: null },
      });
      if (claimed.count !== 1) continue;
      try {
        const fresh = await this.replace({ accountId, userId: row.createdByUserId }, row, "auto_repair");
        this.log.warn({ accountId, boardId, webhookId: row.id, newWebhookId: fresh.id, event: row.event }, "board webhook monday dropped was recreated");
        repaired++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await this.prisma.boardWebhook.update({ where: { id: row.id }, data: { repairError: message.slice(0, 500) } });
        this.log.warn({ accountId, boardId, webhookId: row.id, err: message }, "could not recreate a board webhook monday dropped; will try again in an hour");
      }
    }
    return repaired;
  }

  /** Makes the new webhook, then in one transaction marks `old` replaced by it (unless something else already did). */
  private async replace(account: AccountRef, old: WebhookRow, reason: ReplaceReason): Promise<WebhookRow> {
    const origin = originOf(old);
    const { row: fresh } = await this.createRecorded(account, {
      accountId: old.accountId,
      boardId: old.boardId,
      event: old.event,
      config: old.config ? (JSON.parse(old.config) as Record<string, unknown>) : null,
      origin,
    });
    const replaced = await this.prisma.boardWebhook.updateMany({
      where: { id: old.id, state: { in: LIVE_STATES } },
      data: { state: "replaced", replacedById: fresh.id, replacedAt: new Date(), replaceReason: reason },
    });
    if (replaced.count !== 1) {
      // deleted, replaced or uninstalled meanwhile: the new one must not linger either
      await this.discard(account, fresh);
      throw new HttpError(409, "webhook_changed", "The webhook changed while it was being recreated; reload and try again");
    }
    // monday still delivering to the old URL would be one event twice under two webhooks
    if (origin === "oauth" && old.mondayWebhookId && old.state === "active") await this.deleteAtMonday(account, old.mondayWebhookId);
    this.log.info({ accountId: old.accountId, boardId: old.boardId, webhookId: old.id, newWebhookId: fresh.id, reason }, "board webhook replaced");
    return (await this.prisma.boardWebhook.findUnique({ where: { id: fresh.id } }))!;
  }

  private async discard(account: AccountRef, row: WebhookRow): Promise<void> {
    if (row.mondayWebhookId) await this.deleteAtMonday(account, row.mondayWebhookId).catch(() => undefined);
    await this.prisma.boardWebhook.update({ where: { id: row.id }, data: { state: "deleted", deletedAt: new Date() } });
  }

  /** Records the webhook, then (for an app webhook) asks monday to create it with the user's connection. */
  private async createRecorded(
    account: AccountRef,
    input: { accountId: string; boardId: string; event: string; config: Record<string, unknown> | null; origin: WebhookOrigin },
  ): Promise<{ row: WebhookRow }> {
    const { row, url } = await recordWebhook(this.prisma, this.options.publicUrl, { ...input, createdByUserId: account.userId ?? null });
    if (input.origin === "recipe") {
      this.log.info(
        { accountId: input.accountId, boardId: input.boardId, event: input.event, webhookId: row.id },
        "board webhook URL issued for the Webhooks recipe",
      );
      return { row };
    }
    let mondayWebhookId: string;
    try {
      mondayWebhookId = (await this.monday.create(account, { boardId: input.boardId, url, event: input.event, config: input.config })).id;
    } catch (error) {
      await markFailed(this.prisma, row.id);
      this.log.warn(
        { accountId: input.accountId, boardId: input.boardId, event: input.event, err: error instanceof Error ? error.message : String(error) },
        "monday did not create the webhook",
      );
      throw error;
    }
    await markCreated(this.prisma, row.id, mondayWebhookId);
    this.log.info({ accountId: input.accountId, boardId: input.boardId, event: input.event, webhookId: row.id, mondayWebhookId }, "board webhook created");
    return { row: (await this.prisma.boardWebhook.findUnique({ where: { id: row.id } }))! };
  }

  private async deleteAtMonday(account: AccountRef, mondayWebhookId: string): Promise<void> {
    try {
      await this.monday.delete(account, mondayWebhookId);
    } catch (error) {
      // already gone at monday: the goal is reached
      if (!(error instanceof MondayNotFoundError)) throw error;
    }
  }

  private async liveRow(account: AccountRef, boardId: string, id: string): Promise<WebhookRow> {
    const row = await this.prisma.boardWebhook.findFirst({ where: { id, accountId: account.accountId, boardId, state: { in: LIVE_STATES } } });
    if (!row) throw notFound("No such webhook on this board", "webhook_not_found");
    return row;
  }

  private async views(accountId: string, boardId: string): Promise<BoardWebhookView[]> {
    const rows = await this.prisma.boardWebhook.findMany({ where: { accountId, boardId, state: { in: LIVE_STATES } }, orderBy: ORDER });
    return Promise.all(rows.map((r) => this.view(r)));
  }

  private view(row: WebhookRow): Promise<BoardWebhookView> {
    return webhookView(this.prisma, row, this.options);
  }
}
