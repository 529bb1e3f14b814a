import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_CONFIG, parseConfig } from "../../src/config.ts";

describe("parseConfig", () => {
  it("fills defaults and lowercases names", () => {
    expect(parseConfig({})).toEqual(DEFAULT_CONFIG);
    expect(
      parseConfig({
        logLevel: "debug",
        defaultTarget: { service: "execute-api", region: "eu-west-1" },
        origins: { "API.example.com": { region: "us-east-2" } },
        allowViewerAmzHeaders: ["X-Amz-Meta-*", "x-amz-checksum-crc32"],
        signedHeaders: ["Content-Type"],
        allowViewerQueryOverrides: ["Response-Content-Disposition"],
      }),
    ).toEqual({
      logLevel: "debug",
      defaultTarget: { service: "execute-api", region: "eu-west-1" },
      origins: { "api.example.com": { region: "us-east-2" } },
      allowViewerAmzHeaders: ["x-amz-meta-*", "x-amz-checksum-crc32"],
      signedHeaders: ["content-type"],
      allowViewerQueryOverrides: ["response-content-disposition"],
    });
  });

  it.each([
    [[], /JSON object/],
    [{ loglevel: "debug" }, /"loglevel" is not a known setting/],
    [{ logLevel: "verbose" }, /logLevel must be one of debug, info, warn, error/],
    [{ defaultTarget: { service: "execute-api" } }, /defaultTarget needs both "service" and "region"/],
    [{ defaultTarget: { service: "Execute API", region: "eu-west-1" } }, /defaultTarget.service must be an AWS signing name/],
    [{ origins: { "a.example.com": { region: "europe" } } }, /origins\["a.example.com"\].region must be an AWS region/],
    [{ origins: { "a.example.com": {} } }, /sets neither service nor region/],
    [{ allowViewerAmzHeaders: "x-amz-meta-*" }, /must be an array/],
    [{ allowViewerAmzHeaders: ["content-type"] }, /only x-amz-\* headers are filtered/],
    [{ allowViewerAmzHeaders: ["x-amz-security-token"] }, /sets this header itself/],
    [{ allowViewerAmzHeaders: ["x-amz-*"] }, /sets this header itself/],
    [{ allowViewerAmzHeaders: ["x-amz-cf-id"] }, /CloudFront owns/],
    [{ signedHeaders: ["via"] }, /changed by CloudFront after the function runs/],
    [{ signedHeaders: ["X-Forwarded-For"] }, /changed by CloudFront/],
    [{ signedHeaders: ["cookie"] }, /must never be signed/],
    [{ signedHeaders: ["cloudfront-viewer-country"] }, /changed by CloudFront/],
    [{ signedHeaders: ["x-amz-acl"] }, /allowViewerAmzHeaders/],
    [{ signedHeaders: ["bad header"] }, /is not a header name/],
    [{ signedHeaders: ["date"] }, /signs x-amz-date; the signer never signs a Date header/],
    [{ signedHeaders: ["Host"] }, /host is always signed/],
    [
      { origins: { "https://api.example.com/": { region: "eu-west-1" } } },
      /origins\["https:\/\/api.example.com\/"\] must be the origin's domain name alone .* such as "api.example.com"/,
    ],
    [{ origins: { "api.example.com:8443": { region: "eu-west-1" } } }, /no scheme, port, path or trailing dot\), such as "api.example.com"/],
    [{ origins: { "api.example.com/v1": { region: "eu-west-1" } } }, /such as "api.example.com"/],
    [{ origins: { "api.example.com.": { region: "eu-west-1" } } }, /such as "api.example.com"/],
    [{ origins: { __proto__: null, constructor: { region: "eu-west-1" } } }, /origins\["constructor"\] must be the origin's domain name/],
    [{ origins: { "API.example.com": { region: "eu-west-1" }, "api.example.com": { region: "eu-west-2" } } }, /origins lists "api.example.com" twice/],
    [{ allowViewerQueryOverrides: "response-content-type" }, /must be an array of S3 response overrides/],
    [
      { allowViewerQueryOverrides: ["versionId"] },
      /"versionId" is not one of response-cache-control, .* \(every other query parameter reaches the origin already\)/,
    ],
    [{ allowViewerQueryOverrides: [1] }, /\[0\] 1 is not one of/],
  ])("rejects %j with a message that says how to fix it", (raw, message) => {
    expect(() => parseConfig(raw)).toThrow(ConfigError);
    expect(() => parseConfig(raw)).toThrow(message);
  });
});
