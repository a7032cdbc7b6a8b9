// Feature lifecycle bodies as monday sends them (its feature lifecycle subscriptions page): the documented
// top-level shape `{ type, payload, accountId, userId, back_to_url }`, or the `data`-nested shape
// monday's example app reads. The one builder behind `npx hookboard simulate` and the tests.
import { featureTypeOf, type FeatureEventType } from "../../features/event-types.ts";

export interface FeatureBodyOptions {
  accountId?: number | string;
  userId?: number | string;
  payload?: Record<string, unknown>;
  backToUrl?: string;
  eventActionOrigin?: string;
  /** put payload, ids and back_to_url under `data` */
  nested?: boolean;
}

export function featureBody(type: string, o: FeatureBodyOptions = {}): Record<string, unknown> {
  const accountId = Number(o.accountId ?? 555001);
  const userId = Number(o.userId ?? 4242);
  const payload = o.payload ?? { boardId: 987654321, instanceId: 123456 };
  const extra = o.eventActionOrigin ? { event_action_origin: o.eventActionOrigin } : {};
  if (o.nested) {
    return {
      type,
      data: { payload, account_id: accountId, user_id: userId, app_id: 10000001, ...(o.backToUrl ? { back_to_url: o.backToUrl } : {}), ...extra },
    };
  }
  return { type, payload, accountId, userId, ...(o.backToUrl ? { back_to_url: o.backToUrl } : {}), ...extra };
}

export interface FeaturePayloadContext {
  boardId: number;
  /** distinguishes the repetitions of a burst: each names its own view, column or object */
  seq: number;
}

/**
 * A payload for each event type. monday does not document them; these use the names its examples
 * and captured deliveries use (boardViewId, sourceBoardViewId, columnId, objectId), which are the
 * ones Hookboard's own board view handlers read.
 */
export function featurePayload(
  type: FeatureEventType,
  { boardId, seq }: FeaturePayloadContext,
): { payload: Record<string, unknown>; eventActionOrigin?: string } {
  const featureType = featureTypeOf(type);
  const action = type.slice(type.indexOf(":") + 1);
  switch (featureType) {
    case "AppFeatureBoardView":
      return action === "duplicate"
        ? { payload: { boardId, boardViewId: 710000 + seq, sourceBoardViewId: 700000 + seq } }
        : { payload: { boardId, boardViewId: 700000 + seq } };
    case "AppFeatureBoardColumnExtension":
      return { payload: { boardId, columnId: `status_${seq}`, instanceId: 720000 + seq } };
    case "AppFeatureColumn":
      return action === "board_deleted" || action === "board_restored"
        ? { payload: { boardId, columnId: `hookboard_col_${seq}` }, eventActionOrigin: action === "board_deleted" ? "board_deleted" : "board_restored" }
        : { payload: { boardId, columnId: `hookboard_col_${seq}`, columnTitle: "Hookboard" } };
    case "AppFeatureObject":
      return action === "update_attributes"
        ? { payload: { objectId: 730000 + seq, attributes: { name: `Object ${seq}`, description: "Updated by the simulator" } } }
        : { payload: { objectId: 730000 + seq, objectName: `Object ${seq}` } };
  }
}
