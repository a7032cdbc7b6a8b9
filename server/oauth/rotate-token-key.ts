// `npx tsx server/oauth/rotate-token-key.ts`: re-encrypts every stored OAuth token under
// TOKEN_ENCRYPTION_KEY, reading older values with TOKEN_ENCRYPTION_KEYS_PREVIOUS. Rotation:
//   1. set TOKEN_ENCRYPTION_KEY to the new key and add the old one to TOKEN_ENCRYPTION_KEYS_PREVIOUS;
//   2. restart Hookboard (it reads both), then run this;
//   3. once it reports nothing left on an old key, drop the old key from the configuration.
import "dotenv/config";
import { ConfigError, loadConfig } from "../config/config.ts";
import { createDb } from "../db/client.ts";
import { tokenCipherFor } from "./oauth-capability.ts";
import { reencryptTokens } from "./reencrypt-tokens.ts";

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 78;
    }
    throw error;
  }
  const db = createDb(config.databaseUrl);
  try {
    await db.migrate();
    const cipher = tokenCipherFor(config);
    const result = await reencryptTokens(db.prisma, cipher);
    const left = await db.prisma.oAuthToken.count({ where: { keyId: { not: cipher.currentKeyId } } });
    console.log(`Re-encrypted ${result.tokens} token row(s) and ${result.states} pending sign-in(s) under key ${cipher.currentKeyId}.`);
    if (left > 0) {
      console.log(`${left} row(s) changed meanwhile and are still on an older key: run the command again.`);
      return 1;
    }
    console.log("No token is stored under an older key: the previous keys can be removed from TOKEN_ENCRYPTION_KEYS_PREVIOUS.");
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("rotate-token-key failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
