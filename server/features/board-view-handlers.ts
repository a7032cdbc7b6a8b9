// Hookboard's own board view feature: its per-view settings follow the view through monday's
// lifecycle. A deleted view's settings are kept aside (monday can restore the view), a restored
// view gets them back, and a duplicated view starts with a copy of its source's settings.
//
// monday does not document these events' payloads. The view ids are looked for under the spellings
// seen in its examples; when none is there, the event is answered as a success and marked
// unrecognised (kept with its payload), since refusing a sync event fails the user's action in
// monday. Only what Hookboard can prove wrong is refused: a view id that belongs to another account.
import { z } from "zod";
import type { FeatureHandlerContext } from "../handlers/context.ts";
import type { FeatureEvent } from "./feature-event.ts";
import { refuse, succeed, unrecognised, type FeatureOutcome } from "./outcome.ts";

type BoardViewHandler<E extends "AppFeatureBoardView:delete" | "AppFeatureBoardView:restore" | "AppFeatureBoardView:duplicate"> = (
  event: FeatureEvent<E>,
  ctx: FeatureHandlerContext<FeatureEvent<E>>,
) => Promise<FeatureOutcome>;

const viewId = z.union([z.number().int().nonnegative(), z.string().trim().min(1).max(100)]).transform(String);

const VIEW_KEYS = ["boardViewId", "board_view_id", "viewId", "view_id", "instanceId", "instance_id"] as const;
const NEW_VIEW_KEYS = ["newBoardViewId", "new_board_view_id", "newViewId", "new_view_id", "newInstanceId", "new_instance_id"] as const;
const SOURCE_VIEW_KEYS = ["sourceBoardViewId", "source_board_view_id", "sourceViewId", "source_view_id", "sourceInstanceId", "source_instance_id"] as const;

function firstId(payload: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const parsed = viewId.safeParse(payload[key]);
    if (parsed.success) return parsed.data;
  }
  return null;
}

const noView = (what: string) => unrecognised(`the payload names no ${what} under a key Hookboard knows (${VIEW_KEYS.join(", ")})`);

export const onBoardViewDeleted: BoardViewHandler<"AppFeatureBoardView:delete"> = async (event, { commit }) => {
  const id = firstId(event.payload, VIEW_KEYS);
  if (!id) return noView("board view");
  return commit(async (tx) => {
    const kept = await tx.boardViewSettings.findFirst({ where: { viewId: id, accountId: event.accountId } });
    if (kept && !kept.deletedAt) await tx.boardViewSettings.update({ where: { viewId: id }, data: { deletedAt: event.receivedAt } });
    return succeed({ viewId: id, settingsKeptAside: kept !== null });
  });
};

export const onBoardViewRestored: BoardViewHandler<"AppFeatureBoardView:restore"> = async (event, { commit }) => {
  const id = firstId(event.payload, VIEW_KEYS);
  if (!id) return noView("board view");
  return commit(async (tx) => {
    const restored = await tx.boardViewSettings.updateMany({ where: { viewId: id, accountId: event.accountId }, data: { deletedAt: null } });
    return succeed({ viewId: id, settingsRestored: restored.count === 1 });
  });
};

export const onBoardViewDuplicated: BoardViewHandler<"AppFeatureBoardView:duplicate"> = async (event, { commit }) => {
  const id = firstId(event.payload, NEW_VIEW_KEYS) ?? firstId(event.payload, VIEW_KEYS);
  const sourceId = firstId(event.payload, SOURCE_VIEW_KEYS);
  if (!id || !sourceId) return noView(!id ? "new board view" : "source board view");
  // the same id under both names is a reading Hookboard cannot make sense of, not a proven error
  if (id === sourceId) return unrecognised("the payload names the same board view as the new view and its source");
  return commit(async (tx) => {
    const source = await tx.boardViewSettings.findFirst({ where: { viewId: sourceId, accountId: event.accountId } });
    if (!source) return succeed({ viewId: id, sourceViewId: sourceId, settingsCopied: false });
    const target = await tx.boardViewSettings.findUnique({ where: { viewId: id } });
    if (target && target.accountId !== event.accountId) return refuse("The new board view belongs to another account", { code: "view_conflict", status: 409 });
    await tx.boardViewSettings.upsert({
      where: { viewId: id },
      create: { viewId: id, accountId: event.accountId, settings: source.settings },
      update: { settings: source.settings, deletedAt: null },
    });
    return succeed({ viewId: id, sourceViewId: sourceId, settingsCopied: true });
  });
};
