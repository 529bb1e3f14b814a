// The origin-request event the emulator builds from a viewer request, against the documented
// event structure (CloudFront developer guide, "Lambda@Edge event structure").
import { describe, expect, it } from "vitest";
import { buildOriginRequestEvent, customOrigin, MAX_EVENT_BODY_BYTES, s3Origin, type ViewerRequest } from "../../cloudfront-emulator/index.ts";

const EDGE = {
  requestId: "R".repeat(54).concat("=="),
  distribution: { id: "E1QX7Y3ZK2ABCD", domainName: "d3k9x2q7w1m4z8.cloudfront.net" },
  serverId: "a".repeat(32),
};

function viewer(overrides: Partial<ViewerRequest> = {}): ViewerRequest {
  return {
    clientIp: "203.0.113.178",
    clientPort: 50123,
    method: "POST",
    target: "/api/items?b=2&a=1",
    rawHeaders: [
      "Host",
      "d3k9x2q7w1m4z8.cloudfront.net",
      "Connection",
      "keep-alive",
      "X-Forwarded-Proto",
      "https",
      "X-Forwarded-For",
      "198.51.100.7",
      "Via",
      "1.1 proxy",
      "CloudFront-Viewer-Country",
      "FR",
      "Accept",
      "text/html",
      "Accept",
      "application/json",
    ],
    httpVersion: "1.1",
    body: Buffer.from("hello"),
    ...overrides,
  };
}

describe("buildOriginRequestEvent", () => {
  const origin = customOrigin({ domainName: "127.0.0.1", port: 9000, protocol: "http", customHeaders: { "x-sigv4-service": "lambda" } });

  it("config, uri and querystring as received, Host of the origin, the viewer headers CloudFront passes on", () => {
    const event = buildOriginRequestEvent(viewer(), { origin, includeBody: true }, EDGE);
    const cf = event.Records[0]?.cf;
    expect(cf?.config).toEqual({
      distributionDomainName: EDGE.distribution.domainName,
      distributionId: EDGE.distribution.id,
      eventType: "origin-request",
      requestId: EDGE.requestId,
    });
    const request = cf?.request;
    expect(request).toMatchObject({ clientIp: "203.0.113.178", method: "POST", uri: "/api/items", querystring: "b=2&a=1", origin });
    const headers = request?.headers ?? {};
    expect(headers.host).toEqual([{ key: "Host", value: "127.0.0.1:9000" }]);
    expect(headers.accept).toEqual([
      { key: "Accept", value: "text/html" },
      { key: "Accept", value: "application/json" },
    ]);
    for (const dropped of ["connection", "x-forwarded-proto", "cloudfront-viewer-country"]) expect(headers[dropped], dropped).toBeUndefined();
    expect(headers["x-forwarded-for"]).toEqual([{ key: "X-Forwarded-For", value: "198.51.100.7, 203.0.113.178" }]);
    expect(headers.via).toEqual([{ key: "Via", value: `1.1 ${EDGE.serverId}.cloudfront.net (CloudFront)` }]);
    expect(headers["user-agent"]).toEqual([{ key: "User-Agent", value: "Amazon CloudFront" }]);
    expect(request?.body).toEqual({ action: "read-only", data: Buffer.from("hello").toString("base64"), encoding: "base64", inputTruncated: false });
  });

  it("cuts the body at 1 MB with inputTruncated; no body at all with include body off", () => {
    const big = Buffer.alloc(MAX_EVENT_BODY_BYTES + 10, 7);
    const body = buildOriginRequestEvent(viewer({ body: big }), { origin, includeBody: true }, EDGE).Records[0]?.cf.request.body;
    expect(body?.inputTruncated).toBe(true);
    expect(Buffer.from(body?.data ?? "", "base64").equals(big.subarray(0, MAX_EVENT_BODY_BYTES))).toBe(true);
    expect(buildOriginRequestEvent(viewer(), { origin, includeBody: false }, EDGE).Records[0]?.cf.request.body).toBeUndefined();
  });

  it("an S3 origin's Host is its domain; the behavior's origin object is copied, not shared", () => {
    const bucket = s3Origin({ domainName: "media-assets.s3.eu-west-1.amazonaws.com" });
    const event = buildOriginRequestEvent(viewer(), { origin: bucket, includeBody: true }, EDGE);
    expect(event.Records[0]?.cf.request.headers.host?.[0]?.value).toBe("media-assets.s3.eu-west-1.amazonaws.com");
    expect(event.Records[0]?.cf.request.origin).not.toBe(bucket);
  });
});
