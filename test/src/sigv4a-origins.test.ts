// SigV4A origins end to end through the handler, judged on the wire by the SigV4A oracle: S3 path
// and payload rules for a Multi-Region Access Point, function-URL body rules for a Lambda Web
// Function global endpoint, the debug explanation, and the oracle's own ability to refuse.
import { createHash } from "node:crypto";
import type { CloudFrontRequest } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { buildWireRequest } from "../../cloudfront-emulator/index.ts";
import { UNSIGNED_PAYLOAD } from "../../src/payload-hash.ts";
import { CREDENTIALS, customOrigin, headers, isResponse, makeEvent, NOW, run, SECRETS, s3Origin, signed, value } from "./fixtures.ts";
import { verifySigV4aResult, verifySigV4aWire } from "./sigv4a-oracle.ts";

const MRAP = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com";
const WEB_GLOBAL = "shop-7f3k2p.lambda-web.global.on.aws";
const JSON_BODY = '{"item":"crème brûlée","qty":2}';
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

function body(data: string, encoding: "text" | "base64", inputTruncated = false): CloudFrontRequest["body"] {
  return { action: "read-only", data, encoding, inputTruncated };
}

describe("S3 Multi-Region Access Points", () => {
  it("GET, S3 origin with origin.s3.region: S3 path rules (no second encoding), x-amz-cf-id not signed", async () => {
    const event = makeEvent({
      uri: "/photos/2026/a%20cat+dog.jpg",
      querystring: "versionId=3%2Fx&response-content-type=text/html",
      origin: s3Origin(MRAP, { authMethod: "origin-access-identity", region: "eu-west-1" }),
    });
    const original = structuredClone(event);
    const { request, logs } = await signed(event);
    const verdict = await verifySigV4aResult(original, request, { service: "s3", regionSet: "*", credentials: CREDENTIALS, now: NOW });
    expect(verdict.errors).toEqual([]);
    expect(verdict.signedHeaders).not.toContain("x-amz-cf-id");
    expect(request.uri).toBe("/photos/2026/a%20cat%20dog.jpg"); // S3 reads a raw + as a space
    expect(request.querystring).toBe("versionId=3%2Fx"); // response overrides dropped, as for any S3 origin
    expect(logs[0]).toMatchObject({ algorithm: "sigv4a", region: "*", payload: "empty", droppedQuery: ["response-content-type"] });
  });

  it("PUT through a custom origin: the body's hash, x-amz-cf-id signed", async () => {
    const data = Buffer.from([0, 255, 1, 254, 0x80, 0x7f]).toString("base64");
    const event = makeEvent({ method: "PUT", uri: "/up/f.bin", body: body(data, "base64"), origin: customOrigin(MRAP) });
    const original = structuredClone(event);
    const { request } = await signed(event);
    expect(value(request, "x-amz-content-sha256")).toBe(sha256(Buffer.from(data, "base64")));
    const verdict = await verifySigV4aResult(original, request, { service: "s3", regionSet: "*", credentials: CREDENTIALS, now: NOW });
    expect(verdict.errors).toEqual([]);
    expect(verdict.signedHeaders).toContain("x-amz-cf-id");
  });

  it("a body cut at 1 MB: UNSIGNED-PAYLOAD, which S3 accepts", async () => {
    const event = makeEvent({ method: "PUT", uri: "/big", body: body(Buffer.alloc(30, 7).toString("base64"), "base64", true), origin: customOrigin(MRAP) });
    const { request, logs } = await signed(event);
    expect(value(request, "x-amz-content-sha256")).toBe(UNSIGNED_PAYLOAD);
    expect(logs[0]).toMatchObject({ payload: "unsigned", algorithm: "sigv4a" });
  });
});

