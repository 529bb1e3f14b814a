// The signature on a returned request, recomputed by aws4 (an independent implementation) over the
// canonical request the function logged at debug level: when they agree, the logged canonical
// request is the one that was signed, and a test can read what was signed from it.
import type { CloudFrontRequest } from "aws-lambda";
import aws4 from "aws4";
import { expect } from "vitest";
import { CREDENTIALS, value } from "./fixtures.ts";

/** Checks the signature against the logged canonical request, and returns its lines. */
export function signedCanonicalRequest(request: CloudFrontRequest, logs: ReadonlyArray<Record<string, unknown>>): string[] {
  const logged = logs.find((line) => typeof line.canonicalRequest === "string")?.canonicalRequest;
  expect(logged, "a debug log line with the canonical request").toBeTypeOf("string");
  const canonicalRequest = String(logged).replace("x-amz-security-token:<redacted>", `x-amz-security-token:${CREDENTIALS.sessionToken}`);
  const authorization = value(request, "authorization") ?? "";
  const [, region = "", service = ""] = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(authorization) ?? [];
  const signer = new aws4.RequestSigner({ service, region, host: "unused", path: "/" }, CREDENTIALS);
  signer.datetime = value(request, "x-amz-date") ?? "";
  signer.canonicalString = () => canonicalRequest;
  expect(authorization.split("Signature=")[1], "the signature aws4 computes over the logged canonical request").toBe(signer.signature());
  return canonicalRequest.split("\n");
}
