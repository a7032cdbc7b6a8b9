// A task as its handler receives it: work a handler left for after its commit (ctx.afterCommit).
import type { ClaimedDelivery } from "../inbox/delivery.ts";

export interface TaskEvent {
  deliveryId: string;
  /** the name after `task:` */
  name: string;
  /** the account of the delivery that left it */
  accountId: string | null;
  /** what the handler passed to afterCommit */
  payload: unknown;
  /** the delivery whose handler left it */
  parentDeliveryId: string | null;
  createdAt: Date;
}

export function taskEventOf(delivery: ClaimedDelivery): TaskEvent {
  let payload: unknown = null;
  try {
    payload = JSON.parse(delivery.payload);
  } catch {
    // written by insertTasks as JSON: unreadable only if edited by hand
  }
  const parent = delivery.meta.parentDeliveryId;
  return {
    deliveryId: delivery.id,
    name: delivery.type,
    accountId: delivery.accountId,
    payload,
    parentDeliveryId: typeof parent === "string" ? parent : null,
    createdAt: delivery.receivedAt,
  };
}
