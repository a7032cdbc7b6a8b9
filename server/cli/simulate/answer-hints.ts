// What to do about an answer that is not a success, in the words of local development.
import { errorCodeOf, type Answer } from "./send-request.ts";

export interface HintContext {
  /** where the request went */
  target: string;
  /** the URL the token names in `aud` */
  audience: string;
  callbackHost: string;
}

export function hintFor(answer: Answer, ctx: HintContext): string | null {
  if (answer.status === 0) {
    return `No Hookboard answered at ${new URL(ctx.target).origin} (${answer.error ?? "no answer"}): start it (npm start, or npm run dev) or point --url at it.`;
  }
  switch (errorCodeOf(answer)) {
    case "jwt_audience":
      return `The token names ${ctx.audience} as its audience, and the server expects its own PUBLIC_URL there: pass the server's PUBLIC_URL as --public-url (or run the simulator with the same PUBLIC_URL).`;
    case "jwt_signature":
      return "The server does not know the secret this token was signed with: run the simulator with the server's MONDAY_SIGNING_SECRET and MONDAY_CLIENT_SECRET (the same .env).";
    case "jwt_account_mismatch":
      return "The webhook belongs to another account: pass that account as --account.";
    case "callback_not_allowed":
      return `Hookboard only POSTs results to hosts in MONDAY_CALLBACK_HOSTS, and the simulator receives them at ${ctx.callbackHost}. Start the server with MONDAY_CALLBACK_HOSTS=monday.com,*.monday.com,${ctx.callbackHost} for local simulation (never in production).`;
    case "unknown_webhook":
      return "Hookboard issued no webhook at this URL: check --webhook-url, or leave it out and the simulator records a webhook in the server's database.";
    case "webhook_gone":
      return "This webhook was deleted, or its account uninstalled the app (an uninstall makes the account's webhooks inactive): without --webhook-url, the next run records a new one.";
    case "shutting_down":
      return "The server is stopping: send again once it is back.";
    default:
      return null;
  }
}
