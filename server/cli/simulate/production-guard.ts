// `simulate` signs requests the way monday does: with production's secrets, what it sends would pass
// for monday's requests at the production Hookboard (an install, an uninstall, a board event). So it
// refuses production settings unless --allow-production says that is meant.
import type { Config } from "../../config/config.ts";
import { isDevSecret } from "../../config/dev-secrets.ts";

/** Why these settings are production's (empty when they are not): NODE_ENV, or secrets Hookboard did not generate. */
export function productionReasons(config: Pick<Config, "env" | "mondayClientSecret" | "mondaySigningSecret">): string[] {
  if (config.env === "production") return ["NODE_ENV=production"];
  // the tests sign with the test kit's secrets; anywhere else, only development values are for simulating
  if (config.env === "test") return [];
  const own = (["MONDAY_SIGNING_SECRET", "MONDAY_CLIENT_SECRET"] as const).filter(
    (name) => !isDevSecret(name, name === "MONDAY_SIGNING_SECRET" ? config.mondaySigningSecret : config.mondayClientSecret),
  );
  return own.length
    ? [`${own.join(" and ")} ${own.length === 1 ? "is" : "are"} not the development value${own.length === 1 ? "" : "s"} Hookboard generated into .env`]
    : [];
}

/** The refusal, or null when simulate may sign with these settings. */
export function productionRefusal(config: Pick<Config, "env" | "mondayClientSecret" | "mondaySigningSecret">, allowed: boolean): string | null {
  const reasons = productionReasons(config);
  if (!reasons.length || allowed) return null;
  return (
    `simulate refuses production settings (${reasons.join("; ")}): what it signs with these secrets would pass for monday's own requests ` +
    `at every Hookboard that holds them. Run it where Hookboard runs with its development .env, or pass --allow-production if that is what you mean.`
  );
}
