// Which service, region and Host a request is signed for, and which headers are signed.
import { describe, expect, it } from "vitest";
import { EMPTY_SHA256 } from "../../src/payload-hash.ts";
import { BUCKET, CREDENTIALS, customOrigin, headers, LAMBDA_URL, makeEvent, REQUEST_ID, run, s3Origin, signed, signedHeaderNames, value } from "./fixtures.ts";

describe("signing target and signed headers", () => {
  it("signs a Lambda URL GET with host, x-amz-* and CloudFront's x-amz-cf-id — nothing CloudFront rewrites", async () => {
    const { request, logs } = await signed(makeEvent());
    expect(signedHeaderNames(request)).toEqual(["host", "x-amz-cf-id", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"]);
    expect(value(request, "authorization")).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAFIXTUREFIXTURE01\/20261122\/eu-west-1\/lambda\/aws4_request, /);
    expect(value(request, "x-amz-content-sha256")).toBe(EMPTY_SHA256);
    expect(value(request, "x-amz-date")).toBe("20261122T120000Z");
    expect(value(request, "x-amz-security-token")).toBe(CREDENTIALS.sessionToken);
    expect(request.headers["x-amz-cf-id"]).toBeUndefined(); // CloudFront adds it; X-Amz-Cf-* is disallowed
    expect(value(request, "via")).toContain("cloudfront.net"); // read-only: untouched
    expect(value(request, "x-forwarded-for")).toBe("203.0.113.178");
    expect(logs).toEqual([
      expect.objectContaining({
        level: "info",
        msg: "signed",
        requestId: REQUEST_ID,
        outcome: "signed",
        originKind: "custom",
        service: "lambda",
        region: "eu-west-1",
      }),
    ]);
  });

  it("sends and signs the origin's host when the AllViewer policy forwarded the distribution's", async () => {
    const event = makeEvent({ headers: headers({ Host: "d111111abcdef8.cloudfront.net" }) });
    const { request } = await signed(event);
    expect(request.headers.host).toEqual([{ key: "Host", value: LAMBDA_URL }]);
  });

  it("adds the port to Host for a custom origin on a non-default port", async () => {
    const event = makeEvent({ origin: customOrigin("a1b2c3d4e5.execute-api.us-west-2.amazonaws.com", {}, { port: 8443 }) });
    const { request } = await signed(event);
    expect(value(request, "host")).toBe("a1b2c3d4e5.execute-api.us-west-2.amazonaws.com:8443");
  });

  it("does not sign x-amz-cf-id for an S3 origin, and lets origin.s3.region win over a legacy global host", async () => {
    const event = makeEvent({ origin: s3Origin("old-bucket.s3.amazonaws.com", { authMethod: "origin-access-identity", region: "eu-west-1" }) });
    const { request } = await signed(event);
    expect(signedHeaderNames(request)).not.toContain("x-amz-cf-id");
    expect(value(request, "authorization")).toContain("/eu-west-1/s3/aws4_request");
  });

  it("signs x-amz-cf-id for an S3 REST endpoint used as a custom origin (S3 rejects unsigned x-amz-*)", async () => {
    const { request } = await signed(makeEvent({ origin: customOrigin(BUCKET) }));
    expect(signedHeaderNames(request)).toContain("x-amz-cf-id");
    expect(value(request, "authorization")).toContain("/eu-west-1/s3/aws4_request");
  });

  it("lets origin custom headers configure a custom domain, removes them, and ignores a viewer's", async () => {
    const event = makeEvent({
      headers: headers({ Host: "api.example.com", "X-Sigv4-Service": "s3", "X-Sigv4-Region": "us-east-1" }),
      origin: customOrigin("api.example.com", { "x-sigv4-service": "execute-api", "x-sigv4-region": "eu-central-1", "x-api-key": "operator" }),
    });
    const { request } = await signed(event);
    expect(value(request, "authorization")).toContain("/eu-central-1/execute-api/aws4_request");
    expect(request.origin?.custom?.customHeaders).toEqual({ "x-api-key": [{ key: "x-api-key", value: "operator" }] });
    expect(request.headers["x-sigv4-service"]).toBeUndefined();
    expect(request.headers["x-sigv4-region"]).toBeUndefined();
  });

  it("uses the build-time config for an origin domain, and its default target for unknown origins", async () => {
    const byDomain = await signed(makeEvent({ origin: customOrigin("api.example.com") }), {
      config: { origins: { "api.example.com": { service: "execute-api", region: "eu-west-2" } } },
    });
    expect(value(byDomain.request, "authorization")).toContain("/eu-west-2/execute-api/");
    const byDefault = await signed(makeEvent({ origin: customOrigin("search.example.org") }), {
      config: { defaultTarget: { service: "es", region: "ap-south-1" } },
    });
    expect(value(byDefault.request, "authorization")).toContain("/ap-south-1/es/");
  });

  it("forwards an origin that is neither AWS nor configured unchanged, with a debug line", async () => {
    const event = makeEvent({ origin: customOrigin("www.example.com") });
    const before = structuredClone(event.Records[0]?.cf.request);
    const { result, logs } = await run(event, { config: { logLevel: "debug" } });
    expect(result).toEqual(before);
    expect(logs).toEqual([expect.objectContaining({ level: "debug", outcome: "forwarded", requestId: REQUEST_ID })]);
  });

  it.each(["media-bucket.s3-website-eu-west-1.amazonaws.com", "media-bucket.s3-website.eu-central-1.amazonaws.com"])(
    "forwards the S3 website endpoint %s unsigned even with a default target, with a debug reason",
    async (domain) => {
      const event = makeEvent({ origin: customOrigin(domain) });
      const before = structuredClone(event.Records[0]?.cf.request);
      const { result, logs } = await run(event, { config: { logLevel: "debug", defaultTarget: { service: "execute-api", region: "eu-west-1" } } });
      expect(result).toEqual(before);
      expect(logs).toEqual([expect.objectContaining({ level: "debug", outcome: "forwarded", reason: expect.stringContaining("S3 website endpoint") })]);
    },
  );

  it("signs an S3 website endpoint only when that origin itself is configured", async () => {
    const domain = "media-bucket.s3-website-eu-west-1.amazonaws.com";
    const byHeader = await signed(makeEvent({ origin: customOrigin(domain, { "x-sigv4-service": "s3", "x-sigv4-region": "eu-west-1" }) }));
    expect(value(byHeader.request, "authorization")).toContain("/eu-west-1/s3/");
    const byConfig = await signed(makeEvent({ origin: customOrigin(domain) }), { config: { origins: { [domain]: { service: "s3", region: "eu-west-1" } } } });
    expect(value(byConfig.request, "authorization")).toContain("/eu-west-1/s3/");
  });

  it("signs configured extra headers, taking an origin custom header's value over the viewer's", async () => {
    const event = makeEvent({
      headers: headers({ "Content-Type": "application/json", "Cache-Control": "no-cache" }),
      origin: customOrigin(LAMBDA_URL, { "cache-control": "max-age=0" }),
    });
    const { request, logs } = await signed(event, { config: { signedHeaders: ["content-type", "cache-control"], logLevel: "debug" } });
    expect(signedHeaderNames(request)).toEqual(expect.arrayContaining(["content-type", "cache-control"]));
    expect(String(logs[0]?.canonicalRequest)).toContain("cache-control:max-age=0\n");
  });
});
