// The origin's side of SigV4A, independent of src/: the request CloudFront would put on the wire
// (the CloudFront emulator) judged by the project's wire oracle (sigv4-oracle/, which derives the
// SigV4A key from the spec and verifies the DER ECDSA signature), with the region set the origin
// must see. A SigV4A signature is randomized: it can be verified, never recomputed.
import type { CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import { buildWireRequest, originHost, type WireRequest } from "../../cloudfront-emulator/index.ts";
import { verifySignedRequest } from "../../sigv4-oracle/index.ts";
import type { Credentials } from "../../src/credentials.ts";

export interface SigV4aTruth {
  readonly service: string;
  /** The X-Amz-Region-Set the origin must see, signed (`*`, `eu-west-1,us-east-1`). */
  readonly regionSet: string;
  readonly credentials: Credentials;
  readonly now: Date;
  readonly host?: string;
}

export interface SigV4aVerdict {
  readonly errors: string[];
  readonly canonicalRequest?: string;
  readonly signedHeaders: readonly string[];
}

/** Would an origin that expects SigV4A for `service` and `regionSet` accept this wire request? */
export async function verifySigV4aWire(wire: WireRequest, truth: SigV4aTruth): Promise<SigV4aVerdict> {
  // The origin serves in one region that the signed set must cover: the set's first, or any for `*`.
  const region = truth.regionSet === "*" ? "us-east-1" : (truth.regionSet.split(",")[0] ?? "");
  const verdict = verifySignedRequest(wire, {
    service: truth.service,
    region,
    algorithm: "sigv4a",
    credentials: truth.credentials,
    now: truth.now,
    ...(truth.host ? { host: truth.host } : {}),
  });
  const errors = [...verdict.errors];
  if (wire.headers["x-amz-region-set"] !== truth.regionSet) errors.push(`region set '${wire.headers["x-amz-region-set"]}', expecting '${truth.regionSet}'`);
  return { errors, signedHeaders: verdict.signedHeaders ?? [], ...(verdict.canonicalRequest ? { canonicalRequest: verdict.canonicalRequest } : {}) };
}

/** The request the handler returned, put on the wire as CloudFront would, then verified as SigV4A. */
export function verifySigV4aResult(original: CloudFrontRequestEvent, result: CloudFrontRequest, truth: Omit<SigV4aTruth, "host">): Promise<SigV4aVerdict> {
  const origin = original.Records[0]?.cf.request.origin;
  if (!origin) throw new Error("the event has no origin");
  return verifySigV4aWire(buildWireRequest(original, result), { ...truth, host: originHost(origin) });
}
