// A target known by halves: the region from one source and the service from none (or the
// reverse) takes the missing half from the config's defaultTarget, never from a lower-precedence
// guess; without a defaultTarget the viewer gets a 502 that says what to set.
import { describe, expect, it } from "vitest";
import { customOrigin, isResponse, LAMBDA_URL, makeEvent, run, signed, value } from "./fixtures.ts";

const defaultTarget = { service: "execute-api", region: "eu-west-1" };
const scope = (authorization: string | undefined) => /Credential=[^/]+\/\d{8}\/([^/]+\/[^/]+)\//.exec(authorization ?? "")?.[1];

describe("a target known by halves", () => {
  it.each([
    ["a region header, no service", customOrigin("api.example.com", { "x-sigv4-region": "us-east-2" }), {}, "us-east-2/execute-api", "default/origin-headers"],
    ["a service header, no region", customOrigin("api.example.com", { "x-sigv4-service": "lambda" }), {}, "eu-west-1/lambda", "origin-headers/default"],
    [
      "a config entry with a region only",
      customOrigin("api.example.com"),
      { "api.example.com": { region: "ap-south-1" } },
      "ap-south-1/execute-api",
      "default/config",
    ],
    ["a config entry with a service only", customOrigin("api.example.com"), { "api.example.com": { service: "es" } }, "eu-west-1/es", "config/default"],
  ])("%s takes the other half from defaultTarget", async (_name, origin, origins, expectedScope, source) => {
    const { request, logs } = await signed(makeEvent({ origin }), { config: { defaultTarget, origins } });
    expect(scope(value(request, "authorization"))).toBe(expectedScope);
    expect(logs[0]).toMatchObject({ outcome: "signed", source });
  });

  it("a recognised host keeps its own half: a region header on a Lambda URL stays lambda", async () => {
    const origin = customOrigin(LAMBDA_URL, { "x-sigv4-region": "us-east-2" });
    const { request, logs } = await signed(makeEvent({ origin }), { config: { defaultTarget } });
    expect(scope(value(request, "authorization"))).toBe("us-east-2/lambda");
    expect(logs[0]).toMatchObject({ source: "host/origin-headers" });
  });

  it.each([
    ["x-sigv4-region", "x-sigv4-service"],
    ["x-sigv4-service", "x-sigv4-region"],
  ])("without defaultTarget, %s alone answers 502 naming %s and defaultTarget", async (given, missing) => {
    const { result } = await run(makeEvent({ origin: customOrigin("api.example.com", { [given]: given.endsWith("region") ? "us-east-2" : "lambda" }) }));
    expect(isResponse(result) && result.status).toBe("502");
    expect(isResponse(result) && String(result.body)).toContain(missing);
    expect(isResponse(result) && String(result.body)).toContain("defaultTarget");
  });
});
