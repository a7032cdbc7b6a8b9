// The one monday API version Hookboard speaks: the server's default `API-Version`, the CLI's, and the
// board view's (its build imports this file). Every GraphQL document Hookboard and its view send is
// validated against monday's published schema for this version (test/fixtures/monday-schema-2026-10.graphql);
// configuration refuses anything older, since nothing was checked against it.

/** monday's current stable version (its versioning page, December 2026). */
export const MONDAY_API_VERSION = "2026-10";

/** The oldest version Hookboard's documents were checked against; older ones are refused. */
export const OLDEST_CHECKED_API_VERSION = "2026-10";

/** Why a value cannot be used as `API-Version`, or null when it can (`YYYY-MM`, not older than the checked version). */
export function apiVersionProblem(name: string, value: string): string | null {
  if (/^\d{4}-(01|04|07|10)$/.test(value) && value >= OLDEST_CHECKED_API_VERSION) return null;
  return `${name} must be a monday API version (YYYY-01, -04, -07 or -10) of ${OLDEST_CHECKED_API_VERSION} or later, the oldest one Hookboard's GraphQL documents were checked against (got "${value}")`;
}
