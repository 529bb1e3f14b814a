// A host that needs SigV4A is never signed with SigV4, whatever says its region: S3 rejects a
// SigV4 request to a Multi-Region Access Point, so the viewer gets a 502 that says why.
import { describe, expect, it } from "vitest";
import { parseAwsHost } from "../../src/aws-host.ts";
import { customOrigin, isResponse, makeEvent, run, s3Origin } from "./fixtures.ts";

const MRAP = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com";
const MRAP_SHORT = "mfzwi23gnjvgw.accesspoint.s3-global.amazonaws.com";

describe("hosts that need SigV4A", () => {
  it.each([MRAP, MRAP_SHORT])("%s: parseAwsHost says sigv4a (region set *)", (host) => {
    expect(parseAwsHost(host)).toEqual({ service: "s3", region: "*", algorithm: "sigv4a" });
  });

  it("every other AWS host says sigv4", () => {
    expect(parseAwsHost("my-bucket.s3.eu-west-1.amazonaws.com")?.algorithm).toBe("sigv4");
    expect(parseAwsHost("abc.lambda-url.eu-west-1.on.aws")?.algorithm).toBe("sigv4");
  });

  it.each([
    ["no region anywhere", makeEvent({ origin: s3Origin(MRAP) }), {}],
    ["origin.s3.region", makeEvent({ origin: s3Origin(MRAP, { authMethod: "origin-access-identity", region: "us-east-1" }) }), {}],
    ["an x-sigv4-region custom header", makeEvent({ origin: customOrigin(MRAP_SHORT, { "x-sigv4-region": "eu-west-1" }) }), {}],
    ["x-sigv4-service and x-sigv4-region", makeEvent({ origin: customOrigin(MRAP, { "x-sigv4-service": "s3", "x-sigv4-region": "eu-west-1" }) }), {}],
    ["the build-time config for the domain", makeEvent({ origin: customOrigin(MRAP) }), { origins: { [MRAP]: { service: "s3", region: "us-west-2" } } }],
  ])("answers 502 'needs SigV4A' with %s", async (_source, event, config) => {
    const { result, logs } = await run(event, { config });
    expect(isResponse(result) && result.status).toBe("502");
    expect(isResponse(result) && String(result.body)).toContain("SigV4A");
    expect(logs).toEqual([expect.objectContaining({ outcome: "response", status: 502 })]);
  });
});
