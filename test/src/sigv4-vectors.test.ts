// AWS's official SigV4 test vectors (awslabs/aws-c-auth), run through the project's own signing
// setup: its Sha256 adapter, its signer options, its query parser and its S3 path encoding.
import { describe, expect, it } from "vitest";
import { signRequest } from "../../src/signature.ts";
import { loadVectorCase, vectorCaseNames, vectorCredentials, vectorRequestToSign } from "../support/sigv4-test-suite.ts";

const cases = vectorCaseNames("v4");

describe("official SigV4 test vectors (header signing)", () => {
  it("finds all 38 cases", () => {
    expect(cases).toHaveLength(38);
  });

  it.each(cases)("%s", async (name) => {
    const vector = loadVectorCase("v4", name);
    const { context, read } = vector;
    const result = await signRequest(
      vectorRequestToSign(vector),
      { service: context.service, region: context.region, uriEscapePath: context.normalize },
      vectorCredentials(vector),
      new Date(context.timestamp),
      true,
    );

    expect(result.explanation?.canonicalRequest).toBe(read("header-canonical-request.txt"));
    expect(result.explanation?.stringToSign).toBe(read("header-string-to-sign.txt"));
    expect(result.authorization.split("Signature=")[1]).toBe(read("header-signature.txt").trim());
    const expectedAuthorization = /^Authorization:(.*)$/m.exec(read("header-signed-request.txt"))?.[1];
    expect(result.authorization).toBe(expectedAuthorization);
  });
});
