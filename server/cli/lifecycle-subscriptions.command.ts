// `npx hookboard lifecycle-subscriptions list | sync | delete`: the app's feature-level lifecycle
// subscriptions at monday, from its own configuration (hookboard.features.json). Everything is
// checked before the first call, so a wrong file never leaves monday half-updated.
import { resolve } from "node:path";
import { LifecycleSubscriptionsApi, type LifecycleEventInput, type LifecycleSubscription } from "../features/lifecycle-subscriptions-api.ts";
import { apiVersionProblem, MONDAY_API_VERSION, OLDEST_CHECKED_API_VERSION } from "../monday-api/api-version.ts";
import {
  readSubscriptionConfig,
  SUBSCRIPTIONS_FILE,
  SubscriptionConfigError,
  webhookUrlFor,
  type PlannedFeature,
} from "../features/lifecycle-subscriptions-config.ts";
import { MondayApi } from "../monday-api/monday-api.ts";
import { EXIT, UsageError, type CliCommand, type CliIO, parseCommandArgs } from "./command.ts";

const USAGE = `Usage: npx hookboard lifecycle-subscriptions <list|sync|delete> [options]

Manages the app's feature-level lifecycle subscriptions through monday's API, from the app's
configuration file (which events each feature wants, and whether each is handled sync or async).

  list     show the app's subscriptions at monday (needs --app-id)
  sync     replace each configured feature's subscriptions with the file's events
  delete   remove each configured feature's subscriptions (monday refuses this for live versions)

Options:
  --config <path>     the configuration file (default: ./${SUBSCRIPTIONS_FILE})
  --feature <name>    sync, delete: only this feature (its slug or entity identifier)
  --app-slug <slug>   the app's slug, for features named by featureSlug (or MONDAY_APP_SLUG)
  --app-id <id>       list: the app's id (or MONDAY_APP_ID)
  --version-id <id>   list: an app version other than the active one
  --dry-run           sync, delete: show what would be sent and send nothing
  --json              print JSON

Environment:
  MONDAY_API_TOKEN    a personal API token of one of the app's collaborators (required)
  PUBLIC_URL          sync: the https address monday reaches Hookboard at; the webhook URLs
                      are PUBLIC_URL/webhooks/features/sync and PUBLIC_URL/webhooks/features/async
  MONDAY_API_URL      default https://api.monday.com/v2
  MONDAY_API_VERSION  default ${MONDAY_API_VERSION} (${OLDEST_CHECKED_API_VERSION} or later)`;

const OPTIONS = {
  config: { type: "string" },
  feature: { type: "string" },
  "app-slug": { type: "string" },
  "app-id": { type: "string" },
  "version-id": { type: "string" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
} as const;

type Options = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>["values"];

function read(args: string[]): { action: "list" | "sync" | "delete"; options: Options } {
  const parsed = parseCommandArgs(args, OPTIONS, true);
  const [action, ...extra] = parsed.positionals;
  if (action !== "list" && action !== "sync" && action !== "delete")
    throw new UsageError(action ? `Unknown action "${action}"` : "Say what to do: list, sync or delete");
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}"`);
  return { action, options: parsed.values };
}

function mondayApi(io: CliIO): LifecycleSubscriptionsApi {
  const token = io.env.MONDAY_API_TOKEN?.trim();
  if (!token) throw new UsageError("MONDAY_API_TOKEN is not set: use a personal API token of one of the app's collaborators");
  const apiVersion = io.env.MONDAY_API_VERSION?.trim() || MONDAY_API_VERSION;
  const versionProblem = apiVersionProblem("MONDAY_API_VERSION", apiVersion);
  if (versionProblem) throw new UsageError(versionProblem);
  const apiUrl = io.env.MONDAY_API_URL?.trim() || "https://api.monday.com/v2";
  if (!URL.canParse(apiUrl)) throw new UsageError(`MONDAY_API_URL must be an absolute URL (got "${apiUrl}")`);
  return new LifecycleSubscriptionsApi(new MondayApi({ apiUrl, apiVersion }), token);
}

function publicUrlOf(io: CliIO): string {
  const value = io.env.PUBLIC_URL?.trim();
  if (!value || !URL.canParse(value)) throw new UsageError("PUBLIC_URL must be set to the absolute URL monday reaches Hookboard at");
  const url = new URL(value);
  if (url.protocol !== "https:") {
    if (io.env.NODE_ENV === "production") throw new UsageError("PUBLIC_URL must be an https URL in production");
    io.err(`warning: PUBLIC_URL is not https (${url.origin}); monday will not deliver to it outside local testing`);
  }
  return value.replace(/\/+$/, "");
}

