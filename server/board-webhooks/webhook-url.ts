// Each webhook Hookboard creates gets its own receiving URL whose last part is unguessable: a
// delivery is tied to one webhook (and account) by the URL it was sent to, not by what it claims.
import { randomBytes } from "node:crypto";
import { HttpError } from "../http/http-error.ts";

/** monday refuses longer webhook URLs */
export const MAX_WEBHOOK_URL_LENGTH = 255;
export const BOARD_WEBHOOK_PATH = "/webhooks/board";
export const URL_TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;

/** 256 random bits */
export function newUrlToken(): string {
  return randomBytes(32).toString("base64url");
}

export function webhookUrl(publicUrl: string, urlToken: string): string {
  const url = `${publicUrl}${BOARD_WEBHOOK_PATH}/${urlToken}`;
  if (url.length > MAX_WEBHOOK_URL_LENGTH) {
    throw new HttpError(
      500,
      "webhook_url_too_long",
      `Webhook URLs must be at most ${MAX_WEBHOOK_URL_LENGTH} characters for monday; PUBLIC_URL is too long (${publicUrl.length} characters)`,
    );
  }
  return url;
}
