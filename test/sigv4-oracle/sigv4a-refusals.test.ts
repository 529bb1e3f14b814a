// Official SigV4A vectors changed after signing, or judged by an origin that expects something
// else: the oracle refuses each, and says why. The unchanged vectors pass (sigv4a-vectors.test.ts).
import { describe, expect, it } from "vitest";
import { type Expectations, type SignedRequest, verifySignedRequest } from "../../sigv4-oracle/index.ts";
import { loadVectorCase } from "../support/sigv4-test-suite.ts";
import { vectorExpectations, vectorWire } from "./vector-wire.ts";

const MISMATCH = "SignatureDoesNotMatch: signature does not match";

function vector(name: string): { wire: SignedRequest; expected: Expectations } {
  const v = loadVectorCase("v4a", name);
  return { wire: vectorWire(v), expected: { ...vectorExpectations(v), algorithm: "sigv4a" } };
}
const withHeaders = (wire: SignedRequest, patch: Record<string, string | undefined>): SignedRequest => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...wire.headers, ...patch })) if (value !== undefined) headers[name] = value;
  return { ...wire, headers };
};
const withAuthorization = (wire: SignedRequest, edit: (authorization: string) => string): SignedRequest =>
  withHeaders(wire, { authorization: edit(wire.headers.authorization ?? "") });

describe("SigV4A requests the oracle refuses", () => {
  it("the vectors it starts from pass", () => {
    for (const name of ["get-vanilla", "get-header-value-trim", "post-x-www-form-urlencoded"]) {
      const { wire, expected } = vector(name);
      expect(verifySignedRequest(wire, expected).errors).toEqual([]);
    }
  });

  it("a signed header changed", () => {
    const { wire, expected } = vector("get-header-value-trim");
    expect(verifySignedRequest(withHeaders(wire, { "my-header1": "another value" }), expected).errors).toEqual([MISMATCH]);
  });

  it("the body changed (this service hashes the body it received; the signed x-amz-content-sha256 no longer fits)", () => {
    const { wire, expected } = vector("post-x-www-form-urlencoded");
    const errors = verifySignedRequest({ ...wire, body: Buffer.from("Param1=value2") }, expected).errors;
    expect(errors[0]).toBe(MISMATCH);
    expect(errors.slice(1)).toEqual([expect.stringMatching(/^XAmzContentSHA256Mismatch: /)]);
  });

  it("the signed region set widened to *", () => {
    const { wire, expected } = vector("get-vanilla");
    expect(verifySignedRequest(withHeaders(wire, { "x-amz-region-set": "*" }), expected).errors).toEqual([MISMATCH]);
  });

  it("a region set that does not cover the origin's region (the signature itself is good)", () => {
    const { wire, expected } = vector("get-vanilla");
    const verdict = verifySignedRequest(wire, { ...expected, region: "eu-west-1" });
    expect(verdict.errors).toEqual([
      "AuthorizationHeaderMalformed: the region set 'us-east-1' does not include 'eu-west-1', the region that serves this request",
    ]);
    expect(verdict.findings[0]).toMatchObject({ status: 400, fields: { Region: "eu-west-1" } });
  });

  it("no X-Amz-Region-Set on the wire", () => {
    const { wire, expected } = vector("get-vanilla");
    const errors = verifySignedRequest(withHeaders(wire, { "x-amz-region-set": undefined }), expected).errors;
    expect(errors).toContain("InvalidRequest: a SigV4A request without X-Amz-Region-Set");
    expect(errors).toContain("SignatureDoesNotMatch: signed header 'x-amz-region-set' is not on the wire");
  });

  it("X-Amz-Region-Set sent but not signed", () => {
    const { wire, expected } = vector("get-vanilla");
    const unsigned = withAuthorization(wire, (a) => a.replace("SignedHeaders=host;x-amz-date;x-amz-region-set", "SignedHeaders=host;x-amz-date"));
    expect(verifySignedRequest(unsigned, expected).errors).toEqual(["HeadersNotSigned: x-amz-region-set is not signed", MISMATCH]);
  });

  it("the caller's secret is not the one that signed (another key)", () => {
    const { wire, expected } = vector("get-vanilla");
    const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ" };
    expect(verifySignedRequest(wire, { ...expected, credentials }).errors).toEqual([MISMATCH]);
  });

  it.each<[string, (signature: string) => string]>([
    ["one bit flipped", (s) => s.slice(0, 20) + (Number.parseInt(s[20] ?? "0", 16) ^ 1).toString(16) + s.slice(21)],
    ["cut short", (s) => s.slice(0, -2)],
    ["not hex", (s) => `${s.slice(0, -1)}g`],
    ["an odd number of digits", (s) => s.slice(0, -1)],
    ["empty DER", () => "3000"],
  ])("a signature %s", (_what, edit) => {
    const { wire, expected } = vector("get-vanilla");
    const tampered = withAuthorization(wire, (a) => a.replace(/Signature=([0-9a-f]+)/, (_m, s: string) => `Signature=${edit(s)}`));
    expect(verifySignedRequest(tampered, expected).errors).toEqual([MISMATCH]);
  });

  it("a SigV4A Credential with a region in its scope", () => {
    const { wire, expected } = vector("get-vanilla");
    const withRegion = withAuthorization(wire, (a) => a.replace("/20150830/service/", "/20150830/us-east-1/service/"));
    const verdict = verifySignedRequest(withRegion, expected);
    expect(verdict.errors).toEqual(["AuthorizationHeaderMalformed: a SigV4A Credential must be <key>/<yyyymmdd>/<service>/aws4_request (no region)"]);
  });

  it("an origin that requires SigV4A refuses SigV4 (S3 answers so for a Multi-Region Access Point)", () => {
    const v4 = loadVectorCase("v4", "get-vanilla");
    const verdict = verifySignedRequest(vectorWire(v4), { ...vectorExpectations(v4), algorithm: "sigv4a" });
    expect(verdict.algorithm).toBe("sigv4");
    expect(verdict.errors).toEqual(["InvalidRequest: signed with AWS4-HMAC-SHA256; this origin requires AWS4-ECDSA-P256-SHA256 (sigv4a)"]);
    expect(verdict.findings[0]?.message).toBe("The authorization mechanism you have provided is not supported. Please use AWS4-ECDSA-P256-SHA256.");
    // Without the requirement the same request is good.
    expect(verifySignedRequest(vectorWire(v4), vectorExpectations(v4)).errors).toEqual([]);
  });

  it("an origin that requires SigV4 refuses SigV4A", () => {
    const { wire, expected } = vector("get-vanilla");
    expect(verifySignedRequest(wire, { ...expected, algorithm: "sigv4" }).errors).toEqual([
      "InvalidRequest: signed with AWS4-ECDSA-P256-SHA256; this origin requires AWS4-HMAC-SHA256 (sigv4)",
    ]);
    const { algorithm: _any, ...anyAlgorithm } = expected;
    expect(verifySignedRequest(wire, anyAlgorithm).errors).toEqual([]);
  });
});
