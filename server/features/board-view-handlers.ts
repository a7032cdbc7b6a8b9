// Hookboard's own board view feature: its per-view settings follow the view through monday's
// lifecycle. A deleted view's settings are kept aside (monday can restore the view), a restored
// view gets them back, and a duplicated view starts with a copy of its source's settings.
import { z } from "zod";
import type { FeatureHandler, FeatureHandlerRegistry } from "./handler-registry.ts";
import { refuse, succeed } from "./outcome.ts";

const viewId = z.union([z.number().int().nonnegative(), z.string().trim().min(1).max(100)]).transform(String);

// monday does not document the board view payload: the spellings seen in its examples are accepted
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

const noView = () => refuse("The event's payload names no board view", { code: "invalid_payload", status: 400 });

export const onBoardViewDeleted: FeatureHandler<"AppFeatureBoardView:delete"> = async (event, { commit }) => {
  const id = firstId(event.payload, VIEW_KEYS);
  if (!id) return noView();
  return commit(async (tx) => {
    const kept = await tx.boardViewSettings.findFirst({ where: { viewId: id, accountId: event.accountId } });
    if (kept && !kept.deletedAt) await tx.boardViewSettings.update({ where: { viewId: id }, data: { deletedAt: event.receivedAt } });
    return succeed({ viewId: id, settingsKeptAside: kept !== null });
  });
};

export const onBoardViewRestored: FeatureHandler<"AppFeatureBoardView:restore"> = async (event, { commit }) => {
  const id = firstId(event.payload, VIEW_KEYS);
  if (!id) return noView();
  return commit(async (tx) => {
    const restored = await tx.boardViewSettings.updateMany({ where: { viewId: id, accountId: event.accountId }, data: { deletedAt: null } });
    return succeed({ viewId: id, settingsRestored: restored.count === 1 });
  });
};

export const onBoardViewDuplicated: FeatureHandler<"AppFeatureBoardView:duplicate"> = async (event, { commit }) => {
  const id = firstId(event.payload, NEW_VIEW_KEYS) ?? firstId(event.payload, VIEW_KEYS);
  const sourceId = firstId(event.payload, SOURCE_VIEW_KEYS);
  if (!id || !sourceId) return refuse("The event's payload must name the new board view and its source", { code: "invalid_payload", status: 400 });
  if (id === sourceId) return refuse("A board view cannot be duplicated onto itself", { code: "invalid_payload", status: 400 });
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

export function registerBoardViewHandlers(registry: FeatureHandlerRegistry): void {
  registry
    .register("AppFeatureBoardView:delete", onBoardViewDeleted)
    .register("AppFeatureBoardView:restore", onBoardViewRestored)
    .register("AppFeatureBoardView:duplicate", onBoardViewDuplicated);
}
