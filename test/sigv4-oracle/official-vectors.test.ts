// The oracle on the official SigV4 test vectors (awslabs/aws-c-auth): each vector's signed request
// is verified as an origin would, and the canonical request it computes is the vector's.
import { describe, expect, it } from "vitest";
import { redactCanonicalRequest, verifySignedRequest } from "../../sigv4-oracle/index.ts";
import { loadVectorCase, vectorCaseNames } from "../support/sigv4-test-suite.ts";
import { vectorExpectations, vectorWire } from "./vector-wire.ts";

describe("the oracle agrees with the official SigV4 test suite", () => {
  const cases = vectorCaseNames("v4");

  it("finds all 38 vectors", () => {
    expect(cases).toHaveLength(38);
  });

  it.each(cases)("%s", (name) => {
    const vector = loadVectorCase("v4", name);
    const result = verifySignedRequest(vectorWire(vector), vectorExpectations(vector));
    if (vector.context.omit_session_token) {
      // The token travels unsigned: this oracle refuses that on purpose (the project signs it).
      expect(result.errors).toEqual(["HeadersNotSigned: x-amz-security-token is not signed"]);
      return;
    }
    expect(result.errors).toEqual([]);
    expect(result.algorithm).toBe("sigv4");
    expect(result.canonicalRequest).toBe(redactCanonicalRequest(vector.read("header-canonical-request.txt")));
  });
});
