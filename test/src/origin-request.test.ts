import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EMPTY_SHA256, UNSIGNED_PAYLOAD } from "../../src/payload-hash.ts";
import {
  BUCKET,
  CREDENTIALS,
  customOrigin,
  headers,
  isResponse,
  LAMBDA_URL,
  makeEvent,
  REQUEST_ID,
  run,
  SECRETS,
  s3Origin,
  signedHeaderNames,
} from "./fixtures.ts";

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const value = (result: unknown, name: string): string | undefined =>
  (result as { headers: Record<string, { value: string }[]> }).headers[name]?.map((h) => h.value).join(",");

async function signed(event: unknown, options?: Parameters<typeof run>[1]) {
  const outcome = await run(event, options);
  if (isResponse(outcome.result)) throw new Error(`expected a signed request, got ${outcome.result.status}: ${String(outcome.result.body)}`);
  return { ...outcome, request: outcome.result };
}

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

describe("the request that is signed is the request that is sent", () => {
  it("rewrites the query string to the RFC 3986 form it signed, keeping repeated keys and dropping viewer auth parameters", async () => {
    const event = makeEvent({ querystring: "b=2&a=[1]&a=x+y&flag&q=%E2%82%AC%2B&X-Amz-Signature=forged&pct=100%" });
    const { request, logs } = await signed(event, { config: { logLevel: "debug" } });
    expect(request.querystring).toBe("b=2&a=%5B1%5D&a=x%20y&flag=&q=%E2%82%AC%2B&pct=100%25");
    expect(String(logs[0]?.canonicalRequest).split("\n")[2]).toBe("a=%5B1%5D&a=x%20y&b=2&flag=&pct=100%25&q=%E2%82%AC%2B");
  });

  it("signs query names that are also Object's own property names", async () => {
    const event = makeEvent({ querystring: "constructor=1&__proto__=x&toString=a&toString=b&hasOwnProperty=2" });
    const { request } = await signed(event);
    expect(request.querystring).toBe("constructor=1&__proto__=x&toString=a&toString=b&hasOwnProperty=2");
  });

  it("answers 400 for query escapes that are not UTF-8", async () => {
    const { result } = await run(makeEvent({ querystring: "a=%FF" }));
    expect(isResponse(result) && result.status).toBe("400");
  });

  it("rewrites an S3 path to its canonical form (a raw + is a space to S3) and signs it without a second encoding", async () => {
    const event = makeEvent({ uri: "/photos/a+b/c d/%E2%82%AC(1).jpg", origin: s3Origin(BUCKET, { path: "/pre fix" }) });
    const { request, logs } = await signed(event, { config: { logLevel: "debug" } });
    expect(request.uri).toBe("/photos/a%20b/c%20d/%E2%82%AC%281%29.jpg");
    expect(request.origin?.s3?.path).toBe("/pre%20fix");
    expect(String(logs[0]?.canonicalRequest).split("\n")[1]).toBe("/pre%20fix/photos/a%20b/c%20d/%E2%82%AC%281%29.jpg");
  });

  it("signs an encoded slash in an S3 key as the slash it is in the key", async () => {
    const event = makeEvent({ uri: "/docs/a%2Fb%2fc.txt", origin: s3Origin(BUCKET) });
    const { request } = await signed(event);
    expect(request.uri).toBe("/docs/a/b/c.txt");
  });

  it("leaves a non-S3 path as it is on the wire and lets the signer encode it once more", async () => {
    const event = makeEvent({ uri: "/items/a%20b", origin: customOrigin(LAMBDA_URL, {}, { path: "/v1" }) });
    const { request, logs } = await signed(event, { config: { logLevel: "debug" } });
    expect(request.uri).toBe("/items/a%20b");
    expect(String(logs[0]?.canonicalRequest).split("\n")[1]).toBe("/v1/items/a%2520b");
  });
});

