// The tests StrykerJS runs against the mutants of one group (test/mutation-groups.json): that
// group's tests only, without the board view's build (no browser test is in a group).
import { defineConfig } from "vitest/config";
import { currentMutationGroup } from "./test/mutation-group.ts";
import base from "./vitest.config.ts";

export default defineConfig({
  ...base,
  test: { ...base.test, include: currentMutationGroup().tests, globalSetup: [], reporters: ["default"] },
});
