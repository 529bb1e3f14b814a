// The SigV4A key of a caller, derived from its access key id and secret as AWS does, written
// here from the specification (NIST SP 800-108, KDF in counter mode, as aws-c-auth applies it)
// and nothing else: not the function's derivation (src/), not another signer's. Checked against
// the official vectors' public keys and against @smithy/signature-v4a's signatures
// (test/sigv4-oracle/sigv4a-key.test.ts).
import { createHash, createHmac, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import type { Credentials } from "./credentials.ts";

/** The SigV4A algorithm name: the KDF's label and the first word of Authorization. */
export const SIGV4A_ALGORITHM = "AWS4-ECDSA-P256-SHA256";

/** n, the order of the P-256 group (FIPS 186-4, D.1.2.3). */
const P256_ORDER = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
/** The derivation tries the counter bytes 1..254 (aws-c-auth's bound). */
const LAST_COUNTER = 254;

/** SP 800-108 counter mode, one 256-bit block: [i]₃₂ ‖ Label ‖ 0x00 ‖ Context ‖ [L]₃₂, with i = 1 and L = 256. */
function kdfBlock(key: Buffer, label: string, context: Buffer): Buffer {
  const i = Buffer.alloc(4);
  i.writeUInt32BE(1);
  const bits = Buffer.alloc(4);
  bits.writeUInt32BE(256);
  return createHmac("sha256", key)
    .update(Buffer.concat([i, Buffer.from(label, "ascii"), Buffer.alloc(1), context, bits]))
    .digest();
}

/**
 * The private scalar d: for counter = 1, 2, ... the block keyed by "AWS4A" + secret with the
 * context accessKeyId ‖ counter, read as a big-endian integer c; the first c ≤ n − 2 gives d = c + 1.
 */
export function sigV4aPrivateScalar({ accessKeyId, secretAccessKey }: Pick<Credentials, "accessKeyId" | "secretAccessKey">): Buffer {
  const key = Buffer.from(`AWS4A${secretAccessKey}`, "utf8");
  for (let counter = 1; counter <= LAST_COUNTER; counter++) {
    const context = Buffer.concat([Buffer.from(accessKeyId, "utf8"), Buffer.of(counter)]);
    const c = BigInt(`0x${kdfBlock(key, SIGV4A_ALGORITHM, context).toString("hex")}`);
    if (c <= P256_ORDER - 2n) return Buffer.from((c + 1n).toString(16).padStart(64, "0"), "hex");
  }
  throw new Error(`SigV4A key derivation: no P-256 scalar in ${LAST_COUNTER} counters`);
}

/** SEC 1 ECPrivateKey { version 1, privateKey d, parameters [0] prime256v1 } without the public point: OpenSSL computes it. */
function sec1PrivateKey(d: Buffer): Buffer {
  return Buffer.concat([Buffer.from("30310201010420", "hex"), d, Buffer.from("a00a06082a8648ce3d030107", "hex")]);
}

// Derived keys by a digest of the credentials (the secret is not kept as a map key). Bounded:
// an origin that learns callers (an STS stand-in) must not grow without limit.
const MAX_CACHED = 256;
const publicKeys = new Map<string, KeyObject>();

/** The caller's SigV4A public key (P-256), derived once per credentials and cached. */
export function sigV4aPublicKey(credentials: Pick<Credentials, "accessKeyId" | "secretAccessKey">): KeyObject {
  const id = createHash("sha256").update(credentials.accessKeyId).update("\0").update(credentials.secretAccessKey).digest("base64");
  let key = publicKeys.get(id);
  if (key === undefined) {
    key = createPublicKey(createPrivateKey({ key: sec1PrivateKey(sigV4aPrivateScalar(credentials)), format: "der", type: "sec1" }));
    if (publicKeys.size >= MAX_CACHED) publicKeys.delete(publicKeys.keys().next().value ?? "");
    publicKeys.set(id, key);
  }
  return key;
}
