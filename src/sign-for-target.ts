import type { Credentials } from "./credentials.ts";
import { type Explanation, type RequestToSign, type SignedHeaders, signRequest } from "./signature.ts";
import type { SigningTarget } from "./signing-target.ts";
import { signRequestV4a } from "./sigv4a/sign.ts";

export interface TargetSignature extends SignedHeaders {
  /** SigV4A only: the X-Amz-Region-Set value that was signed, to be sent with the request. */
  readonly regionSet?: string;
  readonly explanation?: Explanation;
}

/**
 * The one place that picks the algorithm: SigV4 (@smithy/signature-v4) for the target's region,
 * or SigV4A (ECDSA P-256, src/sigv4a) for its region set. Both sign exactly the headers given,
 * with the canonical query built by query.ts, and explain themselves the same way.
 */
export function signForTarget(
  request: RequestToSign,
  target: SigningTarget,
  credentials: Credentials,
  signingDate: Date,
  explain: boolean,
): Promise<TargetSignature> {
  const { service, region, uriEscapePath } = target;
  return target.algorithm === "sigv4a"
    ? signRequestV4a(request, { service, uriEscapePath, regionSet: region }, credentials, signingDate, explain)
    : signRequest(request, { service, region, uriEscapePath }, credentials, signingDate, explain);
}
