// CloudFront refuses a request whose line and headers exceed 20,480 bytes. The function answers a
// clear 502 instead, by the bytes that would go on the wire: UTF-8 (CloudFront forwards UTF-8),
// with what CloudFront adds after the function (origin path, X-Amz-Cf-Id, Via, the viewer's
// address in X-Forwarded-For). The oracle is the wire request rebuilt from the returned request
// (the CloudFront emulator's), counted as the conformance test counts it.
import type { CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { buildWireRequest } from "../../cloudfront-emulator/index.ts";
import { BUCKET, customOrigin, headers, isResponse, LAMBDA_URL, makeEvent, run, s3Origin } from "./fixtures.ts";

const LIMIT = 20_480;
// How far under the limit the function may refuse: its count is an upper bound (CloudFront's Via
// hop counted after the event's, one line per header entry).
const SLACK = 160;

function wireHeadBytes(event: CloudFrontRequestEvent, result: CloudFrontRequest): number {
  const wire = buildWireRequest(event, result);
  const lines = Object.entries(wire.headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return Buffer.byteLength(`${wire.method} ${wire.target} HTTP/1.1\r\n${lines.join("")}\r\n`);
}

/** The largest repeat count of `unit` in a viewer header that the function still signs, and its wire head. */
async function largestSigned(build: (filler: string) => CloudFrontRequestEvent, unit: string): Promise<{ count: number; wireBytes: number }> {
  let low = 0;
  let high = Math.ceil(LIMIT / unit.length);
  while (low < high) {
    const count = Math.ceil((low + high) / 2);
    const { result } = await run(build(unit.repeat(count)));
    if (isResponse(result)) {
      expect(result.status).toBe("502");
      expect(String(result.body)).toContain("20480-byte limit");
      high = count - 1;
    } else {
      low = count;
    }
  }
  const event = build(unit.repeat(low));
  const original = structuredClone(event);
  const { result } = await run(event);
  if (isResponse(result)) throw new Error("expected the largest count to be signed");
  return { count: low, wireBytes: wireHeadBytes(original, result) };
}

const LONG_PATH = `/${"prefix/".repeat(40)}`;

describe("the 20,480-byte limit on the request line and headers", () => {
  it.each([
    ["ASCII", "a"],
    ["é (2 UTF-8 bytes, 1 UTF-16 unit)", "é"],
    ["€ (3 UTF-8 bytes)", "€"],
    ["😀 (4 UTF-8 bytes, 2 UTF-16 units)", "😀"],
  ])("a viewer header of %s: signed only while the wire head fits, refused just past it", async (_name, unit) => {
    const { wireBytes } = await largestSigned((filler) => makeEvent({ headers: headers({ "X-Note": filler, "User-Agent": "curl/8" }) }), unit);
    expect(wireBytes).toBeLessThanOrEqual(LIMIT);
    expect(wireBytes).toBeGreaterThan(LIMIT - SLACK);
  });

  it.each([
    ["a custom origin with an origin path (X-Amz-Cf-Id added)", customOrigin(LAMBDA_URL, { "x-api-key": "operator-key" }, { path: LONG_PATH })],
    ["an S3 origin with an origin path", s3Origin(BUCKET, { path: LONG_PATH })],
  ])("counts what CloudFront adds for %s", async (_name, origin) => {
    const build = (filler: string) =>
      makeEvent({
        headers: headers({ "X-Note": filler, "X-Forwarded-For": "198.51.100.7", Via: "2.0 2afae0d44e2540f472c0635ab62c232b.cloudfront.net (CloudFront)" }),
        origin,
      });
    const { wireBytes } = await largestSigned(build, "é");
    expect(wireBytes).toBeLessThanOrEqual(LIMIT);
    expect(wireBytes).toBeGreaterThan(LIMIT - SLACK);
  });

  it("counts a viewer header an origin custom header replaces once", async () => {
    const build = (filler: string) =>
      makeEvent({ headers: headers({ "X-Note": filler, "X-Api-Key": "v".repeat(4000) }), origin: customOrigin(LAMBDA_URL, { "x-api-key": "operator" }) });
    const { wireBytes } = await largestSigned(build, "a");
    expect(wireBytes).toBeGreaterThan(LIMIT - SLACK);
  });
});