async function plannedFeatures(io: CliIO, options: Options): Promise<PlannedFeature[]> {
  const path = resolve(io.cwd, options.config ?? SUBSCRIPTIONS_FILE);
  const planned = await readSubscriptionConfig(path, { appSlug: options["app-slug"] ?? (io.env.MONDAY_APP_SLUG?.trim() || undefined) });
  if (!options.feature) return planned;
  const wanted = options.feature;
  const chosen = planned.filter((p) => p.entityIdentifier === wanted || p.entityIdentifier.endsWith(`::${wanted}`));
  if (!chosen.length) throw new UsageError(`No feature "${wanted}" in ${path}`);
  return chosen;
}

function describeSubscriptions(subscriptions: LifecycleSubscription[]): string[] {
  return subscriptions.map((s) => `  ${s.event_type.padEnd(42)} ${s.is_sync ? "sync " : "async"}  ${s.webhook_url}`);
}

async function list(io: CliIO, options: Options): Promise<number> {
  const appId = options["app-id"] ?? io.env.MONDAY_APP_ID?.trim();
  if (!appId) throw new UsageError("list needs the app's id: --app-id or MONDAY_APP_ID");
  const subscriptions = await mondayApi(io).list(appId, options["version-id"]);
  if (options.json) {
    io.out(JSON.stringify(subscriptions, null, 2));
    return EXIT.ok;
  }
  if (!subscriptions.length) {
    io.out(`App ${appId} has no feature lifecycle subscriptions.`);
    return EXIT.ok;
  }
  const byEntity = new Map<string, LifecycleSubscription[]>();
  for (const s of subscriptions) byEntity.set(s.entity_id ?? "?", [...(byEntity.get(s.entity_id ?? "?") ?? []), s]);
  for (const [entity, items] of byEntity) io.out([`${entity}:`, ...describeSubscriptions(items)].join("\n"));
  return EXIT.ok;
}

async function sync(io: CliIO, options: Options): Promise<number> {
  const planned = await plannedFeatures(io, options);
  const publicUrl = publicUrlOf(io);
  const api = options["dry-run"] ? null : mondayApi(io);
  const results: { entityIdentifier: string; lifecycle_events: LifecycleEventInput[]; subscriptions?: LifecycleSubscription[] }[] = [];
  for (const feature of planned) {
    const events = feature.events.map((e) => ({ event_type: e.type, webhook_url: webhookUrlFor(publicUrl, e.mode), is_sync: e.mode === "sync" }));
    if (!api) {
      results.push({ entityIdentifier: feature.entityIdentifier, lifecycle_events: events });
      if (!options.json)
        io.out(
          [`${feature.entityIdentifier}: would subscribe ${events.length} event(s)`, ...describeSubscriptions(events.map((e) => ({ id: "", ...e })))].join(
            "\n",
          ),
        );
      continue;
    }
    const subscriptions = await api.replace(feature.entityIdentifier, events);
    results.push({ entityIdentifier: feature.entityIdentifier, lifecycle_events: events, subscriptions });
    if (!options.json)
      io.out([`${feature.entityIdentifier}: ${subscriptions.length} subscription(s) at monday`, ...describeSubscriptions(subscriptions)].join("\n"));
  }
  if (options.json) io.out(JSON.stringify(results, null, 2));
  return EXIT.ok;
}

async function remove(io: CliIO, options: Options): Promise<number> {
  const planned = await plannedFeatures(io, options);
  const api = options["dry-run"] ? null : mondayApi(io);
  const results: { entityIdentifier: string; deleted: boolean | null }[] = [];
  for (const feature of planned) {
    const deleted = api ? await api.delete(feature.entityIdentifier) : null;
    results.push({ entityIdentifier: feature.entityIdentifier, deleted });
    if (!options.json)
      io.out(
        `${feature.entityIdentifier}: ${deleted === null ? "would delete its subscriptions" : deleted ? "subscriptions deleted" : "monday deleted nothing"}`,
      );
  }
  if (options.json) io.out(JSON.stringify(results, null, 2));
  return EXIT.ok;
}

export const lifecycleSubscriptionsCommand: CliCommand = {
  name: "lifecycle-subscriptions",
  usage: USAGE,
  async run(args, io) {
    const { action, options } = read(args);
    try {
      if (action === "list") return await list(io, options);
      if (action === "sync") return await sync(io, options);
      return await remove(io, options);
    } catch (error) {
      if (!(error instanceof SubscriptionConfigError)) throw error;
      io.err(error.message);
      return EXIT.usage;
    }
  },
};
