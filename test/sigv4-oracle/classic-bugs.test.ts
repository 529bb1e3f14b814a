// Each classic bug of edge signers is caught by the oracle on the wire request CloudFront sends
// (a fake function makes the bug; test/support/fake-function.ts). Each has a passing twin, here or
// in positive-controls.test.ts.

import type { CloudFrontRequestEvent } from "aws-lambda";
import { sign } from "aws4";
import { describe, expect, it } from "vitest";
import { buildWireRequest } from "../../cloudfront-emulator/index.ts";
import { sha256Hex, verifySignedRequest } from "../../sigv4-oracle/index.ts";
import { fakeFunction, run } from "../support/fake-function.ts";
import { AMZ_DATE, BUCKET_HOST, binary, CREDS, customOrigin, LAMBDA_HOST, makeEvent, s3Origin, truth } from "../support/oracle-events.ts";

describe("negative tests: each classic bug is caught", () => {
  const lambdaGet = (): CloudFrontRequestEvent => makeEvent({ origin: customOrigin(LAMBDA_HOST), uri: "/users/42" });
  const t = truth("lambda", "eu-west-1");

  it("signing Via (CloudFront rewrites it)", () => {
    const r = run(lambdaGet(), { service: "lambda", region: "eu-west-1", alsoSign: ["via"] }, t);
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toMatch(/SignatureDoesNotMatch/);
  });

  it("signing X-Forwarded-For (CloudFront appends the viewer IP)", () => {
    const r = run(lambdaGet(), { service: "lambda", region: "eu-west-1", alsoSign: ["x-forwarded-for"] }, t);
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toMatch(/SignatureDoesNotMatch/);
  });

  it("signing other headers is fine while they are unchanged (control for the two above)", () => {
    const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), headers: { "content-type": "application/json" } });
    expect(run(event, { service: "lambda", region: "eu-west-1", alsoSign: ["content-type"] }, t).errors).toEqual([]);
  });

  describe("hashing a UTF-8-decoded binary body", () => {
    const bytes = binary(2048);
    const body = { action: "read-only" as const, encoding: "base64" as const, inputTruncated: false, data: bytes.toString("base64") };

    it("S3 PUT: x-amz-content-sha256 is not the hash of the bytes", () => {
      const event = makeEvent({ origin: s3Origin(BUCKET_HOST), method: "PUT", uri: "/bin/blob.dat", body });
      const r = run(event, { service: "s3", region: "eu-west-1", payload: "utf8-decoded" }, truth("s3", "eu-west-1"));
      expect(r.ok).toBe(false);
      expect(r.errors.join("\n")).toMatch(/XAmzContentSHA256Mismatch/);
    });

    it("Lambda URL POST without x-amz-content-sha256: the origin hashes the real bytes", () => {
      const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), method: "POST", body });
      const r = run(event, { service: "lambda", region: "eu-west-1", payload: "utf8-decoded", sendContentSha: false }, t);
      expect(r.ok).toBe(false);
      expect(r.errors.join("\n")).toMatch(/SignatureDoesNotMatch/);
      // control: the same request hashed from the bytes passes
      expect(run(event, { service: "lambda", region: "eu-west-1", sendContentSha: false }, t).errors).toEqual([]);
    });
  });

  it("the wrong region for a legacy global S3 host whose bucket is in eu-west-1", () => {
    const event = makeEvent({ origin: s3Origin("eu-bucket.s3.amazonaws.com", "eu-west-1"), uri: "/a.txt" });
    const r = run(event, { service: "s3", region: "us-east-1" }, truth("s3", "eu-west-1"));
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toMatch(/AuthorizationHeaderMalformed: the region 'us-east-1' is wrong; expecting 'eu-west-1'/);
  });

  it("an unsigned x-amz-cf-id on an S3 REST endpoint used as a custom origin", () => {
    const event = makeEvent({ origin: customOrigin(BUCKET_HOST), uri: "/index.html" });
    const r = run(event, { service: "s3", region: "eu-west-1", signCfId: false }, truth("s3", "eu-west-1"));
    expect(r.ok).toBe(false);
    expect(r.errors).toContain("HeadersNotSigned: S3 refuses the unsigned header 'x-amz-cf-id'");
  });

  it("an unsigned viewer x-amz-acl forwarded to S3", () => {
    const event = makeEvent({ origin: s3Origin(BUCKET_HOST), method: "PUT", uri: "/u.txt", headers: { "x-amz-acl": "public-read" } });
    const r = run(event, { service: "s3", region: "eu-west-1" }, truth("s3", "eu-west-1"));
    expect(r.ok).toBe(false);
    expect(r.errors).toContain("HeadersNotSigned: S3 refuses the unsigned header 'x-amz-acl'");
  });

  it("a viewer-supplied wrong x-amz-content-sha256 trusted by the signer (aws4 trusts it too)", () => {
    const body = '{"amount":100}';
    const viewerSha = sha256Hex('{"amount":1}');
    const event = makeEvent({
      origin: customOrigin(LAMBDA_HOST),
      method: "POST",
      uri: "/pay",
      headers: { "x-amz-content-sha256": viewerSha, "content-type": "application/json" },
      body: { action: "read-only", encoding: "text", inputTruncated: false, data: body },
    });
    const result = structuredClone(event.Records[0]!.cf.request);
    const signed = sign(
      {
        host: LAMBDA_HOST,
        path: "/pay",
        method: "POST",
        service: "lambda",
        region: "eu-west-1",
        headers: { "x-amz-content-sha256": viewerSha, "X-Amz-Date": AMZ_DATE },
        body,
      },
      CREDS,
    );
    for (const [k, v] of Object.entries(signed.headers ?? {})) result.headers[k.toLowerCase()] = [{ key: k, value: String(v) }];
    const r = verifySignedRequest(buildWireRequest(event, result), t);
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toMatch(/XAmzContentSHA256Mismatch/);
  });

  describe("hashing only the first 1 MB of a truncated body", () => {
    const full = binary(3 * 1024 * 1024, 11);
    const body = { action: "read-only" as const, encoding: "base64" as const, inputTruncated: true, data: full.subarray(0, 1024 * 1024).toString("base64") };

    it("S3 PUT", () => {
      const event = makeEvent({ origin: s3Origin(BUCKET_HOST), method: "PUT", uri: "/big.bin", body });
      const r = run(event, { service: "s3", region: "eu-west-1", payload: "event-bytes" }, truth("s3", "eu-west-1"), full);
      expect(r.ok).toBe(false);
      expect(r.errors.join("\n")).toMatch(/XAmzContentSHA256Mismatch/);
    });

    it("Lambda URL POST", () => {
      const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), method: "POST", body });
      const r = run(event, { service: "lambda", region: "eu-west-1", payload: "event-bytes" }, t, full);
      expect(r.ok).toBe(false);
      expect(r.errors.join("\n")).toMatch(/XAmzContentSHA256Mismatch/);
    });
  });

  it("UNSIGNED-PAYLOAD towards a Lambda function URL", () => {
    const event = makeEvent({
      origin: customOrigin(LAMBDA_HOST),
      method: "POST",
      body: { action: "read-only", encoding: "text", inputTruncated: false, data: "{}" },
    });
    const r = run(event, { service: "lambda", region: "eu-west-1", payload: "unsigned" }, t);
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toMatch(/does not accept UNSIGNED-PAYLOAD/);
  });

  it("double-encoding an S3 path / single-encoding a non-S3 path", () => {
    const s3Event = makeEvent({ origin: s3Origin(BUCKET_HOST), uri: "/a%20b.txt" });
    expect(run(s3Event, { service: "s3", region: "eu-west-1", uriRules: "double-on-s3" }, truth("s3", "eu-west-1")).ok).toBe(false);
    const lambdaEvent = makeEvent({ origin: customOrigin(LAMBDA_HOST), uri: "/a%20b" });
    expect(run(lambdaEvent, { service: "lambda", region: "eu-west-1", uriRules: "single-on-non-s3" }, t).ok).toBe(false);
  });

  it("the query put into the path", () => {
    const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), uri: "/search", querystring: "q=shoes" });
    expect(run(event, { service: "lambda", region: "eu-west-1", queryInPath: true }, t).ok).toBe(false);
  });

  it("raw '[' ']' left in a Lambda URL query", () => {
    const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), uri: "/", querystring: "filter[status]=open" });
    const result = fakeFunction(event, { service: "lambda", region: "eu-west-1" });
    // signed correctly (%5B %5D in the canonical query), but the raw brackets stay on the wire
    const r = verifySignedRequest(buildWireRequest(event, result), t);
    expect(r.errors).toEqual(["BadRequest: Lambda function URLs reject raw '[' or ']' in the query string"]);
    // control: the same query written back in RFC 3986 form passes
    result.querystring = "filter%5Bstatus%5D=open";
    expect(verifySignedRequest(buildWireRequest(event, result), t).errors).toEqual([]);
  });

  it("signing the distribution's domain as Host (AllViewer policy)", () => {
    const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), headers: { host: "d3k9x2q7w1m4z8.cloudfront.net" } });
    // CloudFront sends the Host the function returns: the function URL, which answers to its own
    // name only, refuses the distribution's.
    const r = run(event, { service: "lambda", region: "eu-west-1", signHost: "d3k9x2q7w1m4z8.cloudfront.net" }, { ...t, host: LAMBDA_HOST });
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toMatch(/WrongHost/);
  });

  it("a stale x-amz-date, a missing or foreign session token, a wrong key, a wrong service", () => {
    const stale = run(lambdaGet(), { service: "lambda", region: "eu-west-1", amzDate: "20261122T113000Z" }, t);
    expect(stale.errors.join("\n")).toMatch(/RequestTimeTooSkewed/);
    const noToken = run(lambdaGet(), { service: "lambda", region: "eu-west-1", sessionToken: null }, t);
    expect(noToken.errors.join("\n")).toMatch(/InvalidClientTokenId/);
    const foreign = run(lambdaGet(), { service: "lambda", region: "eu-west-1", sessionToken: "viewer-chosen-token" }, t);
    expect(foreign.errors.join("\n")).toMatch(/InvalidToken/);
    expect(foreign.errors.join("\n")).not.toContain(CREDS.sessionToken);
    const wrongKey = run(lambdaGet(), { service: "lambda", region: "eu-west-1" }, { ...t, credentials: { ...CREDS, secretAccessKey: "another/secret" } });
    expect(wrongKey.errors.join("\n")).toMatch(/SignatureDoesNotMatch/);
    const wrongService = run(lambdaGet(), { service: "execute-api", region: "eu-west-1" }, t);
    expect(wrongService.errors.join("\n")).toMatch(/credential scope service 'execute-api' is wrong/);
  });

  it("a signed header that does not reach the origin", () => {
    const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), headers: { "x-custom": "1" } });
    const result = fakeFunction(event, { service: "lambda", region: "eu-west-1", alsoSign: ["x-custom"] });
    delete result.headers["x-custom"];
    const r = verifySignedRequest(buildWireRequest(event, result), t);
    expect(r.errors).toContain("SignatureDoesNotMatch: signed header 'x-custom' is not on the wire");
  });

  it("S3 and aoss refuse a request without x-amz-content-sha256", () => {
    const event = makeEvent({ origin: customOrigin("abc123def456.us-east-1.aoss.amazonaws.com"), method: "GET", uri: "/movies/_search" });
    const r = run(event, { service: "aoss", region: "us-east-1", sendContentSha: false }, truth("aoss", "us-east-1"));
    expect(r.errors.join("\n")).toMatch(/aoss requires x-amz-content-sha256/);
  });

  it("no Authorization at all", () => {
    const event = lambdaGet();
    const r = verifySignedRequest(buildWireRequest(event, structuredClone(event.Records[0]!.cf.request)), t);
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatch(/MissingAuthenticationToken/);
  });
});
