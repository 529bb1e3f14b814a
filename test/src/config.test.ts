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
    [{ origins: { "a.example.com": {} } }, /origins\["a.example.com"\] sets nothing \(service, region, algorithm, regionSet, roleArn/],
    [{ origins: { "a.example.com": { algorithm: "SigV4A" } } }, /\.algorithm must be "sigv4" or "sigv4a"/],
    [{ origins: { "a.example.com": { regionSet: "*" } } }, /\.regionSet applies to SigV4A only: add "algorithm": "sigv4a"/],
    [{ origins: { "a.example.com": { algorithm: "sigv4a", regionSet: "eu-west-1,us-east-1" } } }, /\.regionSet must be "\*" or a list of AWS regions/],
    [{ origins: { "a.example.com": { algorithm: "sigv4a", regionSet: ["eu-west-1", "*"] } } }, /\.regionSet must be "\*" or a list/],
    [{ origins: { "a.example.com": { algorithm: "sigv4a", regionSet: [] } } }, /\.regionSet must be "\*" or a list/],
    [
      { origins: { "a.example.com": { algorithm: "sigv4a", region: "eu-west-1" } } },
      /\.region does not apply: .* SigV4A, whose scope has no region; set regionSet/,
    ],
    [
      { origins: { "x.mrap.accesspoint.s3-global.amazonaws.com": { algorithm: "sigv4" } } },
      /algorithm "sigv4" cannot sign for x.mrap.accesspoint.s3-global.amazonaws.com: .* accept SigV4A only; remove "algorithm"/,
    ],
    [{ origins: { "shop.lambda-web.global.on.aws": { algorithm: "sigv4" } } }, /accept SigV4A only/],
    [{ origins: { "shop.lambda-web.global.on.aws": { region: "eu-west-1" } } }, /\.region does not apply/],
    [{ origins: { "a.example.com": { roleArn: "arn:aws:iam::12345:role/x" } } }, /origins\["a.example.com"\].roleArn must be an IAM role ARN such as/],
    [{ origins: { "a.example.com": { roleArn: "arn:aws:iam::123456789012:user/x" } } }, /\.roleArn must be an IAM role ARN/],
    [{ origins: { "a.example.com": { externalId: "a b" } } }, /\.externalId must be 2 to 1224 characters/],
    [{ origins: { "a.example.com": { sessionName: "x" } } }, /\.sessionName must be 2 to 64 characters/],
    [{ origins: { "a.example.com": { durationSeconds: 7200 } } }, /\.durationSeconds must be at most 3600 \(1 hour\).*role chaining/],
    [{ origins: { "a.example.com": { durationSeconds: "900" } } }, /\.durationSeconds must be a whole number of seconds from 900/],
    [{ origins: { "a.example.com": { role: "x" } } }, /\.role is not a known setting/],
    [{ sts: "http://127.0.0.1:1/" }, /sts must be an object like \{"endpoint"/],
    [{ sts: { endpoint: "http://sts.example.com/" } }, /sts.endpoint must be an https URL .* \(http only to 127.0.0.1, localhost or \[::1\]\)/],
    [{ sts: { region: "eu-west-1" } }, /sts.region is not a known setting \(endpoint\)/],
    [{ defaultTarget: { service: "s3", region: "eu-west-1", algorithm: "sigv4a" } }, /defaultTarget.algorithm is not a known setting/],
    [{ allowViewerAmzHeaders: "x-amz-meta-*" }, /must be an array/],
    [{ allowViewerAmzHeaders: ["content-type"] }, /only x-amz-\* headers are filtered/],
    [{ allowViewerAmzHeaders: ["x-amz-security-token"] }, /sets this header itself/],
    [
      { allowViewerAmzHeaders: ["x-amz-*"] },
      /wildcard would cover x-amz-date, x-amz-security-token, x-amz-content-sha256.*narrower prefix such as x-amz-meta-\*/,
    ],
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

  it("takes SigV4A, region sets and cross-account roles per origin, and an STS endpoint", () => {
    const role = { roleArn: "arn:aws-cn:iam::222233334444:role/r", externalId: "ext+id=1", sessionName: "edge@prod", durationSeconds: 900 };
    const config = parseConfig({
      origins: {
        "api.example.com": { service: "execute-api", algorithm: "sigv4a", regionSet: ["EU-west-1", " us-east-1"] },
        "x.mrap.accesspoint.s3-global.amazonaws.com": { regionSet: "*", roleArn: "arn:aws:iam::222233334444:role/edge/reader" },
        "abc.lambda-url.eu-west-1.on.aws": role,
        "shop.lambda-web.global.on.aws": { algorithm: "sigv4a" },
      },
      sts: { endpoint: "http://127.0.0.1:4566/" },
    });
    expect(config.origins).toEqual({
      "api.example.com": { service: "execute-api", algorithm: "sigv4a", regionSet: "eu-west-1,us-east-1" },
      "x.mrap.accesspoint.s3-global.amazonaws.com": { regionSet: "*", roleArn: "arn:aws:iam::222233334444:role/edge/reader" },
      "abc.lambda-url.eu-west-1.on.aws": role,
      "shop.lambda-web.global.on.aws": { algorithm: "sigv4a" },
    });
    expect(config.sts).toEqual({ endpoint: "http://127.0.0.1:4566/" });
  });
});
