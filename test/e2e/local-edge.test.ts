// End to end through the local edge and its embedded IAM-checking origins, with the built
// bundle (dist/index.mjs) signing. Every signature is judged by the origins, from the wire.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalEdge, startLocalEdge } from "../../local-edge/edge.ts";
import type { Exchange } from "../../local-edge/viewer-pipeline.ts";
import { TEST_BUNDLE } from "../support/test-bundle.ts";
import { binary, send, sha256 } from "./helpers.ts";

let edge: LocalEdge;
const exchanges: Exchange[] = [];
const printed: string[] = [];
const lastExchange = (method: string, target: string): Exchange => {
  const found = exchanges.filter((e) => e.method === method && e.target === target).at(-1);
  if (!found) throw new Error(`no exchange for ${method} ${target}`);
  return found;
};

beforeAll(async () => {
  edge = await startLocalEdge({ port: 0, handlerPath: TEST_BUNDLE, print: (line) => printed.push(line), onExchange: (e) => exchanges.push(e) });
});
afterAll(async () => {
  await edge?.close();
});

describe("S3-style bucket origin behind the edge (default behavior)", () => {
  it("a 100 KB binary PUT comes back byte for byte (GET, HEAD, then DELETE)", async () => {
    const bytes = binary(100 * 1024);
    const put = await send(edge.url, "/demo/small.bin", { method: "PUT", body: bytes, headers: { "Content-Type": "application/octet-stream" } });
    expect(put.status, put.text).toBe(200);
    expect(put.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);

    const get = await send(edge.url, "/demo/small.bin");
    expect(get.status).toBe(200);
    expect(get.body.equals(bytes)).toBe(true);
    expect(get.headers["content-type"]).toBe("application/octet-stream");
    expect(get.headers["x-cache"]).toBe("Miss from cloudfront");

    const head = await send(edge.url, "/demo/small.bin", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe(String(bytes.length));

    expect((await send(edge.url, "/demo/small.bin", { method: "DELETE" })).status).toBe(204);
    expect((await send(edge.url, "/demo/small.bin")).status).toBe(404);
  });

  it("a 3 MB binary PUT is cut at 1 MB in the event, yet the origin gets and returns all of it", async () => {
    const bytes = binary(3 * 1024 * 1024);
    const put = await send(edge.url, "/demo/large.bin", { method: "PUT", body: bytes });
    expect(put.status, put.text).toBe(200);

    const exchange = lastExchange("PUT", "/demo/large.bin");
    const body = exchange.event?.Records[0]?.cf.request.body;
    expect(body?.inputTruncated).toBe(true);
    expect(body?.encoding).toBe("base64");
    const cut = Buffer.from(body?.data ?? "", "base64");
    expect(cut.length).toBe(1024 * 1024);
    expect(cut.equals(bytes.subarray(0, 1024 * 1024))).toBe(true);
    expect(exchange.wire?.bodyLength).toBe(bytes.length);
    expect(exchange.wire?.headers["x-amz-content-sha256"]).toBe("UNSIGNED-PAYLOAD");

    const get = await send(edge.url, "/demo/large.bin");
    expect(get.status).toBe(200);
    expect(get.body.length).toBe(bytes.length);
    expect(sha256(get.body)).toBe(sha256(bytes));
  });

  it("a path with spaces, '+' and unicode names the key S3 would (a raw '+' is a space)", async () => {
    const bytes = binary(2048);
    const put = await send(edge.url, "/demo/dir%20one/a+b%20%E2%9C%93.txt", { method: "PUT", body: bytes });
    expect(put.status, put.text).toBe(200);
    const same = await send(edge.url, "/demo/dir%20one/a%20b%20%E2%9C%93.txt");
    expect(same.status).toBe(200);
    expect(same.body.equals(bytes)).toBe(true);

    const plus = Buffer.from("a literal plus");
    expect((await send(edge.url, "/demo/c%2Bd", { method: "PUT", body: plus })).status).toBe(200);
    expect((await send(edge.url, "/demo/c%2bd")).body.equals(plus)).toBe(true);
    expect((await send(edge.url, "/demo/c+d")).status).toBe(404);

    const list = await send(edge.url, "/demo?list-type=2&prefix=dir%20one/");
    expect(list.status, list.text).toBe(200);
    expect(list.text).toContain("<Key>dir one/a b ✓.txt</Key>");
  });

  it("a query with repeated keys, reserved characters and unicode is signed as S3 reads it", async () => {
    expect((await send(edge.url, "/demo/q.txt", { method: "PUT", body: "q" })).status).toBe(200);
    const get = await send(edge.url, "/demo/q.txt?x=2&x=1&y=%2F%3F%26%3D&z=%E2%9C%93&w=[a]&v=a+b&empty=&bare");
    expect(get.status, get.text).toBe(200);
    expect(get.text).toBe("q");
  });

  it("an S3 error from the origin reaches the viewer as S3 wrote it", async () => {
    const missing = await send(edge.url, "/demo/never-written");
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("<Code>NoSuchKey</Code>");
    const nobucket = await send(edge.url, "/no-such-bucket/key");
    expect(nobucket.status).toBe(404);
    expect(nobucket.text).toContain("<Code>NoSuchBucket</Code>");
  });
});

describe("function-URL-style origin behind the edge (/api/*)", () => {
  it("a 100 KB binary POST reaches the echo with its SHA-256 and length", async () => {
    const bytes = binary(100 * 1024);
    const answer = await send(edge.url, "/api/upload", { method: "POST", body: bytes, headers: { "Content-Type": "application/octet-stream" } });
    expect(answer.status, answer.text).toBe(200);
    const echo = JSON.parse(answer.text);
    expect(echo.method).toBe("POST");
    expect(echo.path).toBe("/api/upload");
    expect(echo.body).toEqual({ length: bytes.length, sha256: sha256(bytes) });
    expect(echo.credentialScope).toMatch(/^\d{8}\/us-east-1\/lambda\/aws4_request$/);
    expect(echo.headers["x-amz-content-sha256"]).toBe(sha256(bytes));
  });

  it("a query with repeated keys, reserved characters and unicode arrives as the viewer meant it", async () => {
    const answer = await send(edge.url, "/api/search?tag=b&tag=a&tag=b&q=%2F%3F%26%3D%23&name=%E2%9C%93%20caf%C3%A9&raw=[x]&sp=a+b&empty=&bare");
    expect(answer.status, answer.text).toBe(200);
    const echo = JSON.parse(answer.text);
    expect(echo.queryParameters).toEqual({ tag: ["b", "a", "b"], q: "/?&=#", name: "✓ café", raw: "[x]", sp: "a b", empty: "", bare: "" });
    // Function URLs reject raw brackets: what reaches the origin is RFC 3986-encoded.
    expect(echo.query).not.toMatch(/[[\]]/);
  });

  it("a path with spaces, '+' and unicode arrives as sent and is signed as the service reads it", async () => {
    const answer = await send(edge.url, "/api/files/dir%20one/a+b/%E2%9C%93.txt");
    expect(answer.status, answer.text).toBe(200);
    expect(JSON.parse(answer.text).path).toBe("/api/files/dir%20one/a+b/%E2%9C%93.txt");
  });

  it("a 2 MB POST without the viewer's x-amz-content-sha256 gets the function's own 413, passed to the viewer as is", async () => {
    const answer = await send(edge.url, "/api/big", { method: "POST", body: binary(2 * 1024 * 1024) });
    expect(answer.status).toBe(413);
    expect(answer.headers["x-cache"]).toBe("LambdaGeneratedResponse from cloudfront");
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(answer.text).message).toContain("x-amz-content-sha256");
  });

  it("a 2 MB POST with the viewer's x-amz-content-sha256 is signed with it and accepted", async () => {
    const bytes = binary(2 * 1024 * 1024);
    const answer = await send(edge.url, "/api/big", { method: "POST", body: bytes, headers: { "x-amz-content-sha256": sha256(bytes) } });
    expect(answer.status, answer.text).toBe(200);
    expect(JSON.parse(answer.text).body).toEqual({ length: bytes.length, sha256: sha256(bytes) });
  });
});

