// What the inbox stores and hands to the worker.
import type { DeliverySource } from "../ops/metrics.ts";

export type { DeliverySource };
export type DeliveryStatus = "pending" | "done" | "retrying" | "dead";

export interface NewDelivery {
  source: DeliverySource;
  type: string;
  /** board: webhook id + triggerUuid; feature: X-Apps-Event-Id; lifecycle: hash of type, account, timestamp */
  idempotencyKey: string;
  accountId?: string | null;
  boardId?: string | null;
  webhookId?: string | null;
  /** the body as received */
  payload: string;
  /** verified facts the worker needs later (never secrets) */
  meta?: Record<string, unknown>;
  requestId?: string | null;
  receivedAt?: Date;
  /** the worker leaves the delivery alone until then (a sync feature event is handled by its route while monday waits) */
  notBefore?: Date;
}

export interface Accepted {
  id: string;
  duplicate: boolean;
}

export interface ClaimedDelivery {
  id: string;
  source: DeliverySource;
  type: string;
  idempotencyKey: string;
  accountId: string | null;
  boardId: string | null;
  webhookId: string | null;
  payload: string;
  meta: Record<string, unknown>;
  attempts: number;
  requestId: string | null;
  receivedAt: Date;
  claimToken: string;
}
