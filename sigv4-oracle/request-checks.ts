// The checks a service makes besides the signature itself: the session token, the payload
// header, which headers must be signed, and the SignedHeaders list.
import { timingSafeEqual } from "node:crypto";
import type { Credentials } from "./credentials.ts";
import { type Finding, finding, headersNotSigned, malformedAuthorization, unknownAccessKey } from "./findings.ts";
import type { ServiceRules } from "./service-rules.ts";
import type { SignedRequest } from "./signed-request.ts";

export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
export const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;
/** Headers every service wants signed when they are sent. */
const MUST_BE_SIGNED = ["host", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"];

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The session token belongs to the caller's temporary credentials, and only to them. */
export function checkSessionToken(request: SignedRequest, caller: Credentials, accessKeyId: string, rules: ServiceRules): Finding[] {
  const token = request.headers["x-amz-security-token"];
  if (caller.sessionToken !== undefined) {
    if (token === undefined) {
      const detail = "temporary credentials used without x-amz-security-token";
      return [
        rules.s3Codes
          ? unknownAccessKey(accessKeyId, detail)
          : finding("InvalidClientTokenId", 403, "The security token included in the request is invalid.", detail),
      ];
    }
    if (!same(token, caller.sessionToken)) {
      return [finding("InvalidToken", 400, "The provided token is malformed or otherwise invalid.", "x-amz-security-token is not the caller's session token")];
    }
  } else if (token !== undefined) {
    return [finding("InvalidToken", 400, "The provided token is malformed or otherwise invalid.", "x-amz-security-token sent with long-term credentials")];
  }
  return [];
}

/** The x-amz-content-sha256 header, as far as it can be judged before the signature. */
export function checkPayloadHeader(request: SignedRequest, service: string, rules: ServiceRules): Finding[] {
  const value = request.headers["x-amz-content-sha256"];
  if (value === undefined) {
    if (!rules.requiresContentSha256) return [];
    return [finding("InvalidRequest", 400, "Missing required header for this request: x-amz-content-sha256", `${service} requires x-amz-content-sha256`)];
  }
  if (value === UNSIGNED_PAYLOAD) {
    if (rules.acceptsUnsignedPayload) return [];
    return [
      finding(
        "InvalidSignatureException",
        403,
        "The request signature we calculated does not match the signature you provided.",
        `${service} does not accept UNSIGNED-PAYLOAD`,
      ),
    ];
  }
  if (value.startsWith("STREAMING-")) {
    return [
      finding(
        "NotImplemented",
        501,
        "A header you provided implies functionality that is not implemented",
        `x-amz-content-sha256 ${value.slice(0, 60)} (chunked signing) does not describe a plain body`,
        { Header: "x-amz-content-sha256" },
      ),
    ];
  }
  if (!HEX_SHA256.test(value)) {
    return [
      finding(
        "InvalidArgument",
        400,
        "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, or a valid sha256 value.",
        `x-amz-content-sha256 '${value.slice(0, 80)}' is not a SHA-256`,
        {
          ArgumentName: "x-amz-content-sha256",
          ArgumentValue: value.slice(0, 80),
        },
      ),
    ];
  }
  return [];
}

/**
 * Headers that were sent but not signed, where the service refuses that. `schemeHeaders` are
 * the signing algorithm's own (SigV4A's x-amz-region-set), which every service wants signed.
 */
export function checkUnsignedHeaders(
  request: SignedRequest,
  signed: ReadonlySet<string>,
  rules: ServiceRules,
  schemeHeaders: readonly string[] = [],
): Finding[] {
  const sent = Object.keys(request.headers);
  const unsigned = rules.refusesUnsignedAmzHeaders
    ? [...(signed.has("host") ? [] : ["host"]), ...sent.filter((name) => name.startsWith("x-amz-") && !signed.has(name))]
    : [...MUST_BE_SIGNED, ...schemeHeaders].filter((name) => (name === "host" || request.headers[name] !== undefined) && !signed.has(name));
  if (unsigned.length === 0) return [];
  const detail = rules.refusesUnsignedAmzHeaders
    ? `S3 refuses the unsigned header${unsigned.length > 1 ? "s" : ""} ${unsigned.map((n) => `'${n}'`).join(", ")}`
    : `${unsigned.join(", ")} ${unsigned.length > 1 ? "are" : "is"} not signed`;
  return [headersNotSigned(unsigned, detail)];
}

/** SignedHeaders: lower-case names, sorted, each once, each on the wire, never authorization. */
export function checkSignedHeaderList(request: SignedRequest, names: readonly string[]): { findings: Finding[]; absent: string[] } {
  const findings: Finding[] = [];
  const text = names.join(";");
  if (names.some((n) => n === "" || n !== n.toLowerCase()))
    findings.push(malformedAuthorization(`SignedHeaders '${text.slice(0, 200)}' is not a ';'-list of lower-case names`));
  if (new Set(names).size !== names.length) findings.push(malformedAuthorization("SignedHeaders lists a header twice"));
  if (text !== [...names].sort().join(";")) findings.push(malformedAuthorization("SignedHeaders is not sorted"));
  const mismatch = (detail: string): Finding =>
    finding(
      "SignatureDoesNotMatch",
      403,
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
      detail,
    );
  if (names.includes("authorization")) findings.push(mismatch("authorization cannot be a signed header"));
  const absent = names.filter((n) => n !== "" && request.headers[n] === undefined);
  for (const name of absent) findings.push(mismatch(`signed header '${name}' is not on the wire`));
  return { findings, absent };
}
