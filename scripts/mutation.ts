// npm run test:mutation [group…] [--force]: StrykerJS over each group of test/mutation-groups.json in
// turn, then one table of the scores. Fails when a module's score is under 90%. Runs are incremental
// (a mutant whose code and covering tests did not change keeps its result); Stryker sees a test by
// its name, so after changing what a test asserts, --force tests every mutant again.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mutationGroups } from "../test/mutation-group.ts";

const TARGET = 90;

interface Mutant {
  status: string;
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

const args = process.argv.slice(2);
const strykerOptions = args.filter((arg) => arg.startsWith("--"));
const requested = args.filter((arg) => !arg.startsWith("--"));
const unknown = requested.filter((name) => !(name in mutationGroups));
if (unknown.length > 0) {
  console.error(`Unknown mutation group ${unknown.join(", ")}; the groups are ${Object.keys(mutationGroups).join(", ")}`);
  process.exit(2);
}
const names = requested.length > 0 ? requested : Object.keys(mutationGroups);

const rows: string[] = [];
let failed = false;
for (const name of names) {
  console.log(`\n== mutation group ${name}: ${mutationGroups[name]?.promise}`);
  const run = spawnSync("npx", ["stryker", "run", ...strykerOptions], { stdio: "inherit", env: { ...process.env, MUTATION_GROUP: name } });
  const reportFile = `reports/mutation/${name}.json`;
  if (run.status !== 0 || !existsSync(reportFile)) {
    rows.push(`| ${name} | – | – | – | – | run failed (exit ${run.status}) |`);
    failed = true;
    continue;
  }
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as Report;
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const count = (status: string) => mutants.filter((m) => m.status === status).length;
    const killed = count("Killed") + count("Timeout");
    const survived = count("Survived");
    const noCoverage = count("NoCoverage");
    const valid = killed + survived + noCoverage;
    const score = valid === 0 ? 100 : (100 * killed) / valid;
    if (score < TARGET) failed = true;
    rows.push(`| ${name} | ${file} | ${killed} | ${survived} | ${noCoverage} | ${score.toFixed(1)}% |`);
  }
}

console.log(`\n| group | module | killed | survived | no coverage | score |\n| --- | --- | ---: | ---: | ---: | ---: |\n${rows.join("\n")}`);
console.log(failed ? `\nBelow the ${TARGET}% target: see the surviving mutants above.` : `\nEvery module at or above ${TARGET}%.`);
process.exit(failed ? 1 : 0);
