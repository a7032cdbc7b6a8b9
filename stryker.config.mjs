// StrykerJS over one group of test/mutation-groups.json (MUTATION_GROUP); `npm run test:mutation`
// (scripts/mutation.ts) runs every group. Incremental: each group's results are kept in
// reports/mutation/<group>.incremental.json (committed), so a run after a small change tests only the
// mutants whose code or covering tests changed.
import { readFileSync } from "node:fs";

const groups = JSON.parse(readFileSync(new URL("./test/mutation-groups.json", import.meta.url), "utf8"));
const name = process.env.MUTATION_GROUP ?? "";
if (!groups[name]) throw new Error(`MUTATION_GROUP must be one of ${Object.keys(groups).join(", ")}; run npm run test:mutation`);
const group = { name, ...groups[name] };

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  mutate: group.mutate,
  ignorePatterns: ["client", "docs", "examples", "data", "test/tmp", "test/.artifacts", "reports", ".stryker-tmp*"],
  incremental: true,
  incrementalFile: `reports/mutation/${group.name}.incremental.json`,
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: `reports/mutation/${group.name}.json` },
  clearTextReporter: { reportTests: false, reportMutants: true, reportScoreTable: true },
  // Stryker gives half of `concurrency` to TypeScript checkers (idle once they are ahead of the
  // runners): 4 is two checkers and two test runners, which wait on the databases much of the time
  concurrency: 4,
  // added to 1.5 × the tests' time in the dry run before a mutant counts as a timeout (and a timeout
  // counts as killed). The dry run has the machine to itself; mutants run beside the checkers and the
  // other runner, so with a 10 s margin mutants whose tests passed were counted as timeouts (checked
  // with npm run test:mutation:by-hand). Only a real hang should wait this long.
  timeoutMS: 60000,
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: `.stryker-tmp-${group.name}`,
  cleanTempDir: "always",
};
