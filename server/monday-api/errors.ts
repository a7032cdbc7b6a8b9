// What can go wrong talking to monday, as types: callers branch on the class, never on message text.
// Messages are written for people (the board view shows them) and never carry a token.

export class MondayApiError extends Error {
  constructor(
    message: string,
    /** monday's error code when it named one (`extensions.code`, `error_code`), else ours */
    readonly code: string,
    /** the HTTP status monday answered with, when it answered */
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Complexity budget, field limit, or HTTP 429: nothing was executed, retrying later is safe. */
export class MondayRateLimitError extends MondayApiError {
  constructor(
    code: string,
    readonly retryAfterSeconds: number,
    httpStatus: number | null,
    /** attempts made before giving up (set once the client stops retrying) */
    readonly attempts = 1,
  ) {
    super(`monday's API rate limit was reached (${code}); try again in ${retryAfterSeconds} seconds`, code, httpStatus);
  }

  afterAttempts(attempts: number): MondayRateLimitError {
    return new MondayRateLimitError(this.code, this.retryAfterSeconds, this.httpStatus, attempts);
  }
}

/** HTTP 401: the token is unknown to monday, expired or revoked. */
export class MondayUnauthenticatedError extends MondayApiError {
  constructor(httpStatus: number | null = 401) {
    super("monday did not accept the access token", "UNAUTHENTICATED", httpStatus);
  }
}

/** The token works but lacks a scope (or was revoked for good): the user must connect again. */
export class MondayReconnectRequiredError extends MondayApiError {
  constructor(code: string, httpStatus: number | null = null) {
    super("Hookboard's access to monday is missing a permission or was revoked: connect Hookboard to monday again", code, httpStatus);
  }
}

/** The account has never connected Hookboard to monday (no OAuth token stored). */
export class MondayNotConnectedError extends MondayApiError {
  constructor() {
    super("Connect Hookboard to monday with your own monday user first: it acts on boards with the rights of the user who asks", "OAUTH_REQUIRED");
  }
}

/** monday says the object asked for does not exist (e.g. a webhook already deleted). */
export class MondayNotFoundError extends MondayApiError {}

/** monday answered with GraphQL errors that are none of the above. */
export class MondayRequestError extends MondayApiError {}

/** monday could not be reached, timed out, or answered 5xx: the request may or may not have run. */
export class MondayUnavailableError extends MondayApiError {
  constructor(detail: string, httpStatus: number | null = null) {
    super(`monday's API is not available right now (${detail})`, "UNAVAILABLE", httpStatus);
  }
}
