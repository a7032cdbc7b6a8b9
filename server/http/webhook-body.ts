// Reading a webhook request in the documented order: content type (415), size (413), then the
// caller verifies the JWT (401) before the JSON is parsed (400). The raw bytes are kept, so what is
// stored is exactly what monday sent.
import express, { type RequestHandler } from "express";
import { HttpError } from "./http-error.ts";

declare module "express-serve-static-core" {
  interface Request {
    rawBody?: Buffer;
  }
}

const MAX_DEPTH = 64;

export function readWebhookBody(limitBytes: number): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (!req.is("application/json")) {
      next(new HttpError(415, "unsupported_media_type", "Content-Type must be application/json"));
      return;
    }
    next();
  };
  const raw = express.raw({ type: () => true, limit: limitBytes });
  const keep: RequestHandler = (req, _res, next) => {
    req.rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    req.body = undefined;
    next();
  };
  return [requireJson, raw, keep];
}

function depthOf(value: unknown, limit: number): number {
  // iterative, so a hostile body cannot overflow the stack
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > max) max = d;
    if (max > limit) return max;
    if (v && typeof v === "object") for (const child of Object.values(v)) if (child && typeof child === "object") stack.push([child, d + 1]);
  }
  return max;
}

/** Whether a string or key anywhere in `value` holds U+0000 (iterative, like depthOf). */
function holdsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.includes("\u0000")) return true;
    } else if (v && typeof v === "object") {
      for (const [key, child] of Object.entries(v)) {
        if (key.includes("\u0000")) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/** Parses the kept raw body as a JSON object, or throws the 400 that says why not. */
export function parseJsonObject(raw: Buffer | undefined): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse((raw ?? Buffer.alloc(0)).toString("utf8"));
  } catch {
    throw new HttpError(400, "malformed_json", "Request body is not valid JSON");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new HttpError(400, "invalid_body", "Request body must be a JSON object");
  }
  if (depthOf(value, MAX_DEPTH) > MAX_DEPTH) throw new HttpError(400, "invalid_body", "Request body is nested too deeply");
  // PostgreSQL text cannot hold U+0000: a value carrying one would fail wherever it is stored. JSON
  // can only carry it escaped, so bodies without that escape are not walked.
  if (raw?.includes("\\u0000") && holdsNul(value))
    throw new HttpError(400, "invalid_body", "Request body holds a NUL character (\\u0000), which cannot be stored");
  return value as Record<string, unknown>;
}
