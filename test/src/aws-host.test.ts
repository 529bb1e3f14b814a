import { describe, expect, it } from "vitest";
import { parseAwsHost } from "../../src/aws-host.ts";

describe("parseAwsHost", () => {
  it.each([
    ["my-bucket.s3.eu-west-1.amazonaws.com", "s3", "eu-west-1"],
    ["my-bucket.s3-eu-west-1.amazonaws.com", "s3", "eu-west-1"],
    ["my-bucket.s3.dualstack.ap-southeast-2.amazonaws.com", "s3", "ap-southeast-2"],
    ["my-bucket.s3-fips.us-gov-west-1.amazonaws.com", "s3", "us-gov-west-1"],
    ["my-bucket.s3.amazonaws.com", "s3", "us-east-1"],
    ["s3.amazonaws.com", "s3", "us-east-1"],
    ["www.example.com.s3.eu-west-1.amazonaws.com", "s3", "eu-west-1"],
    ["www.s3-example.com.s3.eu-central-1.amazonaws.com", "s3", "eu-central-1"],
    ["s3.eu-north-1.amazonaws.com", "s3", "eu-north-1"],
    ["s3-us-west-2.amazonaws.com", "s3", "us-west-2"],
    ["my-bucket.s3.cn-north-1.amazonaws.com.cn", "s3", "cn-north-1"],
    ["reports-123456789012.s3-accesspoint.eu-west-1.amazonaws.com", "s3", "eu-west-1"],
    ["reports-123456789012.s3-accesspoint.dualstack.eu-west-1.amazonaws.com", "s3", "eu-west-1"],
    ["resize-123456789012.s3-object-lambda.us-east-2.amazonaws.com", "s3-object-lambda", "us-east-2"],
    ["abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws", "lambda", "eu-west-1"],
    ["a1b2c3d4e5.execute-api.us-west-2.amazonaws.com", "execute-api", "us-west-2"],
    ["search-logs-abc123xyz.eu-west-3.es.amazonaws.com", "es", "eu-west-3"],
    ["vpc-logs-abc123xyz.eu-west-3.es.amazonaws.com", "es", "eu-west-3"],
    ["07tjusf2h91cunochc.us-east-1.aoss.amazonaws.com", "aoss", "us-east-1"],
    ["MY-BUCKET.S3.EU-WEST-1.AMAZONAWS.COM", "s3", "eu-west-1"],
  ])("%s → %s %s", (host, service, region) => {
    const target = parseAwsHost(host);
    expect(target?.service).toBe(service);
    expect(target?.region).toBe(region);
  });

  it("flags the legacy global S3 endpoint, whose bucket may live anywhere", () => {
    expect(parseAwsHost("my-bucket.s3.amazonaws.com")?.legacyGlobal).toBe(true);
    expect(parseAwsHost("my-bucket.s3.eu-west-1.amazonaws.com")?.legacyGlobal).toBeUndefined();
  });

  it.each([
    "www.example.com",
    "example.cloudfront.net",
    "my-bucket.s3-website-eu-west-1.amazonaws.com",
    "my-bucket.s3-website.eu-west-1.amazonaws.com",
    "amazonaws.com.evil.example",
    "s3.eu-west-1.amazonaws.com.evil.example",
    "lambda-url.eu-west-1.on.aws.example.com",
    "",
  ])("%s is not a signable AWS endpoint", (host) => {
    expect(parseAwsHost(host)).toBeUndefined();
  });
});
