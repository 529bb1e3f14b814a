// What CloudFront does with a viewer request to a cache behavior that has trusted key groups
// ("Restrict viewer access"): forward it only with a valid signed URL or signed cookies.
// Independent of any signer: it rebuilds canned policies and verifies with node:crypto.
import { constants, type KeyObject, verify } from "node:crypto";
import type { CloudFrontHeaders, CloudFrontResultResponse } from "aws-lambda";
import { type ViewerAccessErrorCode, viewerAccessErrorResponse } from "./error-response.ts";
import { ipv4InRange, viewerIpv4 } from "./ipv4-range.ts";
import { cannedPolicyDocument, type PolicyConditions, parseCustomPolicy } from "./policy-document.ts";
import { matchesResource } from "./resource-pattern.ts";
import { type SigningCredentials, signingCredentials, withoutSigningParameters } from "./signing-credentials.ts";
import { decodeCloudFrontBase64 } from "./url-safe-base64.ts";

/** The viewer's request as CloudFront receives it. */
export interface ViewerAccessRequest {
  readonly method: string;
  /** The path as sent on the wire (percent-encoded). */
  readonly uri: string;
  /** The raw query string, without "?" ("" when none). */
  readonly querystring: string;
  /** Lowercase names, CloudFront event style; `cookie` entries carry the viewer's cookies. */
  readonly headers: CloudFrontHeaders;
  readonly clientIp: string;
  /** The URL as CloudFront sees it: `https://<host><uri>`, plus `?<querystring>` when not empty. */
  readonly url: string;
}

/** The trusted key groups' public keys, by key pair id (the CloudFront public key id). */
export type TrustedKeys = ReadonlyMap<string, KeyObject>;

export interface ViewerAccessAllowed {
  readonly allowed: true;
  readonly via: "signed-url" | "signed-cookies";
  readonly policy: "canned" | "custom";
  readonly keyPairId: string;
  /** The request to forward: the signed-URL parameters removed from the query, the rest unchanged. */
  readonly forward: { readonly method: string; readonly uri: string; readonly querystring: string; readonly headers: CloudFrontHeaders };
}

export interface ViewerAccessRefused {
  readonly allowed: false;
  readonly code: ViewerAccessErrorCode;
  /** Why, for logs: never the signature, the policy or a cookie. */
  readonly reason: string;
  /** CloudFront's answer to the viewer: 403, text/xml, the error document. */
  readonly response: CloudFrontResultResponse;
}

export type ViewerAccessDecision = ViewerAccessAllowed | ViewerAccessRefused;

const refuse = (code: ViewerAccessErrorCode, reason: string): ViewerAccessRefused => ({
  allowed: false,
  code,
  reason,
  response: viewerAccessErrorResponse(code),
});

const HASHES: Readonly<Record<string, "sha1" | "sha256">> = { SHA1: "sha1", SHA256: "sha256" };

