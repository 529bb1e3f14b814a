// The host decides the algorithm: a Multi-Region Access Point or a Lambda Web Function global
// endpoint is signed with SigV4A whatever says its region (origin.s3.region, a header, the config),
// and a regional Lambda Web Function endpoint with SigV4 for its Region. Checked on the wire by
// the SigV4A oracle (smithy's key, node:crypto's verify) and aws4.
import { describe, expect, it } from "vitest";
import { parseAwsHost } from "../../src/aws-host.ts";
import type { Config } from "../../src/config.ts";
import { CREDENTIALS, customOrigin, makeEvent, NOW, s3Origin, signed, value } from "./fixtures.ts";
import { sigV4Errors } from "./signature-oracle.ts";
import { verifySigV4aResult } from "./sigv4a-oracle.ts";

const MRAP = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com";
const MRAP_SHORT = "mfzwi23gnjvgw.accesspoint.s3-global.amazonaws.com";
const WEB_GLOBAL = "shop-7f3k2p.lambda-web.global.on.aws";

describe("what the host name says", () => {
  it.each([
    [MRAP, "s3"],
    [MRAP_SHORT, "s3"],
    [WEB_GLOBAL, "lambda"],
    ["abc.b7t.lambda-web.global.on.aws", "lambda"],
  ])("%s: SigV4A for %s over any region (*)", (host, service) => {
    expect(parseAwsHost(host)).toEqual({ service, region: "*", algorithm: "sigv4a" });
  });

  it.each([
    ["shop-7f3k2p.lambda-web.eu-west-1.on.aws", "eu-west-1"],
    ["abc.b7t.lambda-web.us-east-1.on.aws", "us-east-1"],
    ["x.lambda-web.ap-southeast-2.on.aws", "ap-southeast-2"],
  ])("%s: SigV4 for lambda in %s (a regional Lambda Web Function endpoint)", (host, region) => {
    expect(parseAwsHost(host)).toEqual({ service: "lambda", region, algorithm: "sigv4" });
  });

  it.each([
    "lambda-web.global.on.aws",
    "lambda-web.us-east-1.on.aws",
    "shop.lambda-web.global.on.aws.example.com",
    "shop.lambda-web.eu-west-1.on.aws.example.com",
    "shop.lambda-web.europe.on.aws",
  ])("%s is not a Lambda Web Function endpoint", (host) => {
    expect(parseAwsHost(host)).toBeUndefined();
  });

  it("every other AWS host says sigv4", () => {
    expect(parseAwsHost("my-bucket.s3.eu-west-1.amazonaws.com")?.algorithm).toBe("sigv4");
    expect(parseAwsHost("abc.lambda-url.eu-west-1.on.aws")?.algorithm).toBe("sigv4");
  });
});

describe("a Multi-Region Access Point is signed with SigV4A whatever sets its region", () => {
  it.each([
    ["no region anywhere", makeEvent({ origin: s3Origin(MRAP) }), {}],
    ["origin.s3.region", makeEvent({ origin: s3Origin(MRAP, { authMethod: "origin-access-identity", region: "us-east-1" }) }), {}],
    ["an x-sigv4-region custom header", makeEvent({ origin: customOrigin(MRAP_SHORT, { "x-sigv4-region": "eu-west-1" }) }), {}],
    ["x-sigv4-service and x-sigv4-region", makeEvent({ origin: customOrigin(MRAP, { "x-sigv4-service": "s3", "x-sigv4-region": "eu-west-1" }) }), {}],
    ["the build-time config for the domain", makeEvent({ origin: customOrigin(MRAP) }), { origins: { [MRAP]: { service: "s3", region: "us-west-2" } } }],
    ["defaultTarget", makeEvent({ origin: s3Origin(MRAP) }), { defaultTarget: { service: "s3", region: "eu-central-1" } }],
  ] as Array<[string, ReturnType<typeof makeEvent>, Partial<Config>]>)("with %s", async (_source, event, config) => {
    const original = structuredClone(event);
    const { request, logs } = await signed(event, { config });
    expect(value(request, "authorization")).toMatch(/^AWS4-ECDSA-P256-SHA256 Credential=AKIAFIXTUREFIXTURE01\/20261122\/s3\/aws4_request, /);
    expect(value(request, "x-amz-region-set")).toBe("*");
    const verdict = await verifySigV4aResult(original, request, { service: "s3", regionSet: "*", credentials: CREDENTIALS, now: NOW });
    expect(verdict.errors).toEqual([]);
    expect(logs).toEqual([expect.objectContaining({ outcome: "signed", algorithm: "sigv4a", service: "s3", region: "*" })]);
  });
});

describe("Lambda Web Function endpoints", () => {
  it("global: SigV4A for lambda over *, with x-amz-cf-id signed (a custom origin)", async () => {
    const event = makeEvent({ origin: customOrigin(WEB_GLOBAL) });
    const original = structuredClone(event);
    const { request } = await signed(event);
    const verdict = await verifySigV4aResult(original, request, { service: "lambda", regionSet: "*", credentials: CREDENTIALS, now: NOW });
    expect(verdict.errors).toEqual([]);
    expect(verdict.signedHeaders).toEqual(["host", "x-amz-cf-id", "x-amz-content-sha256", "x-amz-date", "x-amz-region-set", "x-amz-security-token"]);
  });

  it("global: the region sources (x-sigv4-region, config region) change nothing", async () => {
    const event = makeEvent({ origin: customOrigin(WEB_GLOBAL, { "x-sigv4-region": "eu-west-1" }) });
    const original = structuredClone(event);
    const { request } = await signed(event, { config: { origins: { [WEB_GLOBAL]: { region: "us-east-2" } } } });
    const verdict = await verifySigV4aResult(original, request, { service: "lambda", regionSet: "*", credentials: CREDENTIALS, now: NOW });
    expect(verdict.errors).toEqual([]);
  });

  it.each([
    ["shop-7f3k2p.lambda-web.eu-west-1.on.aws", "eu-west-1"],
    ["abc.b7t.lambda-web.us-east-1.on.aws", "us-east-1"],
  ])("regional %s: SigV4 for lambda in %s (forwarded unsigned before it was recognised)", async (host, region) => {
    const event = makeEvent({ uri: "/api/a%20b", querystring: "x=1&x=2", origin: customOrigin(host) });
    const original = structuredClone(event);
    const { request, logs } = await signed(event);
    expect(sigV4Errors(original, request, "lambda", region, CREDENTIALS)).toEqual([]);
    expect(request.headers["x-amz-region-set"]).toBeUndefined();
    expect(logs[0]).toMatchObject({ service: "lambda", region, algorithm: "sigv4", source: "host" });
  });
});
