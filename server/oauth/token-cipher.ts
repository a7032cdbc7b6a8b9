// OAuth tokens at rest: AES-256-GCM, a fresh IV per value, the account id bound as associated data
// (a value copied to another account's row does not decrypt), and the id of the key in the value,
// so keys can be rotated: TOKEN_ENCRYPTION_KEYS_PREVIOUS still decrypt what older keys wrote.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const FORMAT = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Short, stable and non-secret: the first 8 bytes of the key's SHA-256, hex. */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}

export class TokenDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TokenDecryptionError";
  }
}

export class TokenCipher {
  readonly currentKeyId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(current: Buffer, previous: Buffer[] = []) {
    if (current.length !== 32) throw new Error("the token encryption key must be 32 bytes");
    this.currentKeyId = keyIdOf(current);
    for (const key of previous) this.keys.set(keyIdOf(key), key);
    this.keys.set(this.currentKeyId, current);
  }

  encrypt(plain: string, accountId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(accountId, "utf8"));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return [FORMAT, this.currentKeyId, iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
  }

  /** The id of the key that wrote `value`. */
  keyIdIn(value: string): string {
    const parts = value.split(".");
    if (parts.length !== 5 || parts[0] !== FORMAT) throw new TokenDecryptionError("stored token is not in a known format");
    return parts[1]!;
  }

  decrypt(value: string, accountId: string): string {
    const keyId = this.keyIdIn(value);
    const [, , iv, body, tag] = value.split(".") as [string, string, string, string, string];
    const key = this.keys.get(keyId);
    if (!key)
      throw new TokenDecryptionError(
        `stored token was encrypted with key ${keyId}, which is neither TOKEN_ENCRYPTION_KEY nor in TOKEN_ENCRYPTION_KEYS_PREVIOUS`,
      );
    const ivBytes = Buffer.from(iv, "base64url");
    const tagBytes = Buffer.from(tag, "base64url");
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new TokenDecryptionError("stored token is damaged");
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, ivBytes);
      decipher.setAAD(Buffer.from(accountId, "utf8"));
      decipher.setAuthTag(tagBytes);
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new TokenDecryptionError("stored token does not decrypt for this account (damaged, moved or wrong key)");
    }
  }
}
