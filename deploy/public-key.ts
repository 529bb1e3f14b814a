// The --public-key file, checked on this machine before any AWS call: one PEM
// SubjectPublicKeyInfo ("BEGIN PUBLIC KEY") holding an RSA 2048 or ECDSA P-256 key, the kinds
// CloudFront accepts for signed URLs and cookies. A private key is refused without being echoed.
import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { UsageError } from "./errors.ts";

export type LocalPublicKey = {
  path: string;
  /** The key as CloudFront gets it (EncodedKey): canonical PEM, whatever the file's line endings. */
  pem: string;
  /** SHA-256 of the DER SubjectPublicKeyInfo, hex: how the same key is recognised in CloudFront. */
  fingerprint: string;
  kind: "RSA 2048" | "ECDSA P-256";
};

const der = (key: KeyObject): Buffer => key.export({ type: "spki", format: "der" });

/** Parses and checks the key file's text. Throws UsageError naming the file, never its content. */
export function parsePublicKey(text: string, path: string): LocalPublicKey {
  const make = `openssl pkey -in PRIVATE.pem -pubout -out public.pem`;
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new UsageError(`--public-key ${path} holds a private key: give its public half (${make}); the private key stays with whoever signs the URLs`);
  }
  if (text.includes("-----BEGIN RSA PUBLIC KEY-----")) {
    throw new UsageError(
      `--public-key ${path} is a PKCS#1 RSA public key (BEGIN RSA PUBLIC KEY): CloudFront takes BEGIN PUBLIC KEY: openssl rsa -RSAPublicKey_in -in ${path} -pubout -out public.pem`,
    );
  }
  if (text.includes("-----BEGIN CERTIFICATE-----")) {
    throw new UsageError(`--public-key ${path} is a certificate: give its public key (openssl x509 -in ${path} -pubkey -noout > public.pem)`);
  }
  const blocks = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? [];
  if (blocks.length !== 1) {
    const what = blocks.length === 0 ? "is not a PEM public key (-----BEGIN PUBLIC KEY-----)" : `holds ${blocks.length} public keys`;
    throw new UsageError(`--public-key ${path} ${what}: give one RSA 2048 or ECDSA P-256 public key in PEM (${make})`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: blocks[0] ?? "", format: "pem", type: "spki" });
  } catch {
    throw new UsageError(`--public-key ${path} is not a readable PEM public key (its base64 or structure is damaged): export it again (${make})`);
  }
  const details = key.asymmetricKeyDetails ?? {};
  let kind: LocalPublicKey["kind"];
  if (key.asymmetricKeyType === "rsa" && details.modulusLength === 2048) kind = "RSA 2048";
  else if (key.asymmetricKeyType === "ec" && details.namedCurve === "prime256v1") kind = "ECDSA P-256";
  else {
    const found =
      key.asymmetricKeyType === "rsa"
        ? `an RSA ${details.modulusLength}-bit key`
        : key.asymmetricKeyType === "ec"
          ? `an EC key on ${details.namedCurve}`
          : `a key of type ${key.asymmetricKeyType}`;
    throw new UsageError(
      `--public-key ${path} is ${found}: CloudFront takes RSA 2048 or ECDSA P-256 keys (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out private.pem, then ${make})`,
    );
  }
  const pem = String(key.export({ type: "spki", format: "pem" }));
  return { path, pem, fingerprint: createHash("sha256").update(der(key)).digest("hex"), kind };
}

/** Reads and checks the file. Throws UsageError. */
export function readPublicKey(path: string): LocalPublicKey {
  let text: string;
  try {
    text = readFileSync(path, "latin1");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--public-key ${path} ${code === "ENOENT" ? "does not exist" : `cannot be read (${code})`}: give the PEM file of the public key`);
  }
  return parsePublicKey(text, path);
}

/** Is this EncodedKey (as ListPublicKeys returns it) the same key, whatever its PEM formatting? */
export function isSameKey(encodedKey: string | undefined, key: LocalPublicKey): boolean {
  if (!encodedKey) return false;
  try {
    return (
      createHash("sha256")
        .update(der(createPublicKey({ key: encodedKey, format: "pem" })))
        .digest("hex") === key.fingerprint
    );
  } catch {
    return false;
  }
}

/** The name the deploy gives the key in CloudFront: the group's name and the key's fingerprint. */
export const publicKeyName = (keyGroup: string, key: LocalPublicKey): string => `${keyGroup}-${key.fingerprint.slice(0, 16)}`;
