// The single error type routes and services throw; turned into `{ error: { code, message } }`.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** what went wrong underneath (logged for a 5xx, never sent) */
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const badRequest = (message: string, code = "bad_request") => new HttpError(400, code, message);
export const unauthorized = (message: string, code = "unauthorized") => new HttpError(401, code, message);
export const notFound = (message = "Not found", code = "not_found") => new HttpError(404, code, message);
