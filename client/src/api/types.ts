// The board view API's JSON shapes, as the server's routes answer them (README, "Routes").

export type InstallStatus = "installed" | "uninstalled" | "unknown";
export type SubscriptionStatus = "active" | "trial" | "cancel_pending" | "cancelled" | "renewal_failing" | "none";

export interface Me {
  account: { id: string; name: string | null; slug: string | null; tier: string | null };
  install: { status: InstallStatus; installedAt: string | null; uninstalledAt: string | null };
  subscription: {
    planId: string | null;
    isTrial: boolean;
    billingPeriod: string | null;
    renewalDate: string | null;
    daysLeft: number | null;
    status: SubscriptionStatus;
  };
  /** the user's rights as the server reads them from the sessionToken (absent from servers before) */
  user?: { id: string; isAdmin: boolean; canEdit: boolean };
  /** the connection this user acts with: their own, or (an admin) the account's */
  oauth: { connected: boolean; scopes: string[]; needsReconnect?: boolean };
}

export type WebhookConfig = Record<string, unknown>;
export type HealthState = "waiting" | "healthy" | "silent" | "failing" | "missing";

/** How a webhook was made: with the app's OAuth token (signed), a personal token, or by hand in the board's Webhooks recipe. */
export type WebhookOrigin = "oauth" | "personal_token" | "recipe";

export interface BoardWebhook {
  id: string;
  event: string;
  config: WebhookConfig | null;
  createdAt: string;
  state: "pending" | "active" | "missing";
  health: { state: HealthState; lastDeliveryAt: string | null; deliveries24h: number; failures24h: number };
  origin: WebhookOrigin;
  /** whether monday signs its deliveries */
  signed: boolean;
  /** the URL to paste into the board's Webhooks recipe (webhooks made by hand; null for viewers) */
  url: string | null;
  repair: { attemptedAt: string; error: string | null } | null;
}

export type DeliveryStatus = "pending" | "done" | "retrying" | "dead";

export interface Delivery {
  id: string;
  source: "board" | "lifecycle" | "feature";
  type: string;
  receivedAt: string;
  status: DeliveryStatus;
  attempts: number;
  /** false: from a webhook made with a personal token or by hand, which monday does not sign */
  signed?: boolean | null;
}

export interface DeliveriesPage {
  deliveries: Delivery[];
  nextCursor: string | null;
}

export interface NewWebhook {
  event: string;
  config?: WebhookConfig;
  /** manual: a URL to paste into the board's Webhooks recipe; monday is not called */
  mode?: "manual";
}

export interface DeliveryFilter {
  status?: DeliveryStatus | null;
  type?: string | null;
}

export interface DeliveryAttempt {
  number: number;
  at: string;
  outcome: "failed" | "applied";
  error: string | null;
}

export interface DeliveryDetail extends Omit<Delivery, "attempts"> {
  processedAt: string | null;
  error: string | null;
  nextAttemptAt: string | null;
  payload: unknown;
  attempts: DeliveryAttempt[];
  timeline: { at: string; event: "received" | "failed" | "applied" | "dead"; detail: string | null }[];
}

export interface DailyCounts {
  days: string[];
  webhooks: { webhookId: string; days: { date: string; deliveries: number; failures: number }[] }[];
}

export interface LifecycleEntry {
  id: string;
  type: string;
  occurredAt: string;
  receivedAt: string;
  planId: string | null;
  /** delivered by monday, or a correction Hookboard made from monday's records */
  origin: "delivered" | "reconciled";
}