describe("body and payload hash", () => {
  const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x0a, 0xe2, 0x82]);

  it("hashes the decoded bytes of a binary base64 body, not a UTF-8 reading of them", async () => {
    const event = makeEvent({ method: "POST", body: { action: "read-only", encoding: "base64", inputTruncated: false, data: binary.toString("base64") } });
    const { request } = await signed(event);
    expect(value(request, "x-amz-content-sha256")).toBe(sha256(binary));
    expect(value(request, "x-amz-content-sha256")).not.toBe(sha256(binary.toString("utf8")));
    expect(request.body?.data).toBe(binary.toString("base64")); // never replaced
  });

  it("hashes a text body as its UTF-8 bytes", async () => {
    const text = '{"name":"Zoë €"}';
    const event = makeEvent({ method: "PUT", body: { action: "read-only", encoding: "text", inputTruncated: false, data: text } });
    expect(value((await signed(event)).request, "x-amz-content-sha256")).toBe(sha256(Buffer.from(text, "utf8")));
  });

  it("replaces a viewer's x-amz-content-sha256 on a complete body with the computed hash", async () => {
    const event = makeEvent({
      method: "POST",
      headers: headers({ "X-Amz-Content-Sha256": "0".repeat(64) }),
      body: { action: "read-only", encoding: "text", inputTruncated: false, data: "hello" },
    });
    expect(value((await signed(event)).request, "x-amz-content-sha256")).toBe(sha256("hello"));
  });

  it.each(["aGVsbG8=\n", "aGVs bG8=", "aGVsbG8", "aGVs*G8=", "aGVsbG9=", "aGV-bG8_", "aGVsbG8==="])(
    "answers 400 for a body that is not strict base64: %j",
    async (data) => {
      const { result, logs } = await run(makeEvent({ method: "POST", body: { action: "read-only", encoding: "base64", inputTruncated: false, data } }));
      expect(isResponse(result) && result.status).toBe("400");
      expect(logs[0]).toMatchObject({ level: "warn", status: 400, requestId: REQUEST_ID });
    },
  );

  const truncated = { action: "read-only" as const, encoding: "base64" as const, inputTruncated: true, data: Buffer.alloc(1024 * 1024, 7).toString("base64") };

  it("signs UNSIGNED-PAYLOAD for S3 when the event's body was cut at 1 MB", async () => {
    const event = makeEvent({ method: "PUT", uri: "/big.bin", body: truncated, origin: s3Origin(BUCKET) });
    expect(value((await signed(event)).request, "x-amz-content-sha256")).toBe(UNSIGNED_PAYLOAD);
  });

  it("uses the viewer's hash for a truncated body to a non-S3 origin, and answers 413 without one", async () => {
    const viewerHash = "a".repeat(64);
    const withHash = makeEvent({ method: "POST", body: truncated, headers: headers({ "x-amz-content-sha256": viewerHash }) });
    expect(value((await signed(withHash)).request, "x-amz-content-sha256")).toBe(viewerHash);
    for (const bad of [undefined, "UNSIGNED-PAYLOAD", "A".repeat(64), "a".repeat(63)]) {
      const event = makeEvent({ method: "POST", body: truncated, ...(bad ? { headers: headers({ "x-amz-content-sha256": bad }) } : {}) });
      const { result } = await run(event);
      expect(isResponse(result) && result.status).toBe("413");
      expect(isResponse(result) && String(result.body)).toContain("x-amz-content-sha256");
    }
  });

  it("does not sign an empty hash for a body the event does not include", async () => {
    const noBody = makeEvent({ method: "POST", headers: headers({ "Content-Length": "5" }) });
    const { result } = await run(noBody);
    expect(isResponse(result) && result.status).toBe("502");
    const s3 = makeEvent({ method: "PUT", headers: headers({ "Content-Length": "5" }), origin: s3Origin(BUCKET) });
    expect(value((await signed(s3)).request, "x-amz-content-sha256")).toBe(UNSIGNED_PAYLOAD);
  });
});

