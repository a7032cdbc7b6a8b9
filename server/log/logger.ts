// Structured logs (pino). Tokens, secrets and subscription data are redacted wherever they appear.
import { pino, type Logger } from "pino";

export type { Logger };

export const REDACT_PATHS = [
  "authorization",
  "*.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "token",
  "*.token",
  "*.accessToken",
  "*.refreshToken",
  "*.access_token",
  "*.refresh_token",
  "*.shortLivedToken",
  "*.short_lived_token",
  "*.sessionToken",
  "*.secret",
  "*.clientSecret",
  "*.client_secret",
  "*.code_verifier",
  "subscription",
  "*.subscription",
  "*.*.subscription",
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: "hookboard" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream | undefined,
  );
}

/** A short, non-reversible hint of a secret value for logs: its length and last 4 characters. */
export function hint(value: string | null | undefined): string {
  if (!value) return "(none)";
  return `…${value.slice(-4)} (${value.length} chars)`;
}
