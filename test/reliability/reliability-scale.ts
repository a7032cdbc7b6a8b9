// How big the reliability tests run: reduced inside `npm test`, full with `npm run test:reliability`
// (RELIABILITY=full). The reduced size still kills the server at least twice.
const full = process.env.RELIABILITY === "full";

/** A size from the environment: a whole number of at least 1, or the run stops (a size of 0 would prove nothing). */
function size(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not "${raw}"`);
  return value;
}

export const SCALE = {
  crashDeliveries: size("CRASH_DELIVERIES", full ? 10_000 : 1_500),
  crashKills: size("CRASH_KILLS", full ? 5 : 2),
  stormDeliveries: size("STORM_DELIVERIES", full ? 1_000 : 200),
};
