// One error handler for the whole app: known errors become their JSON shape, anything else a
// 500 whose details go to the log only. No stack trace ever reaches a client.
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "../log/logger.ts";
import { HttpError } from "./http-error.ts";

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
}

function fromBodyParser(error: unknown): HttpError | null {
  if (!error || typeof error !== "object") return null;
  const e = error as BodyParserError;
  switch (e.type) {
    case "entity.too.large":
      return new HttpError(413, "payload_too_large", "Request body is too large");
    case "entity.parse.failed":
      return new HttpError(400, "malformed_json", "Request body is not valid JSON");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new HttpError(415, "unsupported_encoding", "Request body encoding is not supported");
    case "request.aborted":
      return new HttpError(400, "request_aborted", "Request was aborted");
    default: {
      const status = e.status ?? e.statusCode;
      if (typeof status === "number" && status >= 400 && status < 500) return new HttpError(status, "bad_request", "Request could not be read");
      return null;
    }
  }
}

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = error instanceof HttpError ? error : fromBodyParser(error);
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    if (known) {
      if (known.status >= 500) log.error({ err: known.cause ?? known, requestId: req.requestId, path: req.path, code: known.code }, known.message);
      res
        .status(known.status)
        .set(known.headers)
        .json({ error: { code: known.code, message: known.message } });
      return;
    }
    log.error({ err: error, requestId: req.requestId, path: req.path }, "request failed");
    res.status(500).json({ error: { code: "internal", message: "Something went wrong on our side; the request can be retried" } });
  };
}

export const notFoundMiddleware: RequestHandler = (_req, _res, next) => {
  next(new HttpError(404, "not_found", "No such route"));
};
