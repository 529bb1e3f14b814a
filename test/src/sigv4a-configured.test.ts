// Any origin may be configured for SigV4A (build-time `algorithm`/`regionSet`, or the origin custom
// headers x-sigv4-algorithm / x-sigv4-region-set, read from the origin only and never forwarded);
// a host that accepts only SigV4A can never be turned into a SigV4 one.
import { describe, expect, it } from "vitest";
import type { Config } from "../../src/config.ts";
import { CREDENTIALS, customOrigin, headers, isResponse, LAMBDA_URL, makeEvent, NOW, run, signed, value } from "./fixtures.ts";
import { verifySigV4aResult } from "./sigv4a-oracle.ts";

const API = "api.example.com";
const MRAP = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com";
const WEB_GLOBAL = "shop-7f3k2p.lambda-web.global.on.aws";

describe("SigV4A by configuration", () => {
  it("build-time config: algorithm sigv4a with a list of regions", async () => {
    const event = makeEvent({ origin: customOrigin(API) });
    const original = structuredClone(event);
    const config: Partial<Config> = { origins: { [API]: { service: "execute-api", algorithm: "sigv4a", regionSet: "eu-west-1,us-east-1" } } };
    const { request, logs } = await signed(event, { config });
    const verdict = await verifySigV4aResult(original, request, {
      service: "execute-api",
      regionSet: "eu-west-1,us-east-1",
      credentials: CREDENTIALS,
      now: NOW,
    });
    expect(verdict.errors).toEqual([]);
    expect(logs[0]).toMatchObject({ algorithm: "sigv4a", region: "eu-west-1,us-east-1", source: "config" });
  });

  it("origin custom headers: x-sigv4-algorithm and x-sigv4-region-set, removed before the origin; a viewer's are ignored", async () => {
    const event = makeEvent({
      headers: headers({ "X-Sigv4-Algorithm": "sigv4", "X-Sigv4-Region-Set": "ap-south-1", "X-Amz-Region-Set": "ap-south-1" }),
      origin: customOrigin(API, { "x-sigv4-algorithm": "SigV4A", "x-sigv4-region-set": "eu-west-1, us-east-1", "x-sigv4-service": "lambda" }),
    });
    const original = structuredClone(event);
    const { request, logs } = await signed(event);
    const verdict = await verifySigV4aResult(original, request, { service: "lambda", regionSet: "eu-west-1,us-east-1", credentials: CREDENTIALS, now: NOW });
    expect(verdict.errors).toEqual([]);
    expect(request.origin?.custom?.customHeaders).toEqual({});
    expect(Object.keys(request.headers).filter((name) => name.startsWith("x-sigv4-"))).toEqual([]);
    expect(logs[0]).toMatchObject({ source: "origin-headers" });
  });

  it("the header's region set wins over the config's; without either, *", async () => {
    const config: Partial<Config> = { origins: { [API]: { service: "execute-api", algorithm: "sigv4a", regionSet: "eu-west-1" } } };
    const byHeader = await signed(makeEvent({ origin: customOrigin(API, { "x-sigv4-region-set": "*" }) }), { config });
    expect(value(byHeader.request, "x-amz-region-set")).toBe("*");
    const byDefault = await signed(makeEvent({ origin: customOrigin(API, { "x-sigv4-algorithm": "sigv4a", "x-sigv4-service": "execute-api" }) }));
    expect(value(byDefault.request, "x-amz-region-set")).toBe("*");
  });

  it("x-sigv4-algorithm: sigv4a on a host that says SigV4 (a Lambda URL): SigV4A for its service", async () => {
    const event = makeEvent({ origin: customOrigin(LAMBDA_URL, { "x-sigv4-algorithm": "sigv4a" }) });
    const original = structuredClone(event);
    const { request } = await signed(event);
    const verdict = await verifySigV4aResult(original, request, { service: "lambda", regionSet: "*", credentials: CREDENTIALS, now: NOW });
    expect(verdict.errors).toEqual([]);
  });

  it("x-sigv4-algorithm: sigv4 on a SigV4 host: plain SigV4, no region set", async () => {
    const { request } = await signed(makeEvent({ origin: customOrigin(LAMBDA_URL, { "x-sigv4-algorithm": "sigv4" }) }));
    expect(value(request, "authorization")).toMatch(/^AWS4-HMAC-SHA256 Credential=[^/]+\/20261122\/eu-west-1\/lambda\//);
    expect(request.headers["x-amz-region-set"]).toBeUndefined();
  });
});

describe("no downgrade of a host that accepts only SigV4A", () => {
  it.each([
    ["x-sigv4-algorithm: sigv4 (MRAP)", makeEvent({ origin: customOrigin(MRAP, { "x-sigv4-algorithm": "sigv4" }) }), {}],
    ["x-sigv4-algorithm: sigv4 (Lambda Web Function global)", makeEvent({ origin: customOrigin(WEB_GLOBAL, { "x-sigv4-algorithm": "sigv4" }) }), {}],
    // The build refuses this configuration; a bundle given it anyway still refuses to sign.
    ["config algorithm sigv4", makeEvent({ origin: customOrigin(MRAP) }), { origins: { [MRAP]: { algorithm: "sigv4" } } }],
  ] as Array<[string, ReturnType<typeof makeEvent>, Partial<Config>]>)("%s: 502 that says SigV4A only", async (_name, event, config) => {
    const { result, logs } = await run(event, { config });
    expect(isResponse(result) && result.status).toBe("502");
    expect(isResponse(result) && String(result.body)).toContain("accepts SigV4A only");
    expect(logs).toEqual([expect.objectContaining({ outcome: "response", status: 502 })]);
  });
});
