// Before anything is timed, each signer (ours and every reference) runs once on each of its
// cases and its result is judged as the origin would judge it: the request CloudFront would
// put on the wire (cloudfront-emulator/) verified by the project's oracle (sigv4-oracle/). A
// signer whose signature does not verify gets no numbers.
//
// Not imported by child.ts: the cold-start child must not load node:crypto before its clock.
import type { CloudFrontRequestEvent } from "aws-lambda";
import { buildWireRequest } from "../cloudfront-emulator/index.ts";
import { type SigningAlgorithm, verifySignedRequest } from "../sigv4-oracle/index.ts";
import { BENCH_CREDENTIALS, cloneEvent, describeResult, type Handler, isSigned } from "./events.ts";

/** What the case's origin requires of a request. */
export interface OriginExpectation {
  readonly service: string;
  /** The region the origin serves in (a SigV4A region set must include it). */
  readonly region: string;
  readonly algorithm: SigningAlgorithm;
}

/** What one run of a signer on one case gave. */
export type CaseCheck =
  | { readonly kind: "signed" }
  /** No Authorization of the case's scheme: a generated response, or the request left unsigned. */
  | { readonly kind: "not-signed"; readonly what: string }
  /** Signed, but the origin would refuse it. */
  | { readonly kind: "refused"; readonly why: string };

const CALLER = {
  accessKeyId: BENCH_CREDENTIALS.AWS_ACCESS_KEY_ID ?? "",
  secretAccessKey: BENCH_CREDENTIALS.AWS_SECRET_ACCESS_KEY ?? "",
  sessionToken: BENCH_CREDENTIALS.AWS_SESSION_TOKEN,
};

/** Runs `handler` once on a copy of `event` and judges what it returned. */
export async function checkSigner(handler: Handler, event: CloudFrontRequestEvent, algorithm: string, origin: OriginExpectation): Promise<CaseCheck> {
  const before = cloneEvent(event);
  const result = await handler(cloneEvent(event));
  if (!isSigned(result, algorithm)) return { kind: "not-signed", what: describeResult(result, algorithm) };
  const wire = buildWireRequest(before, result);
  const verdict = verifySignedRequest(wire, { ...origin, credentials: CALLER, now: new Date() });
  return verdict.ok ? { kind: "signed" } : { kind: "refused", why: verdict.errors[0] ?? "refused" };
}
