// App lifecycle bodies as monday sends them: the builder `npx hookboard simulate` uses.
export { lifecycleBody, SEED_LIFECYCLE_TYPES, type LifecycleSampleOptions } from "../../server/cli/simulate/lifecycle-samples.ts";
