// npm run test:mutation:by-hand -- <group> [<mutant id>…] [--timeouts <n>]: applies recorded mutants of
// a group (reports/mutation/<group>.incremental.json) to the working tree one at a time, runs the
// group's tests once with plain vitest, and puts the file back. It answers what a Stryker timeout
// leaves open: did the mutant make the tests fail, or was the machine only slow? `--timeouts <n>`
// picks n of the group's timeouts, spread evenly over them; ids pick mutants by hand. A run that has
// not ended after HANG_AFTER_S seconds (default 300, several times a group's whole run) is a hang:
// some mutants block the event loop, where no test's own time limit can fire.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { mutationGroups } from "../test/mutation-group.ts";

interface Position {
  line: number;
  column: number;
}
interface RecordedMutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: Position; end: Position };
}
interface Incremental {
  files: Record<string, { source: string; mutants: RecordedMutant[] }>;
}

const args = process.argv.slice(2);
const [group, ...rest] = args;
const usage = "usage: npm run test:mutation:by-hand -- <group> [<mutant id>…] [--timeouts <n>]";
if (!group || !(group in mutationGroups)) {
  console.error(`${usage}\nthe groups are ${Object.keys(mutationGroups).join(", ")}`);
  process.exit(2);
}
const timeoutsAt = rest.indexOf("--timeouts");
const sampleSize = timeoutsAt >= 0 ? Number(rest[timeoutsAt + 1]) : 0;
const ids = rest.filter((arg, i) => !arg.startsWith("--") && (timeoutsAt < 0 || i !== timeoutsAt + 1));
if ((timeoutsAt >= 0 && !(sampleSize > 0)) || (ids.length === 0 && sampleSize === 0)) {
  console.error(usage);
  process.exit(2);
}

const report = JSON.parse(readFileSync(`reports/mutation/${group}.incremental.json`, "utf8")) as Incremental;
const all = Object.entries(report.files).flatMap(([file, { source, mutants }]) => mutants.map((mutant) => ({ file, source, mutant })));
const timeouts = all.filter((m) => m.mutant.status === "Timeout");
const sample =
  sampleSize > 0
    ? Array.from(
        { length: Math.min(sampleSize, timeouts.length) },
        (_, i) => timeouts[Math.floor((i * timeouts.length) / Math.min(sampleSize, timeouts.length))]!,
      )
    : [];
const chosen = [...sample, ...ids.map((id) => all.find((m) => m.mutant.id === id) ?? fail(`no mutant ${id} in group ${group}`))];

/** The source with one mutant applied (Stryker's lines and columns count from 1). */
function mutated(source: string, { location, replacement }: RecordedMutant): string {
  const lines = source.split("\n");
  const offset = (p: Position) => lines.slice(0, p.line - 1).reduce((n, line) => n + line.length + 1, 0) + p.column - 1;
  return source.slice(0, offset(location.start)) + (replacement ?? "") + source.slice(offset(location.end));
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const hangAfterMs = Number(process.env.HANG_AFTER_S ?? 300) * 1000;
let running: ChildProcess | null = null;

/** The group's tests once, in a process group of their own (vitest's workers go with it on a hang). */
function runGroupTests(): Promise<"failed" | "passed" | "hung"> {
  return new Promise((resolve) => {
    const child = spawn("npx", ["vitest", "run", "--config", "vitest.mutation.config.ts", "--bail", "1", "--reporter", "dot"], {
      stdio: "inherit",
      env: { ...process.env, MUTATION_GROUP: group },
      detached: true,
    });
    running = child;
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      process.kill(-child.pid!, "SIGKILL");
    }, hangAfterMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      running = null;
      resolve(hung ? "hung" : code === 0 ? "passed" : "failed");
    });
  });
}

const rows: string[] = [];
let survivors = 0;
// Ctrl-C: stop the tests and put the file back before leaving
let restoreCurrent: (() => void) | null = null;
process.on("SIGINT", () => {
  if (running?.pid) process.kill(-running.pid, "SIGKILL");
  restoreCurrent?.();
  process.exit(130);
});
for (const { file, source, mutant } of chosen) {
  const current = readFileSync(file, "utf8");
  if (current !== source) fail(`${file} changed since the recorded run; run the group again first`);
  const restore = () => writeFileSync(file, current);
  restoreCurrent = restore;
  writeFileSync(file, mutated(current, mutant));
  const started = Date.now();
  try {
    console.log(
      `\n== mutant ${mutant.id} (${mutant.mutatorName}, ${file}:${mutant.location.start.line}, recorded ${mutant.status}): ${mutant.replacement ?? ""}`,
    );
    const outcome = await runGroupTests();
    if (outcome === "passed") survivors++;
    rows.push(
      `| ${mutant.id} | ${mutant.mutatorName} | ${file}:${mutant.location.start.line} | ${mutant.status} | ${outcome === "passed" ? "tests PASSED" : outcome === "hung" ? `tests hung (no end after ${hangAfterMs / 1000} s)` : "tests failed"} | ${((Date.now() - started) / 1000).toFixed(0)} s |`,
    );
  } finally {
    restore();
    restoreCurrent = null;
  }
}

console.log(`\n| mutant | mutator | where | recorded | by hand | time |\n| --- | --- | --- | --- | --- | ---: |\n${rows.join("\n")}`);
console.log(
  survivors === 0 ? `\nEvery mutant checked made the tests fail.` : `\n${survivors} mutant(s) passed the tests: they survive, whatever the recorded status.`,
);
process.exit(survivors === 0 ? 0 : 1);
