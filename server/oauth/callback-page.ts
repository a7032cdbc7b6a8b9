// The small page the OAuth window ends on. It tells the user what happened and, when the board view
// opened it, posts the outcome to that window (same origin only) so the view refreshes itself.
import { randomBytes } from "node:crypto";
import type { Response } from "express";

export interface CallbackOutcome {
  ok: boolean;
  title: string;
  message: string;
  /** error code, for the board view */
  code?: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function sendCallbackPage(res: Response, status: number, outcome: CallbackOutcome, viewOrigin: string): void {
  const nonce = randomBytes(16).toString("base64");
  const message = JSON.stringify({ type: "hookboard:oauth", ok: outcome.ok, code: outcome.code ?? null }).replace(/</g, "\\u003c");
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hookboard: ${escapeHtml(outcome.title)}</title>
<style nonce="${nonce}">body{font:16px/1.5 system-ui,sans-serif;margin:4rem auto;max-width:32rem;padding:0 1rem;color:#323338}h1{font-size:1.4rem}</style>
</head>
<body>
<h1>${escapeHtml(outcome.title)}</h1>
<p>${escapeHtml(outcome.message)}</p>
<script nonce="${nonce}">
try { if (window.opener) window.opener.postMessage(${message}, ${JSON.stringify(viewOrigin)}); } catch (e) {}
</script>
</body>
</html>
`;
  res
    .status(status)
    .set({
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
      "Content-Security-Policy": `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    })
    .send(html);
}
