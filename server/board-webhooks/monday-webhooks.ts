// The GraphQL operations board webhooks need, typed with @mondaydotcomorg/api's schema types.
import type { Board, Webhook, WebhookEventType } from "@mondaydotcomorg/api";
import type { AccountRef } from "../monday-api/account-api.ts";
import type { RequestOptions, Variables } from "../monday-api/monday-api.ts";
import type { BoardWebhookEvent, WebhookConfig } from "./webhook-events.ts";

export interface MondayWebhook {
  id: string;
  boardId: string;
  event: string;
}

type WebhookFields = Pick<Webhook, "id" | "board_id" | "event">;

const toWebhook = (w: WebhookFields): MondayWebhook => ({ id: String(w.id), boardId: String(w.board_id), event: String(w.event) });

/** Who asks monday: the account's stored OAuth connection (AccountMondayApi) or, in the CLI, a personal token. */
export interface WebhookRequester {
  request<T>(account: AccountRef, query: string, variables?: Variables, options?: RequestOptions): Promise<T>;
}

export class MondayWebhooks {
  constructor(private readonly api: WebhookRequester) {}

  /** The ids among `boardIds` the account's token can see. */
  async visibleBoards(account: AccountRef, boardIds: string[]): Promise<Set<string>> {
    const { boards } = await this.api.request<{ boards: Pick<Board, "id">[] | null }>(account, "query ($ids: [ID!]) { boards(ids: $ids) { id } }", {
      ids: boardIds,
    });
    return new Set((boards ?? []).map((b) => String(b.id)));
  }

  async create(
    account: AccountRef,
    input: { boardId: string; url: string; event: BoardWebhookEvent | string; config: WebhookConfig | null },
  ): Promise<MondayWebhook> {
    const { create_webhook } = await this.api.request<{ create_webhook: WebhookFields | null }>(
      account,
      "mutation ($board: ID!, $url: String!, $event: WebhookEventType!, $config: JSON) { create_webhook(board_id: $board, url: $url, event: $event, config: $config) { id board_id event } }",
      { board: input.boardId, url: input.url, event: input.event as WebhookEventType, config: input.config ? JSON.stringify(input.config) : null },
    );
    if (!create_webhook) throw new Error("monday created no webhook and named no error");
    return toWebhook(create_webhook);
  }

  async delete(account: AccountRef, webhookId: string): Promise<void> {
    await this.api.request<{ delete_webhook: Pick<Webhook, "id"> | null }>(account, "mutation ($id: ID!) { delete_webhook(id: $id) { id board_id } }", {
      id: webhookId,
    });
  }

  /** The board's webhooks created by this app (monday filters with app_webhooks_only), or every one (`appOnly: false`). */
  async list(account: AccountRef, boardId: string, options?: RequestOptions & { appOnly?: boolean }): Promise<MondayWebhook[]> {
    const { webhooks } = await this.api.request<{ webhooks: WebhookFields[] | null }>(
      account,
      "query ($board: ID!, $appOnly: Boolean) { webhooks(board_id: $board, app_webhooks_only: $appOnly) { id event board_id config } }",
      { board: boardId, appOnly: options?.appOnly ?? true },
      options,
    );
    return (webhooks ?? []).map(toWebhook);
  }
}
