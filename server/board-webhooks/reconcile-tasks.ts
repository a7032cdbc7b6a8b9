// Reconciling board webhooks with monday in the background, as tasks: a periodic task (recorded once
// per period by whichever process is first, see server/inbox/periodic-tasks.ts) leaves one task per
// board, and each board's task compares that board with monday, with the connection of a user who
// made a webhook there, and repairs what monday dropped when auto-repair is on. A board whose user
// is no longer connected is skipped (nothing to retry); a rate limit or outage is retried.
import type { HandlerRegistry } from "../handlers/registry.ts";
import { MondayNotConnectedError, MondayNotFoundError, MondayReconnectRequiredError } from "../monday-api/errors.ts";
import type { BoardWebhooksService } from "./board-webhooks.service.ts";

export const RECONCILE_ALL_TASK = "hookboard.reconcile-board-webhooks";
const RECONCILE_BOARD_TASK = "task:hookboard.reconcile-board";

interface BoardTask {
  accountId: string;
  boardId: string;
  userId: string | null;
}

function boardTaskOf(payload: unknown): BoardTask | null {
  const p = payload as Partial<BoardTask> | null;
  return p && typeof p.accountId === "string" && typeof p.boardId === "string"
    ? { accountId: p.accountId, boardId: p.boardId, userId: typeof p.userId === "string" ? p.userId : null }
    : null;
}

export function registerReconcileTasks(registry: HandlerRegistry, service: BoardWebhooksService): void {
  registry
    .builtIn(
      `task:${RECONCILE_ALL_TASK}`,
      async (_event, ctx) => {
        const boards = await service.boardsToReconcile();
        for (const board of boards) ctx.afterCommit(RECONCILE_BOARD_TASK, board);
        ctx.log.info({ boards: boards.length }, "board webhooks: reconciling with monday");
      },
      { name: "reconcile-board-webhooks" },
    )
    .builtIn(
      RECONCILE_BOARD_TASK,
      async (event, ctx) => {
        const board = boardTaskOf(event.payload);
        if (!board) throw new Error("reconcile task without its board");
        try {
          await service.reconcile({ accountId: board.accountId, userId: board.userId }, board.boardId);
        } catch (error) {
          const gone = error instanceof MondayNotConnectedError || error instanceof MondayReconnectRequiredError || error instanceof MondayNotFoundError;
          if (!gone) throw error;
          ctx.log.info(
            { accountId: board.accountId, boardId: board.boardId, reason: error.message },
            "board webhooks not reconciled: monday cannot be asked for this board",
          );
        }
      },
      { name: "reconcile-board" },
    );
}
