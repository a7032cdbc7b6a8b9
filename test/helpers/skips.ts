// No silent skips. A group of tests that needs something this machine lacks (a reachable
// PostgreSQL, say) fails the run in CI; anywhere else it shows as one skipped test carrying the
// reason, and the skip report (skip-report.ts, a vitest reporter) lists every such group with its
// reason when the run ends.
import { it } from "vitest";

/** CI=true (or 1): every group must run. */
export const inCI = process.env.CI === "true" || process.env.CI === "1";

/**
 * Called while a test file is collected, for a group that cannot run here. When `required` (in CI
 * by default) it throws, failing the file with the reason; otherwise it adds a skipped test named
 * for the group whose note is the reason.
 */
export function skipGroup(group: string, reason: string, required = inCI): void {
  if (required) throw new Error(`${group} must run here but cannot: ${reason}`);
  it(group, (ctx) => ctx.skip(reason));
}
