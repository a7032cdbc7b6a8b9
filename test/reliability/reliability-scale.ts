// How big the reliability tests run: reduced inside `npm test`, full with `npm run test:reliability`
// (RELIABILITY=full). The reduced size still kills the server at least twice.
const full = process.env.RELIABILITY === "full";

export const SCALE = {
  crashDeliveries: Number(process.env.CRASH_DELIVERIES ?? (full ? 10_000 : 1_500)),
  crashKills: Number(process.env.CRASH_KILLS ?? (full ? 5 : 2)),
  stormDeliveries: Number(process.env.STORM_DELIVERIES ?? (full ? 1_000 : 200)),
};
