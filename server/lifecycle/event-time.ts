// An app lifecycle event's `data.timestamp` decides the account's state (order-key.ts: state only
// ever moves to a newer event), so a body dated in the future would freeze that state: every
// genuine event after it would be older. Such a body is refused before anything is stored.
import type { MondayClaims } from "../auth/monday-jwt.ts";
import { HttpError } from "../http/http-error.ts";

/**
 * How far an event may be dated ahead of this server's clock, and ahead of the moment monday
 * signed its token: monday's clocks and this server's differ by seconds, not minutes. Five minutes
 * also covers a server whose clock is a little behind without refusing a genuine delivery.
 */
export const LIFECYCLE_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Refuses (400) an event dated more than LIFECYCLE_CLOCK_SKEW_MS after now, or after the token that
 * carries it was issued (`iat`): monday signs a delivery when it sends it, after the event happened,
 * and a retry carries either the same token or a newer one. So a token only ever vouches for events
 * older than itself, and a captured token cannot date an event later than its own issue.
 */
export function refuseEventFromTheFuture(occurredAt: Date, claims: Pick<MondayClaims, "issuedAt">, now = new Date()): void {
  if (occurredAt.getTime() > now.getTime() + LIFECYCLE_CLOCK_SKEW_MS) {
    throw new HttpError(400, "event_from_the_future", "data.timestamp is more than 5 minutes ahead of the server's clock");
  }
  if (claims.issuedAt && occurredAt.getTime() > claims.issuedAt.getTime() + LIFECYCLE_CLOCK_SKEW_MS) {
    throw new HttpError(400, "event_after_token", "data.timestamp is more than 5 minutes after the token was issued");
  }
}
