// Hookboard's own reactions to what monday sends, registered through the same door as an app's
// handlers (`on`), before any of them. Hookboard's own state (install and subscription state, the
// lifecycle timeline, webhook health, feature outcomes) is not a reaction: its families keep it
// before the handlers run.
import type { BoardWebhooksService } from "./board-webhooks/board-webhooks.service.ts";
import { registerReconcileTasks } from "./board-webhooks/reconcile-tasks.ts";
import { onBoardViewDeleted, onBoardViewDuplicated, onBoardViewRestored } from "./features/board-view-handlers.ts";
import type { HandlerRegistry } from "./handlers/registry.ts";
import type { TokenStore } from "./oauth/token-store.ts";

/** The task that revokes an uninstalled account's OAuth tokens at monday, after the uninstall committed. */
export const REVOKE_TOKENS_TASK = "task:hookboard.revoke-tokens";

export function registerHookboardHandlers(registry: HandlerRegistry, parts: { tokens: TokenStore; boardWebhooks: BoardWebhooksService }): void {
  const { tokens, boardWebhooks } = parts;
  registry
    // Uninstall: monday voids the account's tokens and drops the app's webhooks. In one transaction
    // the tokens leave Hookboard and the webhooks' URLs stop receiving (410); the tokens are revoked
    // at monday after it, by a task (an HTTP call has no place in a transaction). An uninstall older
    // than a reinstall already applied changes nothing.
    .builtIn(
      "lifecycle:uninstall",
      async (event, ctx) => {
        if (!event.newest) return;
        ctx.afterCommit(REVOKE_TOKENS_TASK, { accountId: event.accountId });
        await ctx.commit(async (tx) => {
          await tokens.forgetAccount(event.accountId, tx);
          await boardWebhooks.deactivateAccount(event.accountId, tx);
        });
      },
      { name: "uninstall-cleanup" },
    )
    .builtIn(
      REVOKE_TOKENS_TASK,
      async (event, ctx) => {
        if (event.accountId) await tokens.revokeForgotten(event.accountId, ctx.log);
      },
      { name: "revoke-oauth-tokens" },
    )
    // the settings of Hookboard's own board view follow the view through deletion, restore and duplication
    .builtIn("feature:AppFeatureBoardView:delete", onBoardViewDeleted, { name: "keep-deleted-view-settings" })
    .builtIn("feature:AppFeatureBoardView:restore", onBoardViewRestored, { name: "restore-view-settings" })
    .builtIn("feature:AppFeatureBoardView:duplicate", onBoardViewDuplicated, { name: "copy-view-settings" });
  // board webhooks monday dropped are found (and with auto-repair recreated) in the background
  registerReconcileTasks(registry, boardWebhooks);
}
