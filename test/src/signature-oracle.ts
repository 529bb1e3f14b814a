// The signature on a returned request, recomputed by aws4 (an independent implementation) over the
// canonical request the function logged at debug level: when they agree, the logged canonical
// request is the one that was signed, and a test can read what was signed from it.
import type { CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import aws4 from "aws4";
import { expect } from "vitest";
import { buildWireRequest, originHost } from "../../cloudfront-emulator/index.ts";
import { verifySignedRequest } from "../../sigv4-oracle/index.ts";
import type { Credentials } from "../../src/credentials.ts";
import { CREDENTIALS, NOW, value } from "./fixtures.ts";

/**
 * Checks the signature against the logged canonical request, and returns its lines. The log masks
 * credentials: the session token is put back, and so is each `[masked, real]` text in `unmask`
 * (the caller knows what it sent, e.g. `["Signature=<redacted>", "Signature=abc"]`).
 */
export function signedCanonicalRequest(
  request: CloudFrontRequest,
  logs: ReadonlyArray<Record<string, unknown>>,
  unmask: ReadonlyArray<readonly [masked: string, real: string]> = [],
): string[] {
  const logged = logs.find((line) => typeof line.canonicalRequest === "string")?.canonicalRequest;
  expect(logged, "a debug log line with the canonical request").toBeTypeOf("string");
  let canonicalRequest = String(logged).replace("x-amz-security-token:<redacted>", `x-amz-security-token:${CREDENTIALS.sessionToken}`);
  for (const [masked, real] of unmask) {
    expect(canonicalRequest, `the logged canonical request masks ${real}`).toContain(masked);
    canonicalRequest = canonicalRequest.replace(masked, real);
  }
  const authorization = value(request, "authorization") ?? "";
  const [, region = "", service = ""] = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(authorization) ?? [];
  const signer = new aws4.RequestSigner({ service, region, host: "unused", path: "/" }, CREDENTIALS);
  signer.datetime = value(request, "x-amz-date") ?? "";
  signer.canonicalString = () => canonicalRequest;
  expect(authorization.split("Signature=")[1], "the signature aws4 computes over the logged canonical request").toBe(signer.signature());
  return canonicalRequest.split("\n");
}

/** The returned request on the wire (the CloudFront emulator), verified by the wire oracle as a SigV4 origin holding `credentials` would. */
export function sigV4Errors(
  original: CloudFrontRequestEvent,
  result: CloudFrontRequest,
  service: string,
  region: string,
  credentials: Credentials,
  now: Date = NOW,
): string[] {
  const origin = original.Records[0]?.cf.request.origin;
  if (!origin) throw new Error("the event has no origin");
  return [...verifySignedRequest(buildWireRequest(original, result), { service, region, credentials, now, host: originHost(origin) }).errors];
}
