// Anything that cannot be signed becomes a generated response and one log line.
import { describe, expect, it } from "vitest";
import { BUCKET, customOrigin, headers, isResponse, LAMBDA_URL, makeEvent, REQUEST_ID, run, s3Origin } from "./fixtures.ts";

describe("failures are answers, never exceptions", () => {
  it("answers 500 and refuses to forward unsigned when credentials are missing", async () => {
    const { result, logs } = await run(makeEvent(), { credentials: undefined });
    expect(isResponse(result) && result.status).toBe("500");
    expect(logs[0]).toMatchObject({ level: "error", requestId: REQUEST_ID, status: 500 });
  });

  it.each([
    [
      "x-sigv4-algorithm: sigv4 for a Multi-Region Access Point (SigV4A only)",
      makeEvent({ origin: customOrigin("mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com", { "x-sigv4-algorithm": "sigv4" }) }),
      "502",
    ],
    ["a malformed x-sigv4-role-arn", makeEvent({ origin: customOrigin(LAMBDA_URL, { "x-sigv4-role-arn": "arn:aws:iam::1:role/x" }) }), "502"],
    ["a region set for a SigV4 origin", makeEvent({ origin: customOrigin(LAMBDA_URL, { "x-sigv4-region-set": "*" }) }), "502"],
    ["a malformed x-sigv4-region-set", makeEvent({ origin: customOrigin(LAMBDA_URL, { "x-sigv4-algorithm": "sigv4a", "x-sigv4-region-set": "eu,*" }) }), "502"],
    ["an x-sigv4-algorithm that is neither", makeEvent({ origin: customOrigin(LAMBDA_URL, { "x-sigv4-algorithm": "sigv5" }) }), "502"],
    ["an origin custom header that would replace the signature", makeEvent({ origin: customOrigin(LAMBDA_URL, { "x-amz-date": "x" }) }), "502"],
    [
      "a service header without a region for an unknown host",
      makeEvent({ origin: customOrigin("api.example.com", { "x-sigv4-service": "execute-api" }) }),
      "502",
    ],
    ["a malformed region header", makeEvent({ origin: customOrigin(LAMBDA_URL, { "x-sigv4-region": "Europe" }) }), "502"],
    ["a signed request over CloudFront's 20,480-byte head limit", makeEvent({ headers: headers({ Cookie: "c=".padEnd(20_400, "x") }) }), "502"],
  ])("answers for %s", async (_name, event, status) => {
    const { result, logs } = await run(event);
    expect(isResponse(result) && result.status).toBe(status);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ requestId: REQUEST_ID, outcome: "response" });
  });

  const valid = () => makeEvent();
  const request = (event: ReturnType<typeof makeEvent>) => event.Records[0]!.cf.request as unknown as Record<string, unknown>;
  const malformed: Array<[string, unknown, string]> = [
    ["undefined", undefined, "502"],
    ["null", null, "502"],
    ["a string", "GET /", "502"],
    ["no Records", {}, "502"],
    ["empty Records", { Records: [] }, "502"],
    ["no cf", { Records: [{}] }, "502"],
    [
      "a viewer-request event",
      (() => {
        const e = valid();
        (e.Records[0]!.cf.config as { eventType: string }).eventType = "viewer-request";
        return e;
      })(),
      "502",
    ],
    [
      "no origin",
      (() => {
        const e = valid();
        delete request(e).origin;
        return e;
      })(),
      "502",
    ],
    [
      "two origins",
      (() => {
        const e = valid();
        request(e).origin = { ...customOrigin(LAMBDA_URL), ...s3Origin(BUCKET) };
        return e;
      })(),
      "502",
    ],
    [
      "a numeric domain name",
      (() => {
        const e = valid();
        request(e).origin = { custom: { domainName: 42 } };
        return e;
      })(),
      "502",
    ],
    [
      "headers that are not a map",
      (() => {
        const e = valid();
        request(e).headers = [["host", "x"]];
        return e;
      })(),
      "502",
    ],
    [
      "a header value that is not a string",
      (() => {
        const e = valid();
        request(e).headers = { host: [{ key: "Host", value: 1 }] };
        return e;
      })(),
      "502",
    ],
    [
      "an uppercase header name",
      (() => {
        const e = valid();
        request(e).headers = { Host: [{ key: "Host", value: "x" }] };
        return e;
      })(),
      "502",
    ],
    [
      "a missing uri",
      (() => {
        const e = valid();
        delete request(e).uri;
        return e;
      })(),
      "502",
    ],
    [
      "a numeric method",
      (() => {
        const e = valid();
        request(e).method = 1;
        return e;
      })(),
      "502",
    ],
    [
      "an unknown body encoding",
      (() => {
        const e = valid();
        request(e).body = { encoding: "gzip", data: "", inputTruncated: false };
        return e;
      })(),
      "502",
    ],
    [
      "a body without data",
      (() => {
        const e = valid();
        request(e).body = { encoding: "text", inputTruncated: false };
        return e;
      })(),
      "502",
    ],
    [
      "a non-numeric port",
      (() => {
        const e = valid();
        request(e).origin = customOrigin(LAMBDA_URL, {}, { port: "https" });
        return e;
      })(),
      "502",
    ],
  ];

  it.each(malformed)("answers a malformed event (%s) with %s and one log line", async (_name, event, status) => {
    const { result, logs } = await run(event);
    expect(isResponse(result) && result.status).toBe(status);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ level: "error", outcome: "response", status: Number(status) });
    expect(String(logs[0]?.reason)).toMatch(/malformed origin-request event|no s3 or custom/);
  });

  it("never throws, whatever part of a valid event is replaced by a wrong type", async () => {
    const paths = ["method", "uri", "querystring", "headers", "origin", "body", "clientIp"];
    const wrong = [null, 0, true, "", [], {}, { data: 1 }];
    for (const path of paths) {
      for (const replacement of wrong) {
        const event = valid();
        request(event)[path] = replacement;
        const { result } = await run(event);
        expect(result).toBeTypeOf("object");
      }
    }
  });
});
