// Every request gets an id (monday's X-Request-Id when it sends one) that follows a delivery from
// receipt to processing in the logs.
import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";

declare module "express-serve-static-core" {
  interface Request {
    requestId: string;
  }
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export const requestId: RequestHandler = (req, res, next) => {
  const given = req.get("x-request-id");
  req.requestId = given && SAFE_ID.test(given) ? given : randomUUID();
  res.set("X-Request-Id", req.requestId);
  next();
};
