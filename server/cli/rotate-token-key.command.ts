// `npx hookboard rotate-token-key`: re-encrypts every stored OAuth token under TOKEN_ENCRYPTION_KEY,
// reading older values with the keys in TOKEN_ENCRYPTION_KEYS_PREVIOUS.
import { tokenCipherFor } from "../oauth/oauth-capability.ts";
import { reencryptTokens } from "../oauth/reencrypt-tokens.ts";
import { cliConfig, withDatabase } from "./cli-database.ts";
import { EXIT, UsageError, type CliCommand } from "./command.ts";

const USAGE = `Usage: npx hookboard rotate-token-key

Re-encrypts the stored OAuth tokens under the current key. To rotate the key:
  1. set TOKEN_ENCRYPTION_KEY to a new key (32 random bytes, base64) and put the old one in
     TOKEN_ENCRYPTION_KEYS_PREVIOUS (comma-separated); restart Hookboard, which reads both;
  2. run this command with the same configuration (DATABASE_URL, the keys);
  3. once it reports nothing left under an older key, remove the old key.`;

export const rotateTokenKeyCommand: CliCommand = {
  name: "rotate-token-key",
  usage: USAGE,
  async run(args, io) {
    if (args.length) throw new UsageError(`Unexpected argument "${args[0]}"`);
    const config = cliConfig(io);
    return withDatabase(config, async (db) => {
      await db.migrate();
      const cipher = tokenCipherFor(config);
      const result = await reencryptTokens(db.prisma, cipher);
      const left = await db.prisma.oAuthToken.count({ where: { keyId: { not: cipher.currentKeyId } } });
      io.out(`Re-encrypted ${result.tokens} token row(s) and ${result.states} pending sign-in(s) under key ${cipher.currentKeyId}.`);
      if (left > 0) {
        io.out(`${left} row(s) changed meanwhile and are still under an older key: run the command again.`);
        return EXIT.failed;
      }
      io.out("No token is stored under an older key: the previous keys can be removed from TOKEN_ENCRYPTION_KEYS_PREVIOUS.");
      return EXIT.ok;
    });
  },
};
