// monday's feature-level lifecycle subscription API on the stand-in (API version 2026-04 and later):
// get_app_lifecycle_subscriptions, update_app_lifecycle_subscription (replaces a feature's
// subscriptions), delete_app_lifecycle_subscription (refused for live versions). Like monday, it
// refuses an event type that does not belong to the feature's type.
import type { MondayStandIn, ResolverResult } from "./standin-server.ts";

export interface StandInFeature {
  /** `app_slug::feature_slug` or a feature id */
  entityIdentifier: string;
  featureType: string;
  /** monday refuses deleting subscriptions of a live app version */
  live?: boolean;
}

export interface StandInSubscription {
  id: string;
  entity_id: string;
  entity_type: string;
  event_type: string;
  webhook_url: string;
  is_sync: boolean;
  created_at: string;
  updated_at: string;
}

const graphqlError = (message: string, code: string): ResolverResult => ({ body: { errors: [{ message, extensions: { code } }] } });

function versionTooOld(apiVersion: string | null): boolean {
  return !apiVersion || apiVersion < "2026-04";
}

export function serveLifecycleSubscriptions(standIn: MondayStandIn, app: { appId: string; features: StandInFeature[] }) {
  const subscriptions: StandInSubscription[] = [];
  let nextId = 1;
  const featureOf = (identifier: unknown) => app.features.find((f) => f.entityIdentifier === String(identifier));

  standIn.graphql("get_app_lifecycle_subscriptions", (args, ctx) => {
    if (versionTooOld(ctx.apiVersion)) return graphqlError("Field 'get_app_lifecycle_subscriptions' doesn't exist on type 'Query'", "undefinedField");
    if (String(args.app_id) !== app.appId) return graphqlError("App not found or you are not one of its collaborators", "NOT_FOUND");
    return { data: subscriptions };
  });

  standIn.graphql("update_app_lifecycle_subscription", (args, ctx) => {
    if (versionTooOld(ctx.apiVersion)) return graphqlError("Field 'update_app_lifecycle_subscription' doesn't exist on type 'Mutation'", "undefinedField");
    const feature = featureOf(args.entity_identifier);
    if (!feature || args.entity_type !== "appFeature") return graphqlError("App feature not found", "NOT_FOUND");
    const events = ((args.input as { lifecycle_events?: unknown } | undefined)?.lifecycle_events ?? []) as {
      event_type: string;
      webhook_url: string;
      is_sync: boolean;
    }[];
    const wrong = events.find((e) => !e.event_type.startsWith(`${feature.featureType}:`));
    if (wrong) return graphqlError(`Event type ${wrong.event_type} does not match app feature type ${feature.featureType}`, "INVALID_ARGUMENT");
    const now = new Date().toISOString();
    for (let i = subscriptions.length - 1; i >= 0; i--) if (subscriptions[i]!.entity_id === feature.entityIdentifier) subscriptions.splice(i, 1);
    const created = events.map((e) => ({
      id: String(nextId++),
      entity_id: feature.entityIdentifier,
      entity_type: "appFeature",
      event_type: e.event_type,
      webhook_url: e.webhook_url,
      is_sync: e.is_sync,
      created_at: now,
      updated_at: now,
    }));
    subscriptions.push(...created);
    return { data: created };
  });

  standIn.graphql("delete_app_lifecycle_subscription", (args, ctx) => {
    if (versionTooOld(ctx.apiVersion)) return graphqlError("Field 'delete_app_lifecycle_subscription' doesn't exist on type 'Mutation'", "undefinedField");
    const feature = featureOf(args.entity_identifier);
    if (!feature) return graphqlError("App feature not found", "NOT_FOUND");
    if (feature.live) return graphqlError("Cannot delete lifecycle subscriptions of a live app version", "INVALID_ARGUMENT");
    const before = subscriptions.length;
    for (let i = subscriptions.length - 1; i >= 0; i--) if (subscriptions[i]!.entity_id === feature.entityIdentifier) subscriptions.splice(i, 1);
    return { data: subscriptions.length < before };
  });

  return { subscriptions };
}
