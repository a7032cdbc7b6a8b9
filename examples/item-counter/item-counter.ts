// A small app built on Hookboard: it counts the items of every board it has a webhook on, greets
// the installing user in monday once the account is connected, and answers monday's "object
// created" event of its custom object feature. Copy this folder to start your own.
import { succeed, type Hookboard } from "../../server/index.ts";

/** The task that greets an account after its install was applied. */
export const GREET_TASK = "task:item-counter.greet";

export interface Greeting {
  accountId: string;
  userId: string | null;
}

export function registerItemCounter(hookboard: Hookboard): Hookboard {
  return (
    hookboard
      // database work goes through ctx.commit: committed once with the delivery, whatever retries happen
      .on(
        "board:create_item",
        async (event, ctx) => {
          await ctx.commit((tx) =>
            tx.exampleBoardItemCount.upsert({
              where: { boardId: event.boardId },
              create: { boardId: event.boardId, accountId: event.accountId, items: 1 },
              update: { items: { increment: 1 } },
            }),
          );
        },
        { name: "count-created-item" },
      )
      .on(
        "board:item_deleted",
        async (event, ctx) => {
          await ctx.commit((tx) =>
            tx.exampleBoardItemCount.updateMany({ where: { boardId: event.boardId, items: { gt: 0 } }, data: { items: { decrement: 1 } } }),
          );
        },
        { name: "count-deleted-item" },
      )
      // a call to monday is work outside the database: it is left as a task for after the commit,
      // carried out (and retried) by its own handler
      .on(
        "lifecycle:install",
        async (event, ctx) => {
          // an install that arrives after a newer uninstall is history, not an install
          if (!event.newest) return;
          ctx.afterCommit(GREET_TASK, { accountId: event.accountId, userId: event.user.id } satisfies Greeting);
        },
        { name: "greet-after-install" },
      )
      .on(
        GREET_TASK,
        async (event, ctx) => {
          const { userId } = event.payload as Greeting;
          if (!ctx.monday || !userId) {
            ctx.log.info("the account is not connected to monday yet: no greeting");
            return;
          }
          const { boards } = await ctx.monday.request<{ boards: { id: string }[] | null }>("query { boards(limit: 1) { id } }");
          const board = boards?.[0];
          if (!board) return;
          await ctx.monday.request(
            "mutation ($user: ID!, $board: ID!, $text: String!) { create_notification(user_id: $user, target_id: $board, target_type: Project, text: $text) { text } }",
            { user: userId, board: board.id, text: "Item Counter is installed: it counts the items of every board you give it a webhook on." },
          );
        },
        { name: "greet" },
      )
      // a feature event gets one deciding handler, whose return value is monday's answer
      .on(
        "feature:AppFeatureObject:create",
        async (event, ctx) =>
          ctx.commit(async (tx) => {
            const boards = await tx.exampleBoardItemCount.count({ where: { accountId: event.accountId } });
            return succeed({ boardsCounted: boards });
          }),
        { name: "answer-object-created" },
      )
  );
}
