// OAuth tokens at rest: AES-256-GCM with the account bound, a fresh IV, the key's id in the value.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyIdOf, TokenCipher, TokenDecryptionError } from "../../server/oauth/token-cipher.ts";

const key = Buffer.alloc(32, 1);
const older = Buffer.alloc(32, 2);

describe("token encryption", () => {
  it("When a token is encrypted, then it decrypts for the same account and its value says v1, the key's id, IV, body and tag", () => {
    const cipher = new TokenCipher(key);
    const value = cipher.encrypt("secret-access-token", "1001");
    const parts = value.split(".");
    expect(parts).toHaveLength(5);
    expect(parts[0]).toBe("v1");
    expect(parts[1]).toBe(keyIdOf(key));
    expect(Buffer.from(parts[2]!, "base64url")).toHaveLength(12);
    expect(Buffer.from(parts[4]!, "base64url")).toHaveLength(16);
    expect(value).not.toContain("secret-access-token");
    expect(cipher.decrypt(value, "1001")).toBe("secret-access-token");
  });

  it("When the same token is encrypted twice, then the values differ (a fresh IV each time)", () => {
    const cipher = new TokenCipher(key);
    const first = cipher.encrypt("same", "1");
    const second = cipher.encrypt("same", "1");
    expect(first.split(".")[2]).not.toBe(second.split(".")[2]);
    expect(first).not.toBe(second);
  });

  it("When a value is copied to another account, then it does not decrypt there", () => {
    const cipher = new TokenCipher(key);
    const value = cipher.encrypt("token", "1001");
    expect(() => cipher.decrypt(value, "1002")).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt(value, "1002")).toThrow(/does not decrypt for this account/);
    expect(() => cipher.decrypt(value, "1002")).toThrow(expect.objectContaining({ name: "TokenDecryptionError" }));
  });

  it("When any part of a stored value is altered, then it does not decrypt", () => {
    const cipher = new TokenCipher(key);
    const value = cipher.encrypt("token", "7");
    const parts = value.split(".");
    const flip = (part: string) => {
      const bytes = Buffer.from(part, "base64url");
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString("base64url");
    };
    for (const index of [2, 3, 4]) {
      const altered = parts.map((part, i) => (i === index ? flip(part) : part)).join(".");
      expect(() => cipher.decrypt(altered, "7")).toThrow(TokenDecryptionError);
    }
  });

  it("When the IV or the tag has the wrong length, then the value is called damaged", () => {
    const cipher = new TokenCipher(key);
    const [format, keyId, iv, body, tag] = cipher.encrypt("token", "7").split(".") as [string, string, string, string, string];
    const short = (part: string) => Buffer.from(part, "base64url").subarray(1).toString("base64url");
    expect(() => cipher.decrypt([format, keyId, short(iv), body, tag].join("."), "7")).toThrow("stored token is damaged");
    expect(() => cipher.decrypt([format, keyId, iv, body, short(tag)].join("."), "7")).toThrow("stored token is damaged");
  });

  it("When a value is not in the v1 format, then it is refused before any decryption", () => {
    const cipher = new TokenCipher(key);
    const value = cipher.encrypt("token", "7");
    expect(() => cipher.decrypt(value.replace(/^v1\./, "v2."), "7")).toThrow(/not in a known format/);
    expect(() => cipher.decrypt(`${value}.extra`, "7")).toThrow(/not in a known format/);
    expect(() => cipher.keyIdIn("plain-token")).toThrow(TokenDecryptionError);
    expect(cipher.keyIdIn(value)).toBe(keyIdOf(key));
  });

  it("When the key is rotated, then values written with a previous key still decrypt and new values use the current key", () => {
    const before = new TokenCipher(older);
    const written = before.encrypt("old-token", "5");
    const after = new TokenCipher(key, [older]);
    expect(after.currentKeyId).toBe(keyIdOf(key));
    expect(after.decrypt(written, "5")).toBe("old-token");
    expect(after.keyIdIn(after.encrypt("new-token", "5"))).toBe(keyIdOf(key));
  });

  it("When a value was written with a key that is neither current nor previous, then the error names both settings", () => {
    const written = new TokenCipher(older).encrypt("token", "5");
    expect(() => new TokenCipher(key).decrypt(written, "5")).toThrow(/TOKEN_ENCRYPTION_KEY nor in TOKEN_ENCRYPTION_KEYS_PREVIOUS/);
  });

  it("When the key is not 32 bytes, then the cipher is not made", () => {
    expect(() => new TokenCipher(Buffer.alloc(31))).toThrow(/32 bytes/);
    expect(() => new TokenCipher(Buffer.alloc(33))).toThrow(/32 bytes/);
  });

  it("A key's id is the first 8 bytes of its SHA-256 in hex, never the key", () => {
    const random = randomBytes(32);
    expect(keyIdOf(random)).toBe(createHash("sha256").update(random).digest("hex").slice(0, 16));
    expect(keyIdOf(random)).toHaveLength(16);
  });

  it("When a token holds characters outside ASCII, then it comes back unchanged", () => {
    const cipher = new TokenCipher(key);
    expect(cipher.decrypt(cipher.encrypt("tøken-✓", "9"), "9")).toBe("tøken-✓");
  });
});