describe("the origins refuse what the edge did not sign", () => {
  it("a direct unsigned request to the bucket origin is 403 AccessDenied", async () => {
    const bucket = edge.behaviors.find((b) => b.pathPattern === "*")?.url;
    const answer = await send(bucket ?? "", "/demo/q.txt");
    expect(answer.status).toBe(403);
    expect(answer.text).toContain("<Code>AccessDenied</Code>");
  });

  it("a direct unsigned request to the function-URL origin is 403 Forbidden", async () => {
    const functionUrl = edge.behaviors.find((b) => b.pathPattern === "/api/*")?.url;
    const answer = await send(functionUrl ?? "", "/api/x", { method: "POST", body: "x" });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text)).toEqual({ Message: "Forbidden" });
  });
});

describe("what the function is given and what goes on the wire", () => {
  it("builds the event as CloudFront does", async () => {
    const answer = await send(edge.url, "/api/event?a=1", {
      method: "POST",
      body: "hello",
      headers: { "User-Agent": "test-agent/1", "X-Forwarded-For": "198.51.100.7", Cookie: "s=1", "X-Forwarded-Proto": "https" },
    });
    expect(answer.status, answer.text).toBe(200);
    const exchange = lastExchange("POST", "/api/event?a=1");
    const cf = exchange.event?.Records[0]?.cf;
    expect(cf?.config.eventType).toBe("origin-request");
    expect(cf?.config.requestId).toMatch(/^[A-Za-z0-9_-]{54}==$/);
    expect(cf?.config.distributionDomainName).toMatch(/^d[a-z0-9]{13}\.cloudfront\.net$/);
    const request = cf?.request;
    expect(request?.uri).toBe("/api/event");
    expect(request?.querystring).toBe("a=1");
    expect(request?.body).toEqual({ action: "read-only", data: Buffer.from("hello").toString("base64"), encoding: "base64", inputTruncated: false });
    const functionUrl = edge.behaviors.find((b) => b.pathPattern === "/api/*")?.url ?? "";
    expect(request?.headers.host).toEqual([{ key: "Host", value: new URL(functionUrl).host }]);
    expect(request?.headers["user-agent"]?.[0]?.value).toBe("test-agent/1");
    expect(request?.headers["x-forwarded-for"]?.[0]?.value).toBe("198.51.100.7, 127.0.0.1");
    expect(request?.headers.via?.[0]?.value).toMatch(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect(request?.headers.cookie?.[0]?.value).toBe("s=1");
    expect(request?.headers["x-forwarded-proto"]).toBeUndefined();
    expect(request?.origin).toMatchObject({
      custom: { domainName: "127.0.0.1", protocol: "http", customHeaders: { "x-sigv4-service": [{ value: "lambda" }] } },
    });

    // On the wire: X-Amz-Cf-Id is the request id, Via comes from another CloudFront server,
    // the origin's configuration headers are gone.
    const echo = JSON.parse(answer.text);
    expect(echo.headers["x-amz-cf-id"]).toBe(cf?.config.requestId);
    expect(echo.headers.via).toMatch(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect(echo.headers.via).not.toBe(request?.headers.via?.[0]?.value);
    expect(echo.headers["x-forwarded-for"]).toBe("198.51.100.7, 127.0.0.1");
    expect(echo.headers["x-sigv4-service"]).toBeUndefined();
    expect(echo.headers.cookie).toBe("<redacted>");
  });

  it("sets User-Agent: Amazon CloudFront when the viewer sends none", async () => {
    const answer = await send(edge.url, "/api/no-agent");
    expect(answer.status).toBe(200);
    expect(lastExchange("GET", "/api/no-agent").event?.Records[0]?.cf.request.headers["user-agent"]).toEqual([
      { key: "User-Agent", value: "Amazon CloudFront" },
    ]);
  });

  it("prints one access-log line per request with the service and region signed for, and never a secret", () => {
    expect(printed[0]).toMatch(/^edge-sigv4 local edge listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.some((line) => /^PUT \/demo\/small\.bin 200 \d+B \d+ms s3\/us-east-1$/.test(line))).toBe(true);
    expect(printed.some((line) => /^POST \/api\/upload 200 \d+B \d+ms lambda\/us-east-1$/.test(line))).toBe(true);
    for (const exchange of exchanges) {
      for (const value of Object.values(exchange.wire?.headers ?? {})) expect(value).not.toMatch(/Signature=[0-9a-f]{64}/);
    }
    const all = printed.join("\n");
    expect(all).not.toMatch(/Signature=[0-9a-f]{64}/);
    expect(all).not.toMatch(/IQoJb3JpZ2luX2Vj/); // the generated session tokens' prefix
  });
});

describe("with include body off (--no-include-body)", () => {
  let bodyless: LocalEdge;
  const seen: Exchange[] = [];
  beforeAll(async () => {
    bodyless = await startLocalEdge({ port: 0, handlerPath: TEST_BUNDLE, includeBody: false, print: () => {}, onExchange: (e) => seen.push(e) });
  });
  afterAll(async () => {
    await bodyless?.close();
  });

  it("the event has no body; S3 still gets the whole body, signed UNSIGNED-PAYLOAD", async () => {
    const bytes = binary(10 * 1024);
    expect((await send(bodyless.url, "/demo/nobody.bin", { method: "PUT", body: bytes })).status).toBe(200);
    expect(seen.at(-1)?.event?.Records[0]?.cf.request.body).toBeUndefined();
    expect(seen.at(-1)?.wire?.headers["x-amz-content-sha256"]).toBe("UNSIGNED-PAYLOAD");
    expect((await send(bodyless.url, "/demo/nobody.bin")).body.equals(bytes)).toBe(true);
  });

  it("a POST to the function URL cannot be signed without the body: the function answers 502", async () => {
    const answer = await send(bodyless.url, "/api/x", { method: "POST", body: "abc" });
    expect(answer.status).toBe(502);
    expect(answer.headers["x-cache"]).toBe("LambdaGeneratedResponse from cloudfront");
    expect(JSON.parse(answer.text).message).toContain("Include body");
  });
});
