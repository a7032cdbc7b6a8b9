// vitest globalSetup: builds the board view once per test run when its sources changed. A failed
// build does not stop unrelated tests; the end-to-end suites report it (see browser.ts).
import type { TestProject } from "vitest/node";
import { ensureClientBuilt } from "../../scripts/build-client.ts";

declare module "vitest" {
  export interface ProvidedContext {
    clientBuildError: string | null;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  try {
    await ensureClientBuilt();
    project.provide("clientBuildError", null);
  } catch (error) {
    project.provide("clientBuildError", error instanceof Error ? error.message : String(error));
  }
}
