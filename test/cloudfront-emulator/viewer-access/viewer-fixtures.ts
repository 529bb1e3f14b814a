// Keys and viewer requests for the viewer-access tests.
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import type { CloudFrontHeaders } from "aws-lambda";
import type { TrustedKeys, ViewerAccessRequest } from "../../../cloudfront-emulator/viewer-access/index.ts";

export interface TestKey {
  readonly id: string;
  /** PEM as the key's own tools write it: PKCS#1 for RSA, SEC1 for EC. */
  readonly privatePem: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function testKeys(): { rsa: TestKey; ecdsa: TestKey; stranger: TestKey } {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const ecdsa = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    rsa: { id: "K2RSAEXAMPLE", privatePem: String(rsa.privateKey.export({ type: "pkcs1", format: "pem" })), ...rsa },
    ecdsa: { id: "K3ECDSAEXAMPLE", privatePem: String(ecdsa.privateKey.export({ type: "sec1", format: "pem" })), ...ecdsa },
    stranger: { id: "K4STRANGER", privatePem: String(stranger.privateKey.export({ type: "pkcs1", format: "pem" })), ...stranger },
  };
}

/** The trusted key group: the given keys (not the stranger unless given). */
export function trustedKeys(...keys: TestKey[]): TrustedKeys {
  return new Map(keys.map((key) => [key.id, key.publicKey]));
}

/** A viewer request for the URL exactly as written (no normalization), as CloudFront would see it. */
export function viewerRequest(url: string, options: { clientIp?: string; cookie?: string; method?: string } = {}): ViewerAccessRequest {
  const match = /^(https?:\/\/[^/?]+)([^?]*)(?:\?(.*))?$/.exec(url);
  if (!match) throw new Error(`not an absolute URL: ${url}`);
  const headers: CloudFrontHeaders = { host: [{ key: "Host", value: new URL(url).host }] };
  if (options.cookie !== undefined) headers.cookie = [{ key: "Cookie", value: options.cookie }];
  return { method: options.method ?? "GET", uri: match[2] || "/", querystring: match[3] ?? "", headers, clientIp: options.clientIp ?? "192.0.2.10", url };
}

/** A viewer request carrying the cookies of `Set-Cookie: name=value; ...` lines (attributes dropped). */
export function cookieHeader(setCookieLines: string[]): string {
  return setCookieLines.map((line) => line.replace(/^Set-Cookie: /, "").split(";")[0]).join("; ");
}

/** The test's own signer, independent of sign-url: node:crypto over the exact policy bytes, CloudFront's base64. */
export function signWithNodeCrypto(key: TestKey, policy: string, hash: "sha1" | "sha256" = "sha1"): string {
  return cloudFrontBase64(sign(hash, Buffer.from(policy, "utf8"), key.privateKey));
}

export function cloudFrontBase64(bytes: Buffer | string): string {
  return Buffer.from(bytes).toString("base64").replaceAll("+", "-").replaceAll("=", "_").replaceAll("/", "~");
}
