// Requests signed by @smithy/signature-v4a pass the oracle as the origins that need SigV4A would
// take them (a Multi-Region Access Point, a Lambda web function's global endpoint), region set
// rules included; any change to a signed part of them is refused.
import { describe, expect, it } from "vitest";
import { type Expectations, type SignedRequest, verifySignedRequest } from "../../sigv4-oracle/index.ts";
import { MRAP_HOST, SIGNED_AT, type SmithyRequest, smithySigned, WEB_FUNCTION_HOST } from "./smithy-sigv4a.ts";

const CALLER = {
  accessKeyId: "ASIASMITHYSIGV4A0001",
  secretAccessKey: "smithy/Secret+Key/0123456789abcdefghijklm",
  sessionToken: "IQoJb3JpZ2luX2VjESMITHY//////////wEaCXVzLWVhc3QtMSJHMEUCIQ-token",
};

const MRAP_GET: SmithyRequest = {
  method: "GET",
  host: MRAP_HOST,
  path: "/photos/2026/a%20cat.jpg",
  querystring: "response-content-type=image%2Fjpeg&list=b&list=a",
  headers: { "x-amz-cf-id": "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==" },
};
const WEB_POST: SmithyRequest = {
  method: "POST",
  host: WEB_FUNCTION_HOST,
  path: "/api/items/%E2%82%AC",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ name: "café ☕", qty: 2 }),
};

const mrap = (region: string): Expectations => ({ service: "s3", region, credentials: CALLER, now: SIGNED_AT, algorithm: "sigv4a", host: MRAP_HOST });
const webFunction = (region: string): Expectations => ({ service: "lambda", region, credentials: CALLER, now: SIGNED_AT, algorithm: "sigv4a" });

describe("requests signed by @smithy/signature-v4a", () => {
  it("an MRAP GET (region set *) verifies in any region, with the algorithm and region set reported", async () => {
    const wire = await smithySigned(MRAP_GET, { service: "s3", regionSet: "*", credentials: CALLER });
    for (const region of ["us-east-1", "eu-west-1", "ap-southeast-2"]) {
      const verdict = verifySignedRequest(wire, mrap(region));
      expect(verdict.errors).toEqual([]);
      expect(verdict).toMatchObject({ algorithm: "sigv4a", regionSet: "*", credentialScope: "20261122/s3/aws4_request" });
    }
  });

  it("a Lambda web function POST with a region list verifies in those regions only", async () => {
    const wire = await smithySigned(WEB_POST, { service: "lambda", regionSet: "eu-west-1,us-east-1", credentials: CALLER });
    expect(verifySignedRequest(wire, webFunction("us-east-1")).errors).toEqual([]);
    expect(verifySignedRequest(wire, webFunction("eu-west-1")).errors).toEqual([]);
    expect(verifySignedRequest(wire, webFunction("ap-south-1")).errors).toEqual([
      "AuthorizationHeaderMalformed: the region set 'eu-west-1,us-east-1' does not include 'ap-south-1', the region that serves this request",
    ]);
  });

  it("a wildcard entry in the region set covers the regions it matches", async () => {
    const wire = await smithySigned(MRAP_GET, { service: "s3", regionSet: "us-*", credentials: CALLER });
    expect(verifySignedRequest(wire, mrap("us-west-2")).errors).toEqual([]);
    expect(verifySignedRequest(wire, mrap("eu-west-1")).errors).toEqual([
      "AuthorizationHeaderMalformed: the region set 'us-*' does not include 'eu-west-1', the region that serves this request",
    ]);
  });

  const change = (wire: SignedRequest, patch: Partial<SignedRequest>): SignedRequest => ({ ...wire, ...patch });
  it.each<[string, (wire: SignedRequest) => SignedRequest, string[]]>([
    [
      "a signed header",
      (w) => change(w, { headers: { ...w.headers, "x-amz-cf-id": "another-request==" } }),
      ["SignatureDoesNotMatch: signature does not match"],
    ],
    ["the region set", (w) => change(w, { headers: { ...w.headers, "x-amz-region-set": "us-east-1" } }), ["SignatureDoesNotMatch: signature does not match"]],
    ["the query", (w) => change(w, { querystring: "response-content-type=image%2Fpng&list=b&list=a" }), ["SignatureDoesNotMatch: signature does not match"]],
    ["the path", (w) => change(w, { path: "/photos/2026/a%20dog.jpg" }), ["SignatureDoesNotMatch: signature does not match"]],
    ["the method", (w) => change(w, { method: "DELETE" }), ["SignatureDoesNotMatch: signature does not match"]],
  ])("an MRAP GET with %s changed after signing is refused", async (_what, tamper, errors) => {
    const wire = await smithySigned(MRAP_GET, { service: "s3", regionSet: "*", credentials: CALLER });
    expect(verifySignedRequest(tamper(wire), mrap("us-east-1")).errors).toEqual(errors);
  });

  it("a Lambda web function POST whose body changed is refused (Lambda hashes the body it received)", async () => {
    const wire = await smithySigned(WEB_POST, { service: "lambda", regionSet: "*", credentials: CALLER });
    const tampered = { ...wire, body: Buffer.from(JSON.stringify({ name: "café ☕", qty: 200 })) };
    const errors = verifySignedRequest(tampered, webFunction("us-east-1")).errors;
    expect(errors[0]).toBe("SignatureDoesNotMatch: signature does not match");
    expect(errors.slice(1)).toEqual([expect.stringMatching(/^XAmzContentSHA256Mismatch: /)]);
  });

  it("an MRAP PUT whose body changed: S3 signs the header's hash, then finds the body is not that", async () => {
    const wire = await smithySigned(
      { method: "PUT", host: MRAP_HOST, path: "/u/a.bin", body: "the real body" },
      { service: "s3", regionSet: "*", credentials: CALLER },
    );
    expect(verifySignedRequest(wire, mrap("us-east-1")).errors).toEqual([]);
    const errors = verifySignedRequest({ ...wire, body: Buffer.from("another body") }, mrap("us-east-1")).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^XAmzContentSHA256Mismatch: /);
  });
});