describe("Lambda Web Function global endpoints: function-URL body rules", () => {
  it("POST JSON: the body's real hash, service lambda, region set *", async () => {
    const event = makeEvent({ method: "POST", uri: "/orders", body: body(JSON_BODY, "text"), origin: customOrigin(WEB_GLOBAL) });
    const original = structuredClone(event);
    const { request, logs } = await signed(event);
    expect(value(request, "x-amz-content-sha256")).toBe(sha256(JSON_BODY));
    const verdict = await verifySigV4aResult(original, request, { service: "lambda", regionSet: "*", credentials: CREDENTIALS, now: NOW });
    expect(verdict.errors).toEqual([]);
    expect(logs[0]).toMatchObject({ service: "lambda", algorithm: "sigv4a", payload: "body" });
  });

  it("a body cut at 1 MB without the viewer's hash: 413, never UNSIGNED-PAYLOAD", async () => {
    const event = makeEvent({ method: "POST", body: body("eA==", "base64", true), origin: customOrigin(WEB_GLOBAL) });
    const { result } = await run(event);
    expect(isResponse(result) && result.status).toBe("413");
  });

  it("a body cut at 1 MB with the viewer's valid hash: signed with it", async () => {
    const viewerHash = sha256("the whole body");
    const event = makeEvent({
      method: "POST",
      headers: headers({ "X-Amz-Content-Sha256": viewerHash }),
      body: body("eA==", "base64", true),
      origin: customOrigin(WEB_GLOBAL),
    });
    const { request, logs } = await signed(event);
    expect(value(request, "x-amz-content-sha256")).toBe(viewerHash);
    expect(logs[0]).toMatchObject({ payload: "viewer" });
  });
});

describe("debug explanation and logs", () => {
  it("explains a SigV4A signature like a SigV4 one, token redacted, no secret anywhere", async () => {
    const event = makeEvent({ origin: customOrigin(WEB_GLOBAL, { "x-sigv4-debug": "1" }) });
    const { logs, raw } = await signed(event);
    const [line] = logs;
    expect(line).toMatchObject({ level: "info", algorithm: "sigv4a", region: "*" });
    expect(String(line?.canonicalRequest)).toContain("x-amz-region-set:*\n");
    expect(String(line?.canonicalRequest)).toContain("x-amz-security-token:<redacted>\n");
    expect(String(line?.stringToSign)).toMatch(/^AWS4-ECDSA-P256-SHA256\n20261122T120000Z\n20261122\/lambda\/aws4_request\n[0-9a-f]{64}$/);
    for (const secret of SECRETS) expect(raw.join("\n")).not.toContain(secret);
  });
});

describe("the SigV4A oracle refuses", () => {
  async function signedWire() {
    const event = makeEvent({ method: "POST", uri: "/orders", body: body(JSON_BODY, "text"), origin: customOrigin(WEB_GLOBAL) });
    const original = structuredClone(event);
    const { request } = await signed(event);
    return buildWireRequest(original, request);
  }
  const truth = { service: "lambda", regionSet: "*", credentials: CREDENTIALS, now: NOW, host: WEB_GLOBAL };

  it("accepts the untouched wire request (the twin of every refusal below)", async () => {
    expect((await verifySigV4aWire(await signedWire(), truth)).errors).toEqual([]);
  });

  it.each([
    ["another path", (w: ReturnType<typeof buildWireRequest>) => ({ ...w, path: "/orders2" })],
    ["another region set", (w: ReturnType<typeof buildWireRequest>) => ({ ...w, headers: { ...w.headers, "x-amz-region-set": "eu-west-1" } })],
    ["another body", (w: ReturnType<typeof buildWireRequest>) => ({ ...w, body: Buffer.from("{}") })],
  ])("%s", async (_name, tamper) => {
    expect((await verifySigV4aWire(tamper(await signedWire()), truth)).errors).not.toEqual([]);
  });

  it("a signature by other credentials with the same access key id", async () => {
    const wire = await signedWire();
    const other = { ...CREDENTIALS, secretAccessKey: "another/secret" };
    expect((await verifySigV4aWire(wire, { ...truth, credentials: other })).errors).toEqual([expect.stringMatching(/^SignatureDoesNotMatch/)]);
  });
});
