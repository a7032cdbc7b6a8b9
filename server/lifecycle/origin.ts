// Where an app lifecycle entry comes from: monday delivered the event, or Hookboard read monday's
// records and corrected its state (server/reconcile). A correction is stored as a lifecycle delivery
// whose meta says so, and is then applied like any event, under the same order rule.
export type LifecycleOrigin = "delivered" | "reconciled";

export const RECONCILED_META = { origin: "reconciled" } as const;

export function originOf(meta: Record<string, unknown>): LifecycleOrigin {
  return meta.origin === "reconciled" ? "reconciled" : "delivered";
}
