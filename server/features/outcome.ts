// What a feature handler decides, and how that becomes monday's answer: the HTTP answer of a sync
// event, the body POSTed to back_to_url for an async one.
import { z } from "zod";

export type FeatureOutcome =
  | {
      success: true;
      data?: Record<string, unknown>;
      /**
       * Set when Hookboard could not read the event (an unknown type, a payload without the keys a
       * handler looks for): monday is told it succeeded, so a guess never fails the user's action,
       * and the event is kept, marked with this reason, for the developer to look at.
       */
      unrecognised?: string;
    }
  | {
      success: false;
      message: string;
      /** machine-readable reason, e.g. `unknown_event_type` */
      code?: string;
      /** the 4xx a sync event is answered with (default 422) */
      status?: number;
    };

export const succeed = (data?: Record<string, unknown>): FeatureOutcome => (data ? { success: true, data } : { success: true });

/**
 * Success for monday, with the event marked as not understood: for a payload the handler cannot
 * read. monday does not document feature payloads, so a refusal may only come from what is known
 * to be wrong; what is merely unreadable must not fail the user's action.
 */
export const unrecognised = (reason: string, data?: Record<string, unknown>): FeatureOutcome => ({
  success: true,
  unrecognised: reason,
  ...(data ? { data } : {}),
});

export const refuse = (message: string, options: { code?: string; status?: number } = {}): FeatureOutcome => ({ success: false, message, ...options });

/** monday reads any 4xx as "failed"; a handler cannot pick a status outside that range. */
function failureStatus(status: number | undefined): number {
  return status !== undefined && Number.isInteger(status) && status >= 400 && status <= 499 ? status : 422;
}

export interface SyncAnswer {
  status: number;
  body: Record<string, unknown>;
}

export function syncAnswerOf(eventId: string, outcome: FeatureOutcome): SyncAnswer {
  if (outcome.success) {
    return {
      status: 200,
      body: { success: true, eventId, data: outcome.data ?? null, ...(outcome.unrecognised ? { unrecognised: outcome.unrecognised } : {}) },
    };
  }
  return { status: failureStatus(outcome.status), body: { error: { code: outcome.code ?? "refused", message: outcome.message } } };
}

/** Exactly the body monday documents for back_to_url. */
export function callbackBodyOf(outcome: FeatureOutcome): { success: true } | { success: false; message: string } {
  return outcome.success ? { success: true } : { success: false, message: outcome.message };
}

const storedOutcome = z.union([
  z.object({ success: z.literal(true), data: z.record(z.string(), z.unknown()).optional(), unrecognised: z.string().min(1).max(500).optional() }),
  z.object({ success: z.literal(false), message: z.string(), code: z.string().optional(), status: z.number().optional() }),
]);

/** Reads an outcome back from the `result` column. */
export function parseStoredOutcome(text: string): FeatureOutcome {
  return storedOutcome.parse(JSON.parse(text));
}

/** A handler's return value, checked: handlers written in plain JavaScript can return anything. */
export function checkedOutcome(value: unknown): FeatureOutcome {
  const parsed = storedOutcome.safeParse(value);
  return parsed.success ? parsed.data : refuse("The event handler returned no valid outcome", { code: "handler_failed" });
}
