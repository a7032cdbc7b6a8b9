// monday's feature-level lifecycle events (its feature lifecycle subscriptions page): each belongs to exactly one
// app feature type, which is the part of its name before the colon.

export const FEATURE_TYPES = ["AppFeatureBoardView", "AppFeatureBoardColumnExtension", "AppFeatureColumn", "AppFeatureObject"] as const;
export type FeatureType = (typeof FEATURE_TYPES)[number];

export const FEATURE_EVENT_TYPES = [
  "AppFeatureBoardView:delete",
  "AppFeatureBoardView:duplicate",
  "AppFeatureBoardView:restore",
  "AppFeatureBoardColumnExtension:delete",
  "AppFeatureBoardColumnExtension:duplicate",
  "AppFeatureBoardColumnExtension:export",
  "AppFeatureColumn:create",
  "AppFeatureColumn:delete",
  "AppFeatureColumn:board_deleted",
  "AppFeatureColumn:board_restored",
  "AppFeatureObject:archive",
  "AppFeatureObject:create",
  "AppFeatureObject:delete",
  "AppFeatureObject:duplicate",
  "AppFeatureObject:import",
  "AppFeatureObject:publish",
  "AppFeatureObject:restore",
  "AppFeatureObject:unpublish",
  "AppFeatureObject:update_attributes",
] as const;
export type FeatureEventType = (typeof FEATURE_EVENT_TYPES)[number];

/** The feature type an event type belongs to, at the type level. */
export type FeatureTypeOf<E extends FeatureEventType> = E extends `${infer F}:${string}` ? F & FeatureType : never;
/** The event types of one feature type. */
export type EventTypesOf<F extends FeatureType> = Extract<FeatureEventType, `${F}:${string}`>;

export function isFeatureEventType(type: string): type is FeatureEventType {
  return (FEATURE_EVENT_TYPES as readonly string[]).includes(type);
}

export function isFeatureType(type: string): type is FeatureType {
  return (FEATURE_TYPES as readonly string[]).includes(type);
}

export function featureTypeOf<E extends FeatureEventType>(type: E): FeatureTypeOf<E> {
  return type.slice(0, type.indexOf(":")) as FeatureTypeOf<E>;
}

export function eventTypesOf<F extends FeatureType>(featureType: F): EventTypesOf<F>[] {
  return FEATURE_EVENT_TYPES.filter((t): t is EventTypesOf<F> => featureTypeOf(t) === featureType);
}

/** Why `type` cannot be subscribed to or delivered for a feature of `featureType`, or null when it can. */
export function mismatchOf(type: string, featureType: FeatureType): string | null {
  if (!isFeatureEventType(type)) return `"${type}" is not a feature lifecycle event type`;
  const owner = featureTypeOf(type);
  return owner === featureType ? null : `"${type}" belongs to ${owner} features, not to ${featureType}`;
}
