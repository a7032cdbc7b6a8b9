// Property tests (fast-check) draw their cases from a seed. Every run prints its seed, and
// PROPERTY_SEED replays one: `PROPERTY_SEED=<seed> npx vitest run <file>` draws the same cases
// again, so a failure found by a random run can be looked at as often as needed.
import { randomInt } from "node:crypto";
import { relative } from "node:path";
import fc from "fast-check";
import { expect } from "vitest";

/** PROPERTY_SEED when set (a whole number), otherwise a fresh random seed. */
export function propertySeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PROPERTY_SEED?.trim();
  if (!raw) return randomInt(2 ** 31 - 1);
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`PROPERTY_SEED must be a whole number, not "${raw}"`);
  return seed;
}

/** fc.assert on the run's seed: printed before the run, and named with the command that replays it when the property fails. */
export async function assertProperty<Ts>(property: fc.IAsyncProperty<Ts>, params: Omit<fc.Parameters<Ts>, "seed"> = {}): Promise<void> {
  const seed = propertySeed();
  const testPath = expect.getState().testPath;
  const replay = `PROPERTY_SEED=${seed} npx vitest run ${testPath ? relative(process.cwd(), testPath) : ""}`.trim();
  console.log(`property seed ${seed} (replay: ${replay})`);
  try {
    await fc.assert(property, { ...params, seed });
  } catch (error) {
    if (error instanceof Error) error.message = `${error.message}\nReplay this run: ${replay}`;
    throw error;
  }
}
