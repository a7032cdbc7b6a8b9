// monday's API for feature-level lifecycle subscriptions (API version 2026-04 and later, app
// collaborators only). Arguments are written inline as GraphQL literals: monday documents the
// identifier as `ID!` for update and `String` for delete, and a literal fits both.
import type { MondayApi } from "../monday-api/monday-api.ts";

export interface LifecycleSubscription {
  id: string;
  entity_id?: string | null;
  entity_type?: string | null;
  event_type: string;
  webhook_url: string;
  is_sync: boolean;
  created_at?: string | null;
  updated_at?: string | null;
}

export interface LifecycleEventInput {
  event_type: string;
  webhook_url: string;
  is_sync: boolean;
}

type Literal = string | number | boolean | Literal[] | { [key: string]: Literal };

/** A GraphQL input literal; JSON's string escapes are GraphQL's. */
export function graphqlLiteral(value: Literal): string {
  if (Array.isArray(value)) return `[${value.map(graphqlLiteral).join(", ")}]`;
  if (typeof value === "object")
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${graphqlLiteral(v)}`)
      .join(", ")} }`;
  return JSON.stringify(value);
}

const FIELDS = "id entity_id entity_type event_type webhook_url is_sync created_at updated_at";

export class LifecycleSubscriptionsApi {
  constructor(
    private readonly api: MondayApi,
    private readonly token: string,
  ) {}

  async list(appId: string, versionId?: string): Promise<LifecycleSubscription[]> {
    const args = graphqlLiteral({ app_id: appId, ...(versionId ? { version_id: versionId } : {}) }).slice(1, -1);
    const data = await this.api.request<{ get_app_lifecycle_subscriptions: LifecycleSubscription[] | null }>(
      this.token,
      `query { get_app_lifecycle_subscriptions(${args}) { ${FIELDS} } }`,
    );
    return data.get_app_lifecycle_subscriptions ?? [];
  }

  /** Replaces the feature's subscriptions with `events`. */
  async replace(entityIdentifier: string, events: LifecycleEventInput[]): Promise<LifecycleSubscription[]> {
    const input = graphqlLiteral({ lifecycle_events: events.map((e) => ({ event_type: e.event_type, webhook_url: e.webhook_url, is_sync: e.is_sync })) });
    const data = await this.api.request<{ update_app_lifecycle_subscription: LifecycleSubscription[] | null }>(
      this.token,
      `mutation { update_app_lifecycle_subscription(entity_identifier: ${graphqlLiteral(entityIdentifier)}, entity_type: "appFeature", input: ${input}) { ${FIELDS} } }`,
    );
    return data.update_app_lifecycle_subscription ?? [];
  }

  async delete(entityIdentifier: string): Promise<boolean> {
    const data = await this.api.request<{ delete_app_lifecycle_subscription: boolean | null }>(
      this.token,
      `mutation { delete_app_lifecycle_subscription(entity_identifier: ${graphqlLiteral(entityIdentifier)}, entity_type: "appFeature") }`,
    );
    return data.delete_app_lifecycle_subscription === true;
  }
}
