// The path and query the function writes back are the ones it signed.
import { describe, expect, it } from "vitest";
import { BUCKET, customOrigin, isResponse, LAMBDA_URL, makeEvent, run, s3Origin, signed } from "./fixtures.ts";

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
