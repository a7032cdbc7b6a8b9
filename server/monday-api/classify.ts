// The one place that reads monday's error shapes (HTTP status, `errors[].extensions.code`, the older
// `error_code`, `retry_in_seconds` in its various places, `Retry-After`) and names the failure.
import {
  type MondayApiError,
  MondayNotFoundError,
  MondayRateLimitError,
  MondayReconnectRequiredError,
  MondayRequestError,
  MondayUnauthenticatedError,
  MondayUnavailableError,
} from "./errors.ts";

export interface MondayAnswer {
  status: number;
  headers: Headers;
  /** the parsed body, or its text when it was not JSON */
  body: unknown;
}

interface GraphqlErrorShape {
  message?: unknown;
  extensions?: { code?: unknown; retry_in_seconds?: unknown; error_data?: { retry_in_seconds?: unknown } };
  error_data?: { retry_in_seconds?: unknown };
}

const RATE_LIMIT_CODES = new Set([
  "COMPLEXITY_BUDGET_EXHAUSTED",
  "FIELD_LIMIT_EXCEEDED",
  "RATE_LIMIT_EXCEEDED",
  "IP_RATE_LIMIT_EXCEEDED",
  "MAX_CONCURRENCY_EXCEEDED",
  "maxConcurrencyExceeded",
  "ComplexityException",
]);
const RECONNECT_CODES = new Set(["UNAUTHORIZED_FIELD_OR_TYPE", "MISSING_REQUIRED_PERMISSIONS", "missingRequiredPermissions", "INVALID_SCOPE"]);
const NOT_FOUND_CODES = new Set(["NOT_FOUND", "ResourceNotFoundException", "InvalidWebhookIdException"]);
/** when monday names no wait, the complexity budget refills within a minute */
const DEFAULT_WAIT_SECONDS = 60;

function seconds(value: unknown): number | null {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? Math.ceil(n) : null;
}

/** `Retry-After` is either seconds or an HTTP date. */
export function retryAfterHeader(headers: Headers, now = Date.now()): number | null {
  const value = headers.get("retry-after");
  if (!value) return null;
  const s = seconds(value.trim());
  if (s !== null) return s;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

function errorsOf(body: unknown): GraphqlErrorShape[] {
  if (!body || typeof body !== "object") return [];
  const errors = (body as { errors?: unknown }).errors;
  return Array.isArray(errors) ? errors.filter((e): e is GraphqlErrorShape => !!e && typeof e === "object") : [];
}

function legacyError(body: unknown): { code: string; message: string } | null {
  if (!body || typeof body !== "object") return null;
  const b = body as { error_code?: unknown; error_message?: unknown };
  if (typeof b.error_code !== "string" && typeof b.error_message !== "string") return null;
  return {
    code: typeof b.error_code === "string" ? b.error_code : "ERROR",
    message: typeof b.error_message === "string" ? b.error_message : "monday refused the request",
  };
}

function messageOf(e: GraphqlErrorShape): string {
  return typeof e.message === "string" && e.message ? e.message.slice(0, 300) : "monday refused the request";
}

/** The failure an answer describes, or null when it is a success. */
export function classifyAnswer(answer: MondayAnswer): MondayApiError | null {
  const { status, headers, body } = answer;
  const errors = errorsOf(body);
  const codes = errors.map((e) => (typeof e.extensions?.code === "string" ? e.extensions.code : ""));

  const limited = errors.findIndex((_, i) => RATE_LIMIT_CODES.has(codes[i]!));
  if (status === 429 || limited !== -1) {
    const e = limited === -1 ? undefined : errors[limited];
    const wait =
      seconds(e?.extensions?.retry_in_seconds) ??
      seconds(e?.extensions?.error_data?.retry_in_seconds) ??
      seconds(e?.error_data?.retry_in_seconds) ??
      retryAfterHeader(headers) ??
      DEFAULT_WAIT_SECONDS;
    return new MondayRateLimitError(limited === -1 ? "HTTP_429" : codes[limited]!, wait, status);
  }
  if (status === 401) return new MondayUnauthenticatedError(status);

  const reconnect = codes.find((c) => RECONNECT_CODES.has(c));
  if (reconnect) return new MondayReconnectRequiredError(reconnect, status);

  if (status >= 500) return new MondayUnavailableError(`HTTP ${status}`, status);

  const notFound = codes.findIndex((c) => NOT_FOUND_CODES.has(c));
  if (notFound !== -1) return new MondayNotFoundError(messageOf(errors[notFound]!), codes[notFound]!, status);

  if (errors.length) return new MondayRequestError(messageOf(errors[0]!), codes[0] || "GRAPHQL_ERROR", status);
  const legacy = legacyError(body);
  if (legacy)
    return NOT_FOUND_CODES.has(legacy.code)
      ? new MondayNotFoundError(legacy.message, legacy.code, status)
      : new MondayRequestError(legacy.message, legacy.code, status);

  if (status < 200 || status >= 300) return new MondayRequestError(`monday answered HTTP ${status}`, `HTTP_${status}`, status);
  if (!body || typeof body !== "object" || !("data" in body)) return new MondayRequestError("monday answered without data", "NO_DATA", status);
  return null;
}
