// Hookboard's configuration: every variable of the architecture page, validated once at start.
import { z } from "zod";
import { apiVersionProblem, MONDAY_API_VERSION } from "../monday-api/api-version.ts";
import { DEV_SECRET_NAMES, DEV_SECRETS_MARKER, isDevSecret } from "./dev-secrets.ts";

export type Provider = "sqlite" | "postgresql";
export type OAuthFlow = "legacy" | "oauth2.1";

export interface Config {
  env: "production" | "development" | "test";
  port: number;
  publicUrl: string;
  databaseUrl: string;
  provider: Provider;
  mondayClientId: string;
  mondayClientSecret: string;
  mondaySigningSecret: string;
  /** 32 bytes */
  tokenEncryptionKey: Buffer;
  /** keys that may still decrypt older values (rotation), by key id */
  previousTokenEncryptionKeys: Buffer[];
  mondayApiUrl: string;
  mondayAuthUrl: string;
  mondayApiVersion: string;
  oauthFlow: OAuthFlow;
  /** scopes the app built on Hookboard asks for beyond Hookboard's own */
  oauthExtraScopes: string[];
  /** host patterns (`monday.com`, `*.monday.com`) async results may be POSTed to */
  callbackHosts: string[];
  /** how long a sync feature event's handler may take before monday is answered that it overran */
  featureSyncBudgetMs: number;
  logLevel: string;
  /** largest accepted request body, bytes */
  bodyLimitBytes: number;
  /** the worker claims and applies stored deliveries in this process */
  workerEnabled: boolean;
  /** this process serves the webhook routes, OAuth and the board view (false: a worker-only process, serving /healthz, /readyz and /metrics) */
  webEnabled: boolean;
  /** how long a claimed delivery stays with a worker that stopped answering (crashed) */
  workerClaimTtlMs: number;
  /** a board webhook without a delivery for this long shows as `silent` */
  boardWebhookSilentAfterMs: number;
  /** how long a board, lifecycle or task handler may run before its attempt fails (and is retried) */
  handlerBudgetMs: number;
  /** an app collaborator's personal API token and the app's id: reconciling with monday's records */
  mondayApiToken: string | null;
  mondayAppId: string | null;
  /** how often reconciliation runs when the token and app id are set */
  reconcileIntervalMs: number;
  /** applied deliveries older than this are deleted by the worker */
  deliveryRetentionMs: number;
  /** dead deliveries (not retried) older than this are deleted by the worker */
  deadDeliveryRetentionMs: number;
  /** how often board webhooks are compared with monday's in the background; 0: only when a user asks */
  boardWebhookReconcileMs: number;
  /** recreate webhooks monday no longer has (at most once an hour per webhook) */
  boardWebhookAutoRepair: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const MIN_SECRET_LENGTH = 16;
/** monday's OAuth 2.1 page: from this API version, tokens of the legacy flow are refused (`401 OAUTH21_TOKEN_REQUIRED`). */
export const LEGACY_TOKENS_REFUSED_FROM = "2027-04";
const DEV_PLACEHOLDERS = new Set(["changeme", "secret", "dev", "test", "development"]);

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

const schema = z.object({
  NODE_ENV: optional,
  PORT: optional,
  PUBLIC_URL: optional,
  DATABASE_URL: optional,
  MONDAY_CLIENT_ID: optional,
  MONDAY_CLIENT_SECRET: optional,
  MONDAY_SIGNING_SECRET: optional,
  TOKEN_ENCRYPTION_KEY: optional,
  TOKEN_ENCRYPTION_KEYS_PREVIOUS: optional,
  MONDAY_API_URL: optional,
  MONDAY_AUTH_URL: optional,
  MONDAY_API_VERSION: optional,
  MONDAY_OAUTH_FLOW: optional,
  MONDAY_OAUTH_SCOPES: optional,
  MONDAY_CALLBACK_HOSTS: optional,
  FEATURE_SYNC_BUDGET_MS: optional,
  LOG_LEVEL: optional,
  BODY_LIMIT_BYTES: optional,
  WORKER_ENABLED: optional,
  WEB_ENABLED: optional,
  BOARD_WEBHOOK_RECONCILE_MINUTES: optional,
  BOARD_WEBHOOK_AUTO_REPAIR: optional,
  WORKER_CLAIM_TTL_MS: optional,
  BOARD_WEBHOOK_SILENT_HOURS: optional,
  HANDLER_BUDGET_MS: optional,
  MONDAY_API_TOKEN: optional,
  MONDAY_APP_ID: optional,
  RECONCILE_INTERVAL_MINUTES: optional,
  DELIVERY_RETENTION_DAYS: optional,
  DEAD_DELIVERY_RETENTION_DAYS: optional,
});

export type ConfigSource = Record<string, string | undefined>;

/** Every variable Hookboard reads. */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

/** The variables that are secrets: on monday code they come from its secrets store. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  "MONDAY_CLIENT_SECRET",
  "MONDAY_SIGNING_SECRET",
  "TOKEN_ENCRYPTION_KEY",
  "TOKEN_ENCRYPTION_KEYS_PREVIOUS",
  "DATABASE_URL",
  "MONDAY_API_TOKEN",
]);

export function providerOf(databaseUrl: string): Provider {
  return /^postgres(ql)?:\/\//i.test(databaseUrl) ? "postgresql" : "sqlite";
}

const DEFAULT_DATABASE_URL = "file:./data/hookboard.db";
const ENGINE_NAMES: Record<string, string> = {
  mysql: "MySQL",
  mariadb: "MariaDB",
  sqlserver: "SQL Server",
  mssql: "SQL Server",
  mongodb: "MongoDB",
  "mongodb+srv": "MongoDB",
  cockroachdb: "CockroachDB",
  prisma: "Prisma Accelerate",
  "prisma+postgres": "Prisma Postgres",
};

/** Hookboard runs on a SQLite file (`file:`) or PostgreSQL; anything else is refused before a file named after it is created. */
function checkDatabaseUrl(value: string, problems: string[]): void {
  const supported = `use file:<path> for SQLite (the default is ${DEFAULT_DATABASE_URL}) or postgresql://user:password@host:5432/database for PostgreSQL`;
  if (/^file:/i.test(value)) {
    if (
      !value
        .replace(/^file:/i, "")
        .replace(/\?.*$/, "")
        .trim()
    )
      problems.push(`DATABASE_URL names no SQLite file after "file:": ${supported}`);
    return;
  }
  if (/^postgres(ql)?:\/\//i.test(value)) {
    // the URL holds the password: never repeat it
    if (!URL.canParse(value)) problems.push("DATABASE_URL is not a valid postgresql:// URL (special characters in the password must be percent-encoded)");
    return;
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (!scheme) {
    problems.push(`DATABASE_URL must start with file: or postgresql://: ${supported}`);
    return;
  }
  if (scheme === "sqlite") {
    problems.push(`DATABASE_URL must name a SQLite file as file:<path>, not "sqlite:": for example ${DEFAULT_DATABASE_URL}`);
    return;
  }
  problems.push(`DATABASE_URL names ${ENGINE_NAMES[scheme] ?? `"${scheme}:"`}, which Hookboard does not support: ${supported}`);
}

/** The credentials a first development start wrote to .env, if production was given them. */
function devSecretsIn(raw: Partial<Record<(typeof DEV_SECRET_NAMES)[number], string>>): string[] {
  return DEV_SECRET_NAMES.filter((name) => {
    const value = raw[name];
    return value !== undefined && isDevSecret(name, value);
  });
}

function decodeKey(name: string, value: string, problems: string[]): Buffer {
  const key = Buffer.from(value, "base64");
  if (key.length !== 32) problems.push(`${name} must be 32 random bytes, base64-encoded (got ${key.length} bytes)`);
  return key;
}

/** Reads and checks the configuration; throws ConfigError naming every problem. */
export function loadConfig(source: ConfigSource): Config {
  const raw = schema.parse(source);
  const problems: string[] = [];
  const env = raw.NODE_ENV === "production" ? "production" : raw.NODE_ENV === "test" ? "test" : "development";
  const production = env === "production";

  const port = Number(raw.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a port number (got "${raw.PORT}")`);

  const publicUrl = (raw.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, "");
  if (production && !raw.PUBLIC_URL) {
    problems.push(
      "PUBLIC_URL is required in production: the https address monday reaches Hookboard at (webhook URLs, the OAuth redirect and JWT aud checks use it)",
    );
  } else if (!URL.canParse(publicUrl)) {
    problems.push(`PUBLIC_URL must be an absolute URL (got "${raw.PUBLIC_URL}")`);
  } else if (production && new URL(publicUrl).protocol !== "https:") {
    problems.push("PUBLIC_URL must be an https URL in production");
  }

  const devSecrets = production ? devSecretsIn(raw) : [];
  if (devSecrets.length) {
    problems.push(
      `${devSecrets.join(", ")} ${devSecrets.length === 1 ? "is a development value" : "are development values"} Hookboard generated into .env ` +
        `("${DEV_SECRETS_MARKER}"): production needs your app's own (Developer Center → your app → Basic information; TOKEN_ENCRYPTION_KEY: openssl rand -base64 32)`,
    );
  }
  for (const name of ["MONDAY_CLIENT_ID", "MONDAY_CLIENT_SECRET", "MONDAY_SIGNING_SECRET", "TOKEN_ENCRYPTION_KEY"] as const) {
    const value = raw[name];
    if (!value) {
      problems.push(`${name} is missing`);
      continue;
    }
    if (devSecrets.includes(name)) continue;
    const weak = name.endsWith("SECRET") && (value.length < MIN_SECRET_LENGTH || DEV_PLACEHOLDERS.has(value.toLowerCase()));
    if (weak && production) problems.push(`${name} is too weak: use the value from the Developer Center (at least ${MIN_SECRET_LENGTH} characters)`);
  }
  if (raw.WORKER_ENABLED === "false" && raw.WEB_ENABLED === "false") {
    problems.push("WORKER_ENABLED and WEB_ENABLED are both false: this process would do nothing (a worker-only process keeps WORKER_ENABLED on)");
  }
  if (raw.MONDAY_CLIENT_SECRET && raw.MONDAY_CLIENT_SECRET === raw.MONDAY_SIGNING_SECRET) {
    problems.push("MONDAY_CLIENT_SECRET and MONDAY_SIGNING_SECRET must differ");
  }
  const tokenEncryptionKey = raw.TOKEN_ENCRYPTION_KEY ? decodeKey("TOKEN_ENCRYPTION_KEY", raw.TOKEN_ENCRYPTION_KEY, problems) : Buffer.alloc(0);
  const previousTokenEncryptionKeys = (raw.TOKEN_ENCRYPTION_KEYS_PREVIOUS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((v) => decodeKey("TOKEN_ENCRYPTION_KEYS_PREVIOUS", v, problems));

  const mondayApiVersion = raw.MONDAY_API_VERSION ?? MONDAY_API_VERSION;
  const versionProblem = apiVersionProblem("MONDAY_API_VERSION", mondayApiVersion);
  if (versionProblem) problems.push(versionProblem);

  // every app created today uses OAuth 2.1; legacy is for apps created before monday introduced it
  const oauthFlow = raw.MONDAY_OAUTH_FLOW ?? "oauth2.1";
  if (oauthFlow !== "legacy" && oauthFlow !== "oauth2.1") {
    problems.push(`MONDAY_OAUTH_FLOW must be "oauth2.1" (the default) or "legacy" (apps created before OAuth 2.1 only) (got "${oauthFlow}")`);
  } else if (oauthFlow === "legacy" && !versionProblem && mondayApiVersion >= LEGACY_TOKENS_REFUSED_FROM) {
    problems.push(
      `MONDAY_OAUTH_FLOW=legacy cannot be used with MONDAY_API_VERSION ${mondayApiVersion}: from API version ${LEGACY_TOKENS_REFUSED_FROM} monday refuses legacy ` +
        `tokens (401 OAUTH21_TOKEN_REQUIRED). Use MONDAY_OAUTH_FLOW=oauth2.1, or an API version before ${LEGACY_TOKENS_REFUSED_FROM}`,
    );
  }

  const featureSyncBudgetMs = Number(raw.FEATURE_SYNC_BUDGET_MS ?? 5_000);
  if (!Number.isInteger(featureSyncBudgetMs) || featureSyncBudgetMs < 50 || featureSyncBudgetMs > 30_000) {
    problems.push("FEATURE_SYNC_BUDGET_MS must be an integer from 50 to 30000 (milliseconds; monday waits for a sync answer only briefly)");
  }

  const bodyLimitBytes = Number(raw.BODY_LIMIT_BYTES ?? 1024 * 1024);
  if (!Number.isInteger(bodyLimitBytes) || bodyLimitBytes < 1024) problems.push("BODY_LIMIT_BYTES must be an integer of at least 1024");

  const workerClaimTtlMs = Number(raw.WORKER_CLAIM_TTL_MS ?? 30_000);
  if (!Number.isInteger(workerClaimTtlMs) || workerClaimTtlMs < 1000) problems.push("WORKER_CLAIM_TTL_MS must be an integer of at least 1000");

  const silentHours = Number(raw.BOARD_WEBHOOK_SILENT_HOURS ?? 72);
  if (!Number.isFinite(silentHours) || silentHours <= 0) problems.push("BOARD_WEBHOOK_SILENT_HOURS must be a positive number of hours");

  const handlerBudgetMs = Number(raw.HANDLER_BUDGET_MS ?? 30_000);
  if (!Number.isInteger(handlerBudgetMs) || handlerBudgetMs < 100 || handlerBudgetMs > 600_000) {
    problems.push("HANDLER_BUDGET_MS must be an integer from 100 to 600000 (milliseconds a handler may run before its attempt fails)");
  }

  const mondayAppId = raw.MONDAY_APP_ID ?? null;
  if (mondayAppId !== null && !/^\d{1,20}$/.test(mondayAppId)) problems.push(`MONDAY_APP_ID must be the app's numeric id (got "${mondayAppId}")`);

  const reconcileMinutes = Number(raw.RECONCILE_INTERVAL_MINUTES ?? 60);
  if (!Number.isFinite(reconcileMinutes) || reconcileMinutes < 1 || reconcileMinutes > 7 * 24 * 60) {
    problems.push("RECONCILE_INTERVAL_MINUTES must be a number of minutes from 1 to 10080");
  }

  // at least 8 days: the board view's 7-day charts and 24-hour health count the deliveries kept, and
  // every delivery outlives monday's retries of it by far, so its idempotency key still catches them
  const retentionDays = Number(raw.DELIVERY_RETENTION_DAYS ?? 30);
  if (!Number.isFinite(retentionDays) || retentionDays < 8) problems.push("DELIVERY_RETENTION_DAYS must be a number of days of at least 8");
  const deadRetentionDays = Number(raw.DEAD_DELIVERY_RETENTION_DAYS ?? 90);
  if (!Number.isFinite(deadRetentionDays) || deadRetentionDays < 8) problems.push("DEAD_DELIVERY_RETENTION_DAYS must be a number of days of at least 8");
  const boardReconcileMinutes = Number(raw.BOARD_WEBHOOK_RECONCILE_MINUTES ?? 60);
  if (!Number.isFinite(boardReconcileMinutes) || boardReconcileMinutes < 0) {
    problems.push("BOARD_WEBHOOK_RECONCILE_MINUTES must be a number of minutes (0 reconciles only when a user asks)");
  }
  const autoRepair = (raw.BOARD_WEBHOOK_AUTO_REPAIR ?? "false").toLowerCase();
  if (autoRepair !== "true" && autoRepair !== "false")
    problems.push(`BOARD_WEBHOOK_AUTO_REPAIR must be true or false (got "${raw.BOARD_WEBHOOK_AUTO_REPAIR}")`);

  const databaseUrl = raw.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  checkDatabaseUrl(databaseUrl, problems);
  for (const [name, value] of [
    ["MONDAY_API_URL", raw.MONDAY_API_URL],
    ["MONDAY_AUTH_URL", raw.MONDAY_AUTH_URL],
  ] as const) {
    if (value && !URL.canParse(value)) problems.push(`${name} must be an absolute URL (got "${value}")`);
  }

  if (problems.length) throw new ConfigError(problems);
  return {
    env,
    port,
    publicUrl,
    databaseUrl,
    provider: providerOf(databaseUrl),
    mondayClientId: raw.MONDAY_CLIENT_ID!,
    mondayClientSecret: raw.MONDAY_CLIENT_SECRET!,
    mondaySigningSecret: raw.MONDAY_SIGNING_SECRET!,
    tokenEncryptionKey,
    previousTokenEncryptionKeys,
    mondayApiUrl: (raw.MONDAY_API_URL ?? "https://api.monday.com/v2").replace(/\/+$/, ""),
    mondayAuthUrl: (raw.MONDAY_AUTH_URL ?? "https://auth.monday.com").replace(/\/+$/, ""),
    mondayApiVersion,
    oauthFlow: oauthFlow as OAuthFlow,
    oauthExtraScopes: (raw.MONDAY_OAUTH_SCOPES ?? "").split(/[\s,]+/).filter(Boolean),
    callbackHosts: (raw.MONDAY_CALLBACK_HOSTS ?? "monday.com,*.monday.com")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    featureSyncBudgetMs,
    logLevel: raw.LOG_LEVEL ?? (env === "test" ? "silent" : "info"),
    bodyLimitBytes,
    workerEnabled: raw.WORKER_ENABLED !== "false",
    webEnabled: raw.WEB_ENABLED !== "false",
    workerClaimTtlMs,
    boardWebhookSilentAfterMs: Math.round(silentHours * 3600_000),
    handlerBudgetMs,
    mondayApiToken: raw.MONDAY_API_TOKEN ?? null,
    mondayAppId,
    reconcileIntervalMs: Math.round(reconcileMinutes * 60_000),
    deliveryRetentionMs: Math.round(retentionDays * DAY_MS),
    deadDeliveryRetentionMs: Math.round(deadRetentionDays * DAY_MS),
    boardWebhookReconcileMs: Math.round(boardReconcileMinutes * 60_000),
    boardWebhookAutoRepair: autoRepair === "true",
  };
}

const DAY_MS = 24 * 3600_000;
