// The one SigV4/SigV4A verifier of the project, from the wire: the origins of the local edge and
// the tests judge every signed request with it. Independent of the function (src/).
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
export { MAX_SKEW_MS } from "./scope-checks.ts";
export { type ServiceRules, serviceRules } from "./service-rules.ts";
export type { CredentialScope, SignatureInput, SignatureScheme, SigningAlgorithm } from "./signature-scheme.ts";
export { headersFromRaw, type SignedRequest, splitTarget } from "./signed-request.ts";
export { SIGV4, sigV4Signature } from "./sigv4.ts";
export { REGION_SET_HEADER, regionSetCovers, SIGV4A } from "./sigv4a.ts";
export { SIGV4A_ALGORITHM, sigV4aPrivateScalar, sigV4aPublicKey } from "./sigv4a-key.ts";
export { awsDecode, canonicalQuery, queryPairs, uriEncode } from "./uri-encoding.ts";
export { type Expectations, type Verdict, verifySignedRequest } from "./verify.ts";
