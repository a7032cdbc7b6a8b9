// Who signs a webhook's deliveries, in the words the table shows next to its event.
import type { WebhookOrigin } from "../api/types.ts";

const ORIGINS: Record<WebhookOrigin, { text: string; title: string } | null> = {
  // the usual case needs no word
  oauth: null,
  personal_token: {
    text: "Unsigned",
    title: "Made with a personal API token (npx hookboard webhooks): monday sends its events without a signature.",
  },
  recipe: {
    text: "Unsigned",
    title: "Pasted into the board's Webhooks recipe: monday sends its events without a signature; its URL is its only protection.",
  },
};

export function originLabel(origin: WebhookOrigin): { text: string; title: string } | null {
  return ORIGINS[origin] ?? null;
}
