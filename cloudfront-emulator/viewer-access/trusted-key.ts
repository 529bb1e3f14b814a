// The public keys of a trusted key group. CloudFront accepts RSA 2048 and ECDSA P-256 keys for
// signed URLs and cookies (API reference, "PublicKey"), uploaded as SubjectPublicKeyInfo PEM.
import { createPublicKey, type KeyObject } from "node:crypto";

/** Undefined for a key CloudFront signs with (RSA 2048, ECDSA P-256); otherwise what the key is ("RSA 4096-bit"). */
export function unsupportedKeyKind(key: KeyObject): string | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "rsa") return details.modulusLength === 2048 ? undefined : `RSA ${details.modulusLength ?? "?"}-bit`;
  if (key.asymmetricKeyType === "ec") return details.namedCurve === "prime256v1" ? undefined : `EC ${details.namedCurve ?? "?"}`;
  return key.asymmetricKeyType ?? "unknown";
}

/** The public key in a PEM text, checked to be one CloudFront accepts; throws a one-line Error otherwise. */
export function trustedKeyFromPem(pem: string): KeyObject {
  if (/PRIVATE KEY-----/.test(pem)) throw new Error("this is a private key; a trusted key is the public key (public_key.pem)");
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: "pem" });
  } catch {
    throw new Error("not a PEM public key (expected -----BEGIN PUBLIC KEY-----)");
  }
  const unsupported = unsupportedKeyKind(key);
  if (unsupported !== undefined) throw new Error(`this is an ${unsupported} key; CloudFront accepts RSA 2048-bit and ECDSA P-256 keys`);
  return key;
}
