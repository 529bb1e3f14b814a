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
      }),
    ).toEqual({
      logLevel: "debug",
      defaultTarget: { service: "execute-api", region: "eu-west-1" },
      origins: { "api.example.com": { region: "us-east-2" } },
      allowViewerAmzHeaders: ["x-amz-meta-*", "x-amz-checksum-crc32"],
      signedHeaders: ["content-type"],
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
  ])("rejects %j with a message that says how to fix it", (raw, message) => {
    expect(() => parseConfig(raw)).toThrow(ConfigError);
    expect(() => parseConfig(raw)).toThrow(message);
  });
});
