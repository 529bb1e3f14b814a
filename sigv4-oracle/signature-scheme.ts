// A signing algorithm, as the verifier sees it: SigV4 (HMAC-SHA256) is sigv4.ts, SigV4A
// (ECDSA P-256, region set in a signed header) is sigv4a.ts; both are registered in verify.ts's
// SCHEMES. Everything else (canonical request, string to sign, dates, tokens, payload and
// header rules) is shared.
import type { Finding } from "./findings.ts";
import type { SignedRequest } from "./signed-request.ts";

/** The Credential scope after the access key id. */
export interface CredentialScope {
  /** `yyyymmdd`. */
  readonly date: string;
  /** The region of a SigV4 scope; a SigV4A scope has none. */
  readonly region?: string;
  readonly service: string;
  /** `aws4_request`. */
  readonly terminator: string;
  /** The scope as written in Credential (after the access key id), as it goes into the string to sign. */
  readonly text: string;
}

export interface SignatureInput {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly scope: CredentialScope;
  readonly stringToSign: string;
  /** The Signature component of the Authorization header. */
  readonly signature: string;
}

/** The signing protocols the oracle knows, as an origin names the one it requires. */
export type SigningAlgorithm = "sigv4" | "sigv4a";

export interface SignatureScheme {
  readonly name: SigningAlgorithm;
  /** The first word of the Authorization header (`AWS4-HMAC-SHA256`). */
  readonly algorithm: string;
  /** Reads the scope parts after the access key id, or says why they are malformed. */
  /** Headers that must be signed when they are sent, besides those every service wants signed. */
  readonly mustBeSigned: readonly string[];
  readScope(parts: readonly string[]): CredentialScope | Finding;
  /** The region check: the scope's region (SigV4), or the signed region set (SigV4A). */
  checkRegion(scope: CredentialScope, request: SignedRequest, region: string): Finding[];
  /** True when the signature is valid for the string to sign and the caller's key. */
  verify(input: SignatureInput): boolean;
}
