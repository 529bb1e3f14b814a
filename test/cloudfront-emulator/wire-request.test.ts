// What CloudFront puts on the wire after the function returned (cloudfront-emulator/wire-request.ts).
import { describe, expect, it } from "vitest";
import { buildWireRequest } from "../../cloudfront-emulator/index.ts";
import { BUCKET_HOST, binary, CLIENT_IP, customOrigin, hdrs, LAMBDA_HOST, makeEvent, REQUEST_ID, s3Origin } from "../support/oracle-events.ts";

describe("buildWireRequest: what CloudFront sends after the function", () => {
  it("origin path + uri, query, custom headers over viewer headers, CloudFront's own headers", () => {
    const event = makeEvent({
      origin: customOrigin(LAMBDA_HOST, { path: "/api", customHeaders: hdrs({ "X-Team": "origin-value" }) }),
      uri: "/v1/items",
      querystring: "a=1&b=2",
      headers: { "x-team": "viewer-value", accept: ["text/html", "application/json"], cookie: ["a=1", "b=2"] },
    });
    const wire = buildWireRequest(event, structuredClone(event.Records[0]!.cf.request));
    expect(wire.path).toBe("/api/v1/items");
    expect(wire.target).toBe("/api/v1/items?a=1&b=2");
    expect(wire.headers["x-team"]).toBe("origin-value");
    expect(wire.headers.accept).toBe("text/html,application/json");
    expect(wire.headers.cookie).toBe("a=1; b=2");
    expect(wire.headers["x-amz-cf-id"]).toBe(REQUEST_ID);
    expect(wire.headers["x-forwarded-for"]).toBe(`198.51.100.7, ${CLIENT_IP}`);
    expect(wire.headers.via).toMatch(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect(wire.headers.via).not.toBe(event.Records[0]!.cf.request.headers.via![0]!.value);
    expect(wire.headers.host).toBe(LAMBDA_HOST);
  });

  it("no x-amz-cf-id towards S3 origins; user-agent added when absent; port in Host", () => {
    const s3 = makeEvent({ origin: s3Origin(BUCKET_HOST) });
    delete s3.Records[0]!.cf.request.headers["user-agent"];
    delete s3.Records[0]!.cf.request.headers["x-forwarded-for"];
    const w1 = buildWireRequest(s3, structuredClone(s3.Records[0]!.cf.request));
    expect(w1.headers["x-amz-cf-id"]).toBeUndefined();
    expect(w1.headers["user-agent"]).toBe("Amazon CloudFront");
    expect(w1.headers["x-forwarded-for"]).toBe(CLIENT_IP);
    const custom = makeEvent({ origin: customOrigin("search.internal.example.net", { port: 8443 }) });
    expect(buildWireRequest(custom, structuredClone(custom.Records[0]!.cf.request)).headers.host).toBe("search.internal.example.net:8443");
  });

  it("sends the full body of a truncated event, and refuses to guess it", () => {
    const full = binary(3 * 1024 * 1024);
    const event = makeEvent({
      origin: customOrigin(LAMBDA_HOST),
      method: "POST",
      body: { action: "read-only", encoding: "base64", inputTruncated: true, data: full.subarray(0, 1024 * 1024).toString("base64") },
    });
    const req = structuredClone(event.Records[0]!.cf.request);
    expect(() => buildWireRequest(event, req)).toThrow(/fullBody/);
    const wire = buildWireRequest(event, req, { fullBody: full });
    expect(wire.body.equals(full)).toBe(true);
    expect(wire.headers["content-length"]).toBe(String(full.length));
  });
});
