// CloudFront's validation of an origin-request function's result: what it forwards, what it
// answers itself, and what it refuses with a 502 (the wording CloudFront uses, from real
// distributions' error pages).
import type { CloudFrontRequest } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { customOrigin, VALIDATION_MESSAGES, validateFunctionResult } from "../../cloudfront-emulator/index.ts";

const ORIGINAL: CloudFrontRequest = {
  clientIp: "203.0.113.178",
  method: "GET",
  uri: "/a",
  querystring: "",
  headers: {
    host: [{ key: "Host", value: "example.org" }],
    via: [{ key: "Via", value: "1.1 abc.cloudfront.net (CloudFront)" }],
    "accept-encoding": [{ key: "Accept-Encoding", value: "gzip" }],
  },
  origin: customOrigin({ domainName: "example.org", port: 443, protocol: "https" }),
};

function judge(change: (request: Record<string, unknown> & CloudFrontRequest) => unknown): ReturnType<typeof validateFunctionResult> {
  const copy = structuredClone(ORIGINAL) as Record<string, unknown> & CloudFrontRequest;
  return validateFunctionResult(ORIGINAL, JSON.stringify(change(copy) ?? copy));
}

describe("validateFunctionResult", () => {
  it("forwards the request unchanged or with added headers; method and clientIp stay CloudFront's", () => {
    expect(judge(() => undefined).kind).toBe("request");
    const verdict = judge((r) => {
      r.headers.authorization = [{ key: "Authorization", value: "AWS4-HMAC-SHA256 ..." }];
      return { ...r, method: "DELETE" };
    });
    expect(verdict.kind === "request" && verdict.request.method).toBe("GET");
  });

  it("passes a generated response on", () => {
    expect(judge(() => ({ status: "403", headers: { "content-type": [{ key: "Content-Type", value: "text/plain" }] }, body: "no" })).kind).toBe("response");
  });

  const refusals: Array<[string, (r: Record<string, unknown> & CloudFrontRequest) => unknown, string]> = [
    ["not an object", () => "text", VALIDATION_MESSAGES.notObject],
    [
      "a header entry that is not an array",
      (r) => ({ ...r, headers: { ...r.headers, "x-a": { key: "X-A", value: "1" } } }),
      VALIDATION_MESSAGES.headerNotArray,
    ],
    ["a header under an upper-case name", (r) => ({ ...r, headers: { ...r.headers, "X-A": [{ value: "1" }] } }), VALIDATION_MESSAGES.headerEntry],
    ["a changed read-only header (Via)", (r) => ({ ...r, headers: { ...r.headers, via: [{ key: "Via", value: "changed" }] } }), VALIDATION_MESSAGES.readOnly],
    ["a deleted read-only header (Accept-Encoding)", (r) => ({ ...r, headers: { host: r.headers.host, via: r.headers.via } }), VALIDATION_MESSAGES.readOnly],
    ["an added disallowed header (X-Amz-Cf-Id)", (r) => ({ ...r, headers: { ...r.headers, "x-amz-cf-id": [{ value: "x" }] } }), VALIDATION_MESSAGES.disallowed],
    ["a CR or LF in a header value", (r) => ({ ...r, headers: { ...r.headers, "x-a": [{ value: "a\r\nb" }] } }), VALIDATION_MESSAGES.headerValue],
    ["a uri without a leading slash", (r) => ({ ...r, uri: "a" }), VALIDATION_MESSAGES.uri],
    ["a replaced body that is not base64", (r) => ({ ...r, body: { action: "replace", encoding: "base64", data: "@@" } }), VALIDATION_MESSAGES.body],
    ["an origin with both s3 and custom", (r) => ({ ...r, origin: { ...r.origin, s3: {} } }), VALIDATION_MESSAGES.originFields],
    ["a status out of range", () => ({ status: "99" }), VALIDATION_MESSAGES.status],
  ];
  for (const [name, change, message] of refusals) {
    it(`refuses ${name}`, () => {
      const verdict = judge(change);
      expect(verdict.kind).toBe("invalid");
      expect(verdict.kind === "invalid" && verdict.message).toBe(message);
    });
  }

  it("refuses output that is not JSON", () => {
    expect(validateFunctionResult(ORIGINAL, "{")).toMatchObject({ kind: "invalid", message: VALIDATION_MESSAGES.notParsable });
  });
});
