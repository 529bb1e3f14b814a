import { createECDH, createHmac, createPrivateKey, type KeyObject } from "node:crypto";
import { ALGORITHM_IDENTIFIER_V4A } from "@smithy/signature-v4";
import type { Credentials } from "../credentials.ts";

type KeyCredentials = Pick<Credentials, "accessKeyId" | "secretAccessKey">;

/** Order of the P-256 group. A private key is an integer in [1, n-1]. */
const CURVE_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
/** aws-c-auth gives up after this many candidates (the chance of ever needing a second is about 2^-32). */
const MAX_COUNTER = 254;

/**
 * The SigV4A private scalar of a set of credentials (aws-c-auth `key_derivation.c`): NIST SP
 * 800-108 KDF in counter mode with HMAC-SHA256 keyed by "AWS4A" + secret, one 256-bit block:
 *
 *   candidate = HMAC(key, 0x00000001 || "AWS4-ECDSA-P256-SHA256" || 0x00 || accessKeyId || counter || 0x00000100)
 *
 * with counter = 1, 2, ... (one byte) until candidate <= n - 2; the scalar is candidate + 1.
 * The input is rebuilt for each counter (aws-c-auth does; @smithy/signature-v4a appends to the
 * previous attempt's input, which differs only in the ~2^-32 case of a second attempt).
 * Depends on nothing but the credentials: no date, region or service.
 */
function deriveSigV4aScalar({ accessKeyId, secretAccessKey }: KeyCredentials): Buffer {
  const hmacKey = Buffer.from(`AWS4A${secretAccessKey}`, "utf8");
  const prefix = Buffer.concat([Buffer.of(0, 0, 0, 1), Buffer.from(ALGORITHM_IDENTIFIER_V4A, "latin1"), Buffer.of(0), Buffer.from(accessKeyId, "utf8")]);
  for (let counter = 1; counter <= MAX_COUNTER; counter++) {
    const fixedInput = Buffer.concat([prefix, Buffer.of(counter, 0, 0, 1, 0)]);
    const candidate = BigInt(`0x${createHmac("sha256", hmacKey).update(fixedInput).digest("hex")}`);
    if (candidate <= CURVE_ORDER - 2n) return Buffer.from((candidate + 1n).toString(16).padStart(64, "0"), "hex");
  }
  throw new Error(`SigV4A key derivation found no valid P-256 scalar in ${MAX_COUNTER} attempts`);
}

/** The SigV4A signing key of a set of credentials, as a node:crypto P-256 private key. */
export function deriveSigV4aKey(credentials: KeyCredentials): KeyObject {
  const d = deriveSigV4aScalar(credentials);
  // JWK needs the public point too: the scalar multiplication is OpenSSL's (ECDH computes it).
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey(); // 0x04 || X || Y, 32 bytes each
  return createPrivateKey({
    format: "jwk",
    key: {
      kty: "EC",
      crv: "P-256",
      d: d.toString("base64url"),
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33, 65).toString("base64url"),
    },
  });
}

// A container signs with its execution role's credentials and, for origins in other accounts,
// with each assumed role's: a few sets, used in turn. Each keeps its key (derived on first use)
// while it stays among the most recent MAX_KEYS, so alternating origins never derive again.
const MAX_KEYS = 8;
const keys = new Map<string, KeyObject>();

/** The SigV4A key for these credentials, derived once and reused while they stay in use. */
export function sigV4aKeyFor(credentials: KeyCredentials): KeyObject {
  // An access key id never holds a newline: the pair is unambiguous.
  const id = `${credentials.accessKeyId}\n${credentials.secretAccessKey}`;
  let key = keys.get(id);
  if (key) {
    keys.delete(id); // re-inserted below: the Map's order is the order of use
  } else {
    key = deriveSigV4aKey(credentials);
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value as string);
  }
  keys.set(id, key);
  return key;
}
