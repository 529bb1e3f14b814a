// The oracle on the official SigV4A test vectors (awslabs/aws-c-auth): each vector's signed
// request verifies with the public key the oracle derives on its own, and what it computes on the
// way (canonical request, string to sign) is the vector's.
import { describe, expect, it } from "vitest";
import { redactCanonicalRequest, verifySignedRequest } from "../../sigv4-oracle/index.ts";
import { loadVectorCase, vectorCaseNames } from "../support/sigv4-test-suite.ts";
import { vectorExpectations, vectorWire } from "./vector-wire.ts";

describe("the oracle agrees with the official SigV4A test suite", () => {
  const allCases = vectorCaseNames("v4a");
  // Two cases (get-vanilla-query-order-key, -value) are published upstream with a request only.
  const cases = allCases.filter((name) => loadVectorCase("v4a", name).has("header-signed-request.txt"));

  it("finds all 40 vectors, 38 of them with a signed request", () => {
    expect(allCases).toHaveLength(40);
    expect(cases).toHaveLength(38);
  });

  it.each(cases)("%s", (name) => {
    const vector = loadVectorCase("v4a", name);
    const wire = vectorWire(vector);
    const result = verifySignedRequest(wire, { ...vectorExpectations(vector), algorithm: "sigv4a" });
    expect(result.algorithm).toBe("sigv4a");
    expect(result.regionSet).toBe(vector.context.region);
    if (vector.context.omit_session_token) {
      // The token travels unsigned: refused on purpose (the project signs it). The signature
      // itself verified: there is no SignatureDoesNotMatch.
      expect(result.errors).toEqual(["HeadersNotSigned: x-amz-security-token is not signed"]);
      return;
    }
    expect(result.errors).toEqual([]);
    expect(result.canonicalRequest).toBe(redactCanonicalRequest(vector.read("header-canonical-request.txt")));
    expect(result.stringToSign).toBe(vector.read("header-string-to-sign.txt"));
  });
});
