// The app's own statement of which feature lifecycle events it wants, per feature, and whether each
// is handled sync or async (`hookboard.features.json`). It is checked as a whole before anything
// is sent to monday: an event that does not belong to its feature's type stops the command.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { FEATURE_TYPES, mismatchOf, type FeatureEventType } from "./event-types.ts";
import type { FeatureMode } from "./feature-event.ts";

export const SUBSCRIPTIONS_FILE = "hookboard.features.json";

const slug = z.string().trim().min(1).max(200);

const featureSchema = z
  .object({
    featureSlug: slug.optional(),
    entityIdentifier: z.union([slug, z.number().int().positive().transform(String)]).optional(),
    featureType: z.enum(FEATURE_TYPES),
    events: z.array(z.object({ type: z.string().trim().min(1), mode: z.enum(["sync", "async"]) }).strict()),
  })
  .strict()
  .refine((f) => (f.featureSlug === undefined) !== (f.entityIdentifier === undefined), "name the feature by featureSlug or by entityIdentifier (one of them)");

const fileSchema = z
  .object({
    $schema: z.string().optional(),
    appSlug: slug.optional(),
    features: z.array(featureSchema).min(1),
  })
  .strict();

export interface PlannedEvent {
  type: FeatureEventType;
  mode: FeatureMode;
}

export interface PlannedFeature {
  /** what monday's API calls `entity_identifier`: a feature id, or `app_slug::feature_slug` */
  entityIdentifier: string;
  featureType: (typeof FEATURE_TYPES)[number];
  events: PlannedEvent[];
}

export class SubscriptionConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} cannot be used:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SubscriptionConfigError";
  }
}

function issuePath(path: PropertyKey[]): string {
  return (
    path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("")
      .replace(/^\./, "") || "file"
  );
}

/** Checks a parsed configuration; every problem is named at once. */
export function planSubscriptions(file: string, raw: unknown, options: { appSlug?: string } = {}): PlannedFeature[] {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success)
    throw new SubscriptionConfigError(
      file,
      parsed.error.issues.map((i) => `${issuePath(i.path)}: ${i.message}`),
    );
  const appSlug = options.appSlug ?? parsed.data.appSlug;
  const problems: string[] = [];
  const planned = parsed.data.features.map((feature, i): PlannedFeature => {
    const name = feature.featureSlug ?? feature.entityIdentifier!;
    const where = `features[${i}] (${name})`;
    let entityIdentifier = feature.entityIdentifier ?? feature.featureSlug!;
    if (feature.featureSlug && !feature.featureSlug.includes("::")) {
      if (appSlug) entityIdentifier = `${appSlug}::${feature.featureSlug}`;
      else problems.push(`${where}: a feature slug needs the app's slug (appSlug in the file, --app-slug or MONDAY_APP_SLUG)`);
    }
    const seen = new Set<string>();
    const events: PlannedEvent[] = [];
    for (const event of feature.events) {
      const mismatch = mismatchOf(event.type, feature.featureType);
      if (mismatch) problems.push(`${where}: ${mismatch}`);
      else if (seen.has(event.type)) problems.push(`${where}: "${event.type}" is listed twice`);
      else events.push({ type: event.type as FeatureEventType, mode: event.mode });
      seen.add(event.type);
    }
    return { entityIdentifier, featureType: feature.featureType, events };
  });
  const identifiers = planned.map((p) => p.entityIdentifier);
  for (const id of new Set(identifiers)) if (identifiers.indexOf(id) !== identifiers.lastIndexOf(id)) problems.push(`feature "${id}" is listed more than once`);
  if (problems.length) throw new SubscriptionConfigError(file, problems);
  return planned;
}

export async function readSubscriptionConfig(path: string, options: { appSlug?: string } = {}): Promise<PlannedFeature[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new SubscriptionConfigError(path, ["the file could not be read"]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new SubscriptionConfigError(path, ["the file is not valid JSON"]);
  }
  return planSubscriptions(path, raw, options);
}

/** The route monday must call for an event of this mode. */
export function webhookUrlFor(publicUrl: string, mode: FeatureMode): string {
  return `${publicUrl.replace(/\/+$/, "")}/webhooks/features/${mode}`;
}
