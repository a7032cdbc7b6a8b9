// How a failure at monday reaches the board view: a JSON error it can act on (connect, reconnect,
// try again in N seconds), never monday's raw answer.
import { HttpError } from "../http/http-error.ts";
import {
  MondayApiError,
  MondayNotConnectedError,
  MondayRateLimitError,
  MondayReconnectRequiredError,
  MondayUnauthenticatedError,
  MondayUnavailableError,
} from "./errors.ts";

export function mondayErrorToHttp(error: unknown): unknown {
  if (!(error instanceof MondayApiError)) return error;
  if (error instanceof MondayNotConnectedError) return new HttpError(409, "oauth_required", error.message);
  if (error instanceof MondayReconnectRequiredError || error instanceof MondayUnauthenticatedError) {
    return new HttpError(409, "oauth_reconnect_required", new MondayReconnectRequiredError(error.code).message);
  }
  if (error instanceof MondayRateLimitError) {
    const tries = error.attempts > 1 ? ` after ${error.attempts} attempts` : "";
    return new HttpError(503, "monday_rate_limited", `monday's API rate limit was reached${tries}; try again in ${error.retryAfterSeconds} seconds`, {
      "Retry-After": String(error.retryAfterSeconds),
    });
  }
  if (error instanceof MondayUnavailableError) return new HttpError(503, "monday_unavailable", error.message, { "Retry-After": "30" });
  return new HttpError(502, "monday_error", `monday refused the request: ${error.message}`);
}

/** Runs `fn`, turning monday failures into their HttpError. */
export async function answeringMondayErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw mondayErrorToHttp(error);
  }
}
