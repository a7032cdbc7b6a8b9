// axe-core (Deque's accessibility engine) run inside the board view's frame in Chromium, with the
// WCAG 2.1 A and AA rules. It is evaluated as a script through the DevTools protocol, which the
// view's Content-Security-Policy (script-src 'self') does not govern, so the view is tested exactly
// as it is served.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Frame, Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
export const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; html: string }[] }[];
}

/** The view's frame inside the host page. */
export function viewFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f !== page.mainFrame());
  if (!frame) throw new Error("the host page has no view frame");
  return frame;
}

/** Every violation of the WCAG 2.1 A and AA rules on the view as it is now, one readable line each. */
export async function wcagViolations(frame: Frame): Promise<string[]> {
  if (!(await frame.evaluate(() => "axe" in window))) await frame.evaluate(AXE_SOURCE);
  const result = await frame.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResult> } }).axe.run(document, {
        runOnly: { type: "tag", values: tags },
      }),
    WCAG_21_AA,
  );
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(" ")}: ${n.html.slice(0, 160)}`));
}