function signatureVerifies(key: KeyObject, hash: "sha1" | "sha256", document: Buffer, signature: Buffer): boolean {
  try {
    // ECDSA signatures are DER-encoded, as OpenSSL and the AWS SDKs write them.
    if (key.asymmetricKeyType === "ec") return verify(hash, document, { key, dsaEncoding: "der" }, signature);
    if (key.asymmetricKeyType === "rsa") return verify(hash, document, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    // A signature that is not even of the key's shape does not verify.
  }
  return false;
}

/** The policy the signature must cover and what it allows, or the refusal for a malformed one. */
function policyOf(credentials: SigningCredentials, resourceUrl: string): { document: Buffer; conditions: PolicyConditions } | ViewerAccessRefused {
  if (credentials.policy !== undefined) {
    const bytes = decodeCloudFrontBase64(credentials.policy);
    if (bytes === undefined) return refuse("MalformedPolicy", "the policy is not URL-safe base64");
    const parsed = parseCustomPolicy(bytes.toString("utf8"));
    if (!parsed.ok) return refuse("MalformedPolicy", parsed.problem);
    return { document: bytes, conditions: parsed.conditions };
  }
  if (credentials.expires === undefined) return refuse("MalformedPolicy", "neither Expires nor Policy");
  if (!/^\d{1,15}$/.test(credentials.expires)) return refuse("MalformedPolicy", "Expires is not a number of seconds");
  const expires = Number(credentials.expires);
  const document = Buffer.from(cannedPolicyDocument(resourceUrl, expires), "utf8");
  return { document, conditions: { resource: resourceUrl, dateLessThan: expires, dateGreaterThan: undefined, sourceIp: undefined } };
}

function conditionsRefusal(conditions: PolicyConditions, resourceUrl: string, clientIp: string, now: number): ViewerAccessRefused | undefined {
  if (conditions.resource !== undefined && !matchesResource(conditions.resource, resourceUrl))
    return refuse("AccessDenied", "the URL does not match the policy's Resource");
  if (!(now < conditions.dateLessThan)) return refuse("AccessDenied", `expired at ${new Date(conditions.dateLessThan * 1000).toISOString()}`);
  if (conditions.dateGreaterThan !== undefined && !(now > conditions.dateGreaterThan)) {
    return refuse("AccessDenied", `not valid before ${new Date(conditions.dateGreaterThan * 1000).toISOString()}`);
  }
  if (conditions.sourceIp !== undefined) {
    const address = viewerIpv4(clientIp);
    if (address === undefined || !ipv4InRange(address, conditions.sourceIp))
      return refuse("AccessDenied", `viewer ${clientIp} is not in ${conditions.sourceIp.cidr}`);
  }
  return undefined;
}

/**
 * CloudFront's decision for a request to a behavior restricted to `trustedKeys`, at `now` (Unix
 * epoch seconds). Checks in this order: a key pair id (MissingKey), a trusted one (InvalidKey), the
 * signature's encoding (MalformedSignature), the policy (MalformedPolicy), then the signature, the
 * Resource, the dates and the viewer's address (AccessDenied).
 */
export function checkViewerAccess(request: ViewerAccessRequest, trustedKeys: TrustedKeys, now: number): ViewerAccessDecision {
  const credentials = signingCredentials(request.querystring, request.headers);
  if (credentials?.keyPairId === undefined || credentials.keyPairId === "") return refuse("MissingKey", "no Key-Pair-Id in the query or cookies");
  const key = trustedKeys.get(credentials.keyPairId);
  if (key === undefined) return refuse("InvalidKey", `key pair id ${credentials.keyPairId} is not in a trusted key group`);
  const signature = credentials.signature === undefined ? undefined : decodeCloudFrontBase64(credentials.signature);
  if (signature === undefined) return refuse("MalformedSignature", "no Signature, or not URL-safe base64");
  const [base = "", query] = splitOnce(request.url, "?");
  const rest = query === undefined ? "" : withoutSigningParameters(query);
  const resourceUrl = rest === "" ? base : `${base}?${rest}`;
  const policy = policyOf(credentials, resourceUrl);
  if ("allowed" in policy) return policy;
  const hash = HASHES[credentials.hashAlgorithm ?? "SHA1"];
  if (hash === undefined) return refuse("AccessDenied", "Hash-Algorithm is neither SHA1 nor SHA256");
  if (!signatureVerifies(key, hash, policy.document, signature))
    return refuse("AccessDenied", `the signature does not verify with key ${credentials.keyPairId}`);
  const refusal = conditionsRefusal(policy.conditions, resourceUrl, request.clientIp, now);
  if (refusal !== undefined) return refusal;
  return {
    allowed: true,
    via: credentials.source === "url" ? "signed-url" : "signed-cookies",
    policy: credentials.policy === undefined ? "canned" : "custom",
    keyPairId: credentials.keyPairId,
    forward: { method: request.method, uri: request.uri, querystring: withoutSigningParameters(request.querystring), headers: request.headers },
  };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
