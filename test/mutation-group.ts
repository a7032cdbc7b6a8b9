// What mutation testing covers (`npm run test:mutation`): test/mutation-groups.json names groups of
// modules that hold one of Hookboard's promises, each with the tests that guard them. A group's
// mutants run only that group's tests: every HTTP test passes through the JWT check, so with one
// test set for all modules each JWT mutant would run most of the suite.
import groups from "./mutation-groups.json" with { type: "json" };

export interface MutationGroup {
  name: string;
  /** the promise the group's modules hold, in words */
  promise: string;
  mutate: string[];
  tests: string[];
}

export const mutationGroups: Record<string, Omit<MutationGroup, "name">> = groups;

/** The group named by MUTATION_GROUP (set by scripts/mutation.ts for each Stryker run). */
export function currentMutationGroup(env: NodeJS.ProcessEnv = process.env): MutationGroup {
  const name = env.MUTATION_GROUP;
  const group = name === undefined ? undefined : mutationGroups[name];
  if (name === undefined || group === undefined) {
    throw new Error(`MUTATION_GROUP must be one of ${Object.keys(mutationGroups).join(", ")} (got ${name ?? "nothing"}); run npm run test:mutation`);
  }
  return { name, ...group };
}
