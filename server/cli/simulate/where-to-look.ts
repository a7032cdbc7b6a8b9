// After a simulation: where the board view and the API show what was sent.
import type { EventKind } from "./event-catalogue.ts";

export interface LookContext {
  accountId: string;
  boardId: string;
}

export function whereToLook(kinds: ReadonlySet<EventKind>, ctx: LookContext): string[] {
  const lines = ["Where to look:"];
  if (kinds.has("lifecycle")) {
    lines.push(
      // the view's own address shows only that it runs inside monday: it is seen framed
      `  app lifecycle  board view (inside monday; under \`npm run dev\`, the stand-in monday at http://127.0.0.1:5174/), the account section`,
      `                 at the top: install and subscription state (it refreshes every minute, or reload)`,
      `                 GET /api/me (state), GET /api/lifecycle-events (the timeline), GET /api/deliveries (source "lifecycle")`,
    );
  }
  if (kinds.has("board")) {
    lines.push(
      `  board          board view on board ${ctx.boardId}: "Recent deliveries", and the webhook's health under "Webhooks on this board"`,
      "                 (the view shows a board once the account is connected: Connect in the view, and the board is the account's at monday)",
      `                 GET /api/deliveries (board ${ctx.boardId}'s have boardId ${ctx.boardId}), GET /api/boards/${ctx.boardId}/webhooks`,
    );
  }
  if (kinds.has("feature")) {
    lines.push(
      `  feature        GET /api/deliveries (source "feature", with mode and callbackStatus); they belong to no board, so the`,
      `                 board view's "Recent deliveries" (one board's) does not list them`,
    );
  }
  lines.push(
    `  The /api routes answer the board view's sessionToken for account ${ctx.accountId} (open the view, or \`npm run dev\`'s stand-in monday,`,
    "  whose account is 777777); `npx hookboard deliveries` lists the stored deliveries from the database.",
  );
  return lines;
}
