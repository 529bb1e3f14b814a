// The oracle derives SigV4A keys on its own (sigv4-oracle/sigv4a-key.ts, from the specification).
// Checked against the two other sources there are: the public key the official vectors publish,
// and the signatures of @smithy/signature-v4a, which derives its key with its own code.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sigV4aPublicKey, verifySignedRequest } from "../../sigv4-oracle/index.ts";
import { loadVectorCase, vectorCaseNames } from "../support/sigv4-test-suite.ts";
import { MRAP_HOST, SIGNED_AT, smithySigned } from "./smithy-sigv4a.ts";
import { vectorCaller } from "./vector-wire.ts";

const hex = (base64url: string | undefined) => Buffer.from(base64url ?? "", "base64url").toString("hex");

describe("the oracle's SigV4A key derivation", () => {
  const withKey = vectorCaseNames("v4a").filter((name) => loadVectorCase("v4a", name).has("public-key.json"));

  it("reads the 38 published public keys", () => {
    expect(withKey).toHaveLength(38);
  });

  it.each(withKey)("%s: the derived public key is the vector's public-key.json", (name) => {
    const vector = loadVectorCase("v4a", name);
    const { X, Y } = JSON.parse(vector.read("public-key.json")) as { X: string; Y: string };
    const jwk = sigV4aPublicKey(vectorCaller(vector)).export({ format: "jwk" });
    expect({ X: hex(jwk.x), Y: hex(jwk.y) }).toEqual({ X, Y });
  });

  it("is derived once per credentials, and again for another secret or key id", () => {
    const caller = { accessKeyId: "AKIDCACHE0000001", secretAccessKey: "cache/secret/one" };
    const key = sigV4aPublicKey(caller);
    expect(sigV4aPublicKey({ ...caller })).toBe(key);
    const otherSecret = sigV4aPublicKey({ ...caller, secretAccessKey: "cache/secret/two" });
    const otherId = sigV4aPublicKey({ ...caller, accessKeyId: "AKIDCACHE0000002" });
    expect(otherSecret.equals(key)).toBe(false);
    expect(otherId.equals(key)).toBe(false);
    expect(otherId.equals(otherSecret)).toBe(false);
  });

  it("for any credentials, @smithy/signature-v4a's signature verifies with the oracle's key", async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^(AKIA|ASIA)[A-Z2-7]{12,16}$/), fc.stringMatching(/^[A-Za-z0-9+/]{40}$/), async (accessKeyId, secretAccessKey) => {
        const credentials = { accessKeyId, secretAccessKey };
        const wire = await smithySigned({ method: "GET", host: MRAP_HOST, path: "/a.txt" }, { service: "s3", regionSet: "*", credentials });
        const verdict = verifySignedRequest(wire, { service: "s3", region: "us-east-1", credentials, now: SIGNED_AT, algorithm: "sigv4a" });
        expect(verdict.errors).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
