// Signing with @aws-sdk/cloudfront-signer, which covers canned and custom policies, SHA1/SHA256
// (Hash-Algorithm), RSA and (through node:crypto's createSign) ECDSA keys, IPv4 ranges, and the
// URL-safe base64. What it lacks: a Resource other than the URL itself (wildcards), for which the
// policy is built here and handed to it whole.
import { getSignedCookies, getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { customPolicyJson } from "./custom-policy.ts";
import type { SigningKey } from "./private-key.ts";

export type HashAlgorithm = "SHA1" | "SHA256";

export interface SignRequest {
  /** Absolute http(s) URL, already checked (checkedTargetUrl). */
  readonly url: string;
  readonly keyPairId: string;
  readonly key: SigningKey;
  /** Unix seconds. */
  readonly expires: number;
  readonly notBefore?: number | undefined;
  /** IPv4 CIDR, with its prefix length. */
  readonly sourceIp?: string | undefined;
  /** A Resource pattern for the custom policy; the URL itself when absent. */
  readonly resource?: string | undefined;
  readonly hashAlgorithm: HashAlgorithm;
}

export interface SignedUrl {
  readonly signedUrl: string;
  /** The URL the signature covers: the signed URL without the signing parameters. */
  readonly baseUrl: string;
  readonly policy: "canned" | "custom";
}

/** The cookies, in the order CloudFront's guide lists them: Policy or Expires, Signature, Key-Pair-Id, Hash-Algorithm. */
export type SignedCookies = ReadonlyArray<readonly [name: string, value: string]>;

const COOKIE_ORDER = ["CloudFront-Policy", "CloudFront-Expires", "CloudFront-Signature", "CloudFront-Key-Pair-Id", "CloudFront-Hash-Algorithm"];

const isCustom = (request: SignRequest): boolean => request.notBefore !== undefined || request.sourceIp !== undefined || request.resource !== undefined;

const seconds = (unix: number): Date => new Date(unix * 1000);

function sdkInput(request: SignRequest) {
  const credentials = { keyPairId: request.keyPairId, privateKey: request.key.pkcs8Pem, algorithm: request.hashAlgorithm };
  if (request.resource !== undefined) {
    const policy = customPolicyJson({
      resource: request.resource,
      dateLessThan: request.expires,
      dateGreaterThan: request.notBefore,
      sourceIp: request.sourceIp,
    });
    return { ...credentials, url: request.url, policy };
  }
  return {
    ...credentials,
    url: request.url,
    dateLessThan: seconds(request.expires),
    ...(request.notBefore === undefined ? {} : { dateGreaterThan: seconds(request.notBefore) }),
    ...(request.sourceIp === undefined ? {} : { ipAddress: request.sourceIp }),
  };
}

/** A signed URL. The SDK percent-encodes the path and query its own way; baseUrl is what it signed. */
export function signUrl(request: SignRequest): SignedUrl {
  const signedUrl = getSignedUrl(sdkInput(request));
  const marker = /[?&](?:Expires|Policy)=/.exec(signedUrl);
  const baseUrl = marker === null ? signedUrl : signedUrl.slice(0, marker.index);
  return { signedUrl, baseUrl, policy: isCustom(request) ? "custom" : "canned" };
}

/** Signed cookies for the URL (canned: that URL only) or the Resource pattern (custom). */
export function signCookies(request: SignRequest): SignedCookies {
  const cookies: Record<string, string | number | undefined> = { ...getSignedCookies(sdkInput(request)) };
  return COOKIE_ORDER.flatMap((name) => {
    const value = cookies[name];
    return value === undefined ? [] : [[name, String(value)] as const];
  });
}
