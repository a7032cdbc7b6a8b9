import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "server/**/*.test.ts", "client/src/**/*.test.ts", "examples/**/*.test.ts"],
    exclude: ["test/tmp/**", "node_modules/**"],
    // builds client/dist when its sources changed, for the end-to-end tests
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
    // the skip report ends the run by naming each group that did not run here, and why
    reporters: ["default", "./test/helpers/skip-report.ts"],
  },
});
