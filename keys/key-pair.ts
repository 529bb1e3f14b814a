// A new signing key pair for a CloudFront trusted key group: RSA 2048 (the default) or ECDSA P-256,
// the two kinds CloudFront accepts for signed URLs and cookies.
import { generateKeyPairSync } from "node:crypto";

export type KeyKind = "rsa" | "ecdsa";

export interface KeyPairPem {
  readonly kind: KeyKind;
  /** PKCS#8 PEM ("BEGIN PRIVATE KEY"), readable by OpenSSL, the AWS CLI, botocore and the SDKs. */
  readonly privateKeyPem: string;
  /** SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY"), what CloudFront's CreatePublicKey takes. */
  readonly publicKeyPem: string;
}

export const KEY_DESCRIPTIONS: Readonly<Record<KeyKind, string>> = { rsa: "RSA 2048", ecdsa: "ECDSA P-256" };

export function newKeyPair(kind: KeyKind): KeyPairPem {
  const publicKeyEncoding = { type: "spki", format: "pem" } as const;
  const privateKeyEncoding = { type: "pkcs8", format: "pem" } as const;
  const pair =
    kind === "rsa"
      ? generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 65537, publicKeyEncoding, privateKeyEncoding })
      : generateKeyPairSync("ec", { namedCurve: "P-256", publicKeyEncoding, privateKeyEncoding });
  return { kind, privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey };
}
