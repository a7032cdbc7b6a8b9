// Key rotation: every stored token (and pending PKCE verifier) written under an older key is
// decrypted with it (TOKEN_ENCRYPTION_KEYS_PREVIOUS) and written again under TOKEN_ENCRYPTION_KEY.
// Once this reports nothing left, the old key can be dropped from the configuration.
import type { PrismaClient } from "../db/client.ts";
import type { TokenCipher } from "./token-cipher.ts";

export interface ReencryptResult {
  /** token rows moved to the current key */
  tokens: number;
  /** pending OAuth states whose PKCE verifier moved to the current key */
  states: number;
  /** rows that changed while being re-encrypted (a refresh wrote them under the current key already) */
  skipped: number;
}

export async function reencryptTokens(prisma: PrismaClient, cipher: TokenCipher): Promise<ReencryptResult> {
  const result: ReencryptResult = { tokens: 0, states: 0, skipped: 0 };
  const rows = await prisma.oAuthToken.findMany({ where: { keyId: { not: cipher.currentKeyId } } });
  for (const row of rows) {
    const again = (value: string) => cipher.encrypt(cipher.decrypt(value, row.accountId), row.accountId);
    // only the version read: a refresh meanwhile stored a new pair under the current key
    const { count } = await prisma.oAuthToken.updateMany({
      where: { id: row.id, version: row.version, keyId: row.keyId },
      data: { accessToken: again(row.accessToken), refreshToken: row.refreshToken ? again(row.refreshToken) : null, keyId: cipher.currentKeyId },
    });
    if (count === 1) result.tokens++;
    else result.skipped++;
  }
  const states = await prisma.oAuthState.findMany({ where: { codeVerifier: { not: null }, usedAt: null, expiresAt: { gt: new Date() } } });
  for (const state of states) {
    if (!state.codeVerifier || cipher.keyIdIn(state.codeVerifier) === cipher.currentKeyId) continue;
    const { count } = await prisma.oAuthState.updateMany({
      where: { stateHash: state.stateHash, usedAt: null, codeVerifier: state.codeVerifier },
      data: { codeVerifier: cipher.encrypt(cipher.decrypt(state.codeVerifier, state.accountId), state.accountId) },
    });
    if (count === 1) result.states++;
    else result.skipped++;
  }
  return result;
}
