// The one SigV4 verifier of the project, from the wire: the origins of the local edge and the
// tests judge every signed request with it. Independent of the function (src/).
export { type AuthorizationHeader, parseAuthorization } from "./authorization.ts";
export {
  type CanonicalRequestParts,
  canonicalHeaderLine,
  canonicalRequest,
  canonicalUri,
  type PathRules,
  redactCanonicalRequest,
  sha256Hex,
  stringToSign,
} from "./canonical-request.ts";
export { type CredentialSource, type Credentials, credentialLookup } from "./credentials.ts";
export { describeFinding, type Finding } from "./findings.ts";
export { UNSIGNED_PAYLOAD } from "./request-checks.ts";
export { type ServiceRules, serviceRules } from "./service-rules.ts";
export type { CredentialScope, SignatureInput, SignatureScheme } from "./signature-scheme.ts";
export { headersFromRaw, type SignedRequest, splitTarget } from "./signed-request.ts";
export { SIGV4, sigV4Signature } from "./sigv4.ts";
export { awsDecode, canonicalQuery, queryPairs, uriEncode } from "./uri-encoding.ts";
export { type Expectations, MAX_SKEW_MS, type Verdict, verifySignedRequest } from "./verify.ts";
