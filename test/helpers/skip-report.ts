// A vitest reporter that ends the run by naming every group that was skipped and why (the note of
// `skipGroup`, see skips.ts), so a run that left PostgreSQL cases out says so instead of looking
// complete. Tests skipped without a note (it.skip, it.todo, a -t filter) are counted.
import type { Reporter, TestModule, Vitest } from "vitest/node";

export default class SkipReport implements Reporter {
  private log: (message: string) => void = (message) => console.log(message);

  onInit(vitest: Vitest): void {
    this.log = (message) => vitest.logger.log(message);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    if (modules.length === 0) return;
    const byReason = new Map<string, string[]>();
    let withoutReason = 0;
    for (const module of modules) {
      for (const test of module.children.allTests("skipped")) {
        const result = test.result();
        const note = result.state === "skipped" ? result.note : undefined;
        if (!note) {
          withoutReason++;
          continue;
        }
        byReason.set(note, [...(byReason.get(note) ?? []), `${module.relativeModuleId} › ${test.fullName}`]);
      }
    }
    const lines = [byReason.size === 0 ? " Skipped groups: none" : " Skipped groups (they did not run here; in CI, CI=true, each would fail the run):"];
    for (const [reason, groups] of byReason) {
      lines.push(`   ${reason}`, ...groups.map((g) => `     - ${g}`));
    }
    if (withoutReason > 0) lines.push(` ${withoutReason} more test(s) skipped without a reason (it.skip, it.todo or left out by a -t filter)`);
    this.log(lines.join("\n") + "\n");
  }
}
