// The board view's build, for TypeScript callers (test/e2e/global-setup.ts, scripts/screenshots.ts):
// the one build mechanism is scripts/build.mjs, which `npm run build` and `npm start` run.
export { buildClient, CLIENT_DIR, clientBuildIsCurrent, DIST_DIR, ensureClientBuilt } from "./build.mjs";
