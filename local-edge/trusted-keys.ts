// `--trusted-key public_key.pem:K2JCJMDEHXQW5F`: the local edge's trusted key group, read and
// checked at start (RSA 2048 or ECDSA P-256 public keys, as CloudFront takes them).
import type { KeyObject } from "node:crypto";
import { type TrustedKeys, trustedKeyFromPem } from "../cloudfront-emulator/viewer-access/index.ts";

const FIX = "give PUBLIC_KEY.pem:KEY_PAIR_ID, e.g. --trusted-key .edge-sigv4/keys/public_key.pem:K1LOCAL";

/**
 * The keys of `--trusted-key` values, by key pair id. `readText` reads a file (it throws an error
 * with a `code` such as ENOENT). Throws an Error whose message is the one line to print; it never
 * quotes the file's content.
 */
export function trustedKeysFromOptions(values: readonly string[], readText: (path: string) => string): TrustedKeys {
  const keys = new Map<string, KeyObject>();
  for (const value of values) {
    // The id follows the last ":", so that a path may hold colons of its own.
    const colon = value.lastIndexOf(":");
    const path = colon === -1 ? value : value.slice(0, colon);
    const id = colon === -1 ? "" : value.slice(colon + 1);
    if (path === "") throw new Error(`--trusted-key ${value}: no file before the ":": ${FIX}`);
    if (id === "") throw new Error(`--trusted-key ${value}: add the key pair id after a ":" (the --key-pair-id you sign with): ${FIX}`);
    if (!/^[A-Za-z0-9]+$/.test(id))
      throw new Error(`--trusted-key ${value}: the key pair id ${JSON.stringify(id)} is not letters and digits (like K2JCJMDEHXQW5F)`);
    let text: string;
    try {
      text = readText(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "a directory, not a file" : `cannot be read (${code ?? "error"})`;
      throw new Error(`--trusted-key ${path}: ${why} (npm run keys -- new --out DIR writes DIR/public_key.pem)`);
    }
    let key: KeyObject;
    try {
      key = trustedKeyFromPem(text);
    } catch (error) {
      throw new Error(`--trusted-key ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const known = keys.get(id);
    if (known && !known.equals(key)) throw new Error(`--trusted-key: key pair id ${id} is given twice, for two different keys`);
    keys.set(id, key);
  }
  return keys;
}