describe("viewer hygiene", () => {
  it("removes viewer credentials and x-amz-* headers; a viewer cannot choose an ACL or encryption", async () => {
    const event = makeEvent({
      headers: headers({
        Authorization: "Bearer viewer-token",
        "X-Amz-Security-Token": "viewer-session",
        "X-Amz-Date": "20200101T000000Z",
        "X-Amz-Acl": "public-read",
        "X-Amz-Server-Side-Encryption": "AES256",
        "X-Amz-Meta-Owner": "viewer",
        "Content-Length": "0",
      }),
      origin: customOrigin(BUCKET),
    });
    const { request } = await signed(event);
    expect(Object.keys(request.headers).sort()).toEqual(
      ["authorization", "content-length", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"].sort(),
    );
    expect(value(request, "authorization")).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(value(request, "x-amz-security-token")).toBe(CREDENTIALS.sessionToken);
  });

  it("lets allowlisted viewer x-amz-* headers through, and signs them", async () => {
    const event = makeEvent({ headers: headers({ "X-Amz-Meta-Owner": "viewer", "X-Amz-Acl": "public-read" }), origin: customOrigin(BUCKET) });
    const { request } = await signed(event, { config: { allowViewerAmzHeaders: ["x-amz-meta-*"] } });
    expect(value(request, "x-amz-meta-owner")).toBe("viewer");
    expect(request.headers["x-amz-acl"]).toBeUndefined();
    expect(signedHeaderNames(request)).toContain("x-amz-meta-owner");
  });

  it("signs x-amz-* origin custom headers (the operator's), which CloudFront adds after the function", async () => {
    const event = makeEvent({ origin: customOrigin(BUCKET, { "x-amz-server-side-encryption": "aws:kms" }) });
    expect(signedHeaderNames((await signed(event)).request)).toContain("x-amz-server-side-encryption");
  });
});

describe("failures are answers, never exceptions", () => {
  it("answers 500 and refuses to forward unsigned when credentials are missing", async () => {
    const { result, logs } = await run(makeEvent(), { credentials: undefined });
    expect(isResponse(result) && result.status).toBe("500");
    expect(logs[0]).toMatchObject({ level: "error", requestId: REQUEST_ID, status: 500 });
  });

  it.each([
    ["an S3 Multi-Region Access Point (SigV4A)", makeEvent({ origin: s3Origin("mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com") }), "502"],
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

describe("logs", () => {
  it("never contain the secret key, session token, Authorization, cookies or signatures — even at debug level", async () => {
    const events = [
      makeEvent(),
      makeEvent({ method: "POST", body: { action: "read-only", encoding: "text", inputTruncated: false, data: "x" } }),
      makeEvent({ origin: customOrigin(LAMBDA_URL, { "x-sigv4-debug": "1" }) }),
      makeEvent({ headers: headers({ Authorization: "Bearer viewer-secret-never-printed" }) }),
      makeEvent({ querystring: "a=%FF" }),
    ];
    for (const config of [{ logLevel: "debug" as const }, { logLevel: "info" as const }]) {
      for (const event of events) {
        const { raw } = await run(event, { config });
        for (const line of raw) {
          for (const secret of [...SECRETS, "viewer-secret-never-printed"]) expect(line).not.toContain(secret);
        }
      }
    }
  });

  it("adds the canonical request (token redacted) and string to sign for an origin with x-sigv4-debug: 1", async () => {
    const { logs } = await run(makeEvent({ origin: customOrigin(LAMBDA_URL, { "x-sigv4-debug": "1" }) }));
    expect(logs[0]).toMatchObject({ level: "info", msg: "signed" });
    expect(String(logs[0]?.canonicalRequest)).toContain("x-amz-security-token:<redacted>\n");
    expect(String(logs[0]?.stringToSign)).toMatch(/^AWS4-HMAC-SHA256\n20261122T120000Z\n20261122\/eu-west-1\/lambda\/aws4_request\n[0-9a-f]{64}$/);
  });
});
