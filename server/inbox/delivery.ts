// What the inbox stores and hands to the worker.
import type { NewFeatureEvent } from "../features/feature-event-store.ts";

/** The families of deliveries: monday's three webhook families, and the tasks handlers leave for after their commit. */
export const DELIVERY_SOURCES = ["lifecycle", "feature", "board", "task"] as const;
export type DeliverySource = (typeof DELIVERY_SOURCES)[number];
export type DeliveryStatus = "pending" | "done" | "retrying" | "dead";

export interface NewDelivery {
  source: DeliverySource;
  type: string;
  /** board: webhook id + triggerUuid; feature: X-Apps-Event-Id; lifecycle: hash of type, account, timestamp; task: the delivery that left it + its name and place */
  idempotencyKey: string;
  accountId?: string | null;
  boardId?: string | null;
  webhookId?: string | null;
  /** the body as received (a task: its payload as JSON) */
  payload: string;
  /** verified facts the worker needs later (never secrets) */
  meta?: Record<string, unknown>;
  requestId?: string | null;
  receivedAt?: Date;
  /** the worker leaves the delivery alone until then (a sync feature event is handled by its route while monday waits) */
  notBefore?: Date;
  /** a board delivery: stored only while its webhook (`webhookId`) is in one of these states, checked in the commit that stores it */
  webhookMustBeIn?: readonly string[];
  /** a feature delivery: its event row, written in the same commit with the delivery's id */
  featureEvent?: Omit<NewFeatureEvent, "deliveryId">;
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
  /** this attempt's number: 1 on the first */
  attempts: number;
  requestId: string | null;
  receivedAt: Date;
  claimToken: string;
}

/**
 * Whether monday signed what was stored: lifecycle and feature events always are (their routes
 * require a JWT); a board event when its webhook was made with the app's OAuth token (the route
 * records `authenticated`); a task is nobody's delivery (null).
 */
export function signedOf(source: string, meta: string | Record<string, unknown>): boolean | null {
  if (source === "task") return null;
  if (source !== "board") return true;
  let facts: unknown = meta;
  if (typeof meta === "string") {
    try {
      facts = JSON.parse(meta);
    } catch {
      facts = {};
    }
  }
  return (facts as { authenticated?: unknown } | null)?.authenticated !== false;
}
