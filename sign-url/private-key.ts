// The signer's private key: RSA 2048 or ECDSA P-256 (what CloudFront accepts), in PEM.
import { createPrivateKey, type KeyObject } from "node:crypto";
import { unsupportedKeyKind } from "../cloudfront-emulator/viewer-access/index.ts";
import { UsageError } from "./usage-error.ts";

export interface SigningKey {
  readonly kind: "RSA" | "ECDSA";
  /** The key re-encoded as PKCS#8 PEM, whatever PEM form it came in. Never print it. */
  readonly pkcs8Pem: string;
}

/** The private key in `pem` (PKCS#1, PKCS#8 or SEC1), checked; throws a UsageError that never quotes the key. */
export function signingKeyFromPem(pem: string): SigningKey {
  if (/ENCRYPTED PRIVATE KEY|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    throw new UsageError("--private-key is encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem)");
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    if (/-----BEGIN (RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(pem)) {
      throw new UsageError("--private-key is a public key; sign with the private key (private_key.pem from `npm run keys -- new`)");
    }
    throw new UsageError("--private-key is not a PEM private key (expected -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY)");
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    throw new UsageError("--private-key could not be read as an RSA or EC private key in PEM");
  }
  const unsupported = unsupportedKeyKind(key);
  if (unsupported !== undefined) throw new UsageError(`--private-key is an ${unsupported} key; CloudFront accepts RSA 2048-bit and ECDSA P-256 keys`);
  return { kind: key.asymmetricKeyType === "rsa" ? "RSA" : "ECDSA", pkcs8Pem: String(key.export({ type: "pkcs8", format: "pem" })) };
}
