// AWS's official SigV4A vectors (aws-c-auth), header signing: canonical request and string to
// sign must match byte for byte; the signature is randomized, so it is checked by verifying it
// with the case's published public key (public-key.json), never by comparing bytes.
import { createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deriveSigV4aKey } from "../../src/sigv4a/key.ts";
import { signRequestV4a } from "../../src/sigv4a/sign.ts";
import { loadVectorCase, vectorCaseNames, vectorCredentials, vectorPublicKey, vectorRequestToSign } from "../support/sigv4-test-suite.ts";

const allCases = vectorCaseNames("v4a");
// Two cases (get-vanilla-query-order-key, -value) are published upstream with a request only.
const cases = allCases.filter((name) => loadVectorCase("v4a", name).has("header-canonical-request.txt"));

function signatureOf(authorization: string): Buffer {
  return Buffer.from(authorization.split("Signature=")[1] ?? "", "hex");
}

async function signVector(name: string) {
  const vector = loadVectorCase("v4a", name);
  const { context } = vector;
  const result = await signRequestV4a(
    vectorRequestToSign(vector),
    { service: context.service, regionSet: context.region, uriEscapePath: context.normalize },
    vectorCredentials(vector),
    new Date(context.timestamp),
    true,
  );
  return { vector, result };
}

describe("official SigV4A test vectors (header signing)", () => {
  it("finds all 40 cases, 38 of them with header-signing artefacts", () => {
    expect(allCases).toHaveLength(40);
    expect(cases).toHaveLength(38);
  });

  it.each(cases)("%s: canonical request, string to sign, headers", async (name) => {
    const { vector, result } = await signVector(name);
    expect(result.explanation?.canonicalRequest).toBe(vector.read("header-canonical-request.txt"));
    expect(result.explanation?.stringToSign).toBe(vector.read("header-string-to-sign.txt"));
    expect(result.amzDate).toBe("20150830T123600Z");
    expect(result.regionSet).toBe(vector.context.region);
    // Everything but the (randomized) signature is the vector's Authorization header.
    const expected = /^Authorization:(.*)$/m.exec(vector.read("header-signed-request.txt"))?.[1] ?? "";
    expect(result.authorization.split("Signature=")[0]).toBe(expected.split("Signature=")[0]);
    expect(result.securityToken).toBe(vectorCredentials(vector).sessionToken);
  });

  it.each(cases)("%s: the signature verifies with the published public key", async (name) => {
    const { vector, result } = await signVector(name);
    const signature = signatureOf(result.authorization);
    expect(signature[0]).toBe(0x30); // DER SEQUENCE
    expect(verify("sha256", Buffer.from(vector.read("header-string-to-sign.txt")), vectorPublicKey(vector), signature)).toBe(true);
  });

  it.each(cases)("%s: the key derived from the credentials has the published public key", (name) => {
    const vector = loadVectorCase("v4a", name);
    const { X, Y } = JSON.parse(vector.read("public-key.json")) as { X: string; Y: string };
    const jwk = createPublicKey(deriveSigV4aKey(vectorCredentials(vector))).export({ format: "jwk" });
    expect(Buffer.from(jwk.x ?? "", "base64url").toString("hex")).toBe(X);
    expect(Buffer.from(jwk.y ?? "", "base64url").toString("hex")).toBe(Y);
  });
});

describe("the verification oracle", () => {
  it("accepts the vectors' own signatures", () => {
    for (const name of cases) {
      const vector = loadVectorCase("v4a", name);
      const signature = Buffer.from(vector.read("header-signature.txt").trim(), "hex");
      expect(verify("sha256", Buffer.from(vector.read("header-string-to-sign.txt")), vectorPublicKey(vector), signature), name).toBe(true);
    }
  });

  it("rejects our signature over another string to sign, or under another key", async () => {
    const { vector, result } = await signVector("get-vanilla");
    const signature = signatureOf(result.authorization);
    const stringToSign = vector.read("header-string-to-sign.txt");
    expect(verify("sha256", Buffer.from(stringToSign.replace("20150830T123600Z", "20150830T123601Z")), vectorPublicKey(vector), signature)).toBe(false);
    const otherKey = createPublicKey(deriveSigV4aKey({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "another-secret" }));
    expect(verify("sha256", Buffer.from(stringToSign), otherKey, signature)).toBe(false);
  });

  it("sees two signatures of the same request differ (randomized ECDSA)", async () => {
    const first = await signVector("get-vanilla");
    const second = await signVector("get-vanilla");
    expect(first.result.authorization).not.toBe(second.result.authorization);
  });
});
