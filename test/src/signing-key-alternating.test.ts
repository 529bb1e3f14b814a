// Origins signed with different credentials in turn (the execution role's, an assumed role's)
// never make the SigV4 signer derive its signing key again: the derivations are counted at
// node:crypto, where each one starts with an HMAC keyed by "AWS4" + the secret key.
import * as crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { signRequest } from "../../src/signature.ts";

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, createHmac: vi.fn(actual.createHmac) };
});

const request = {
  method: "GET",
  host: "abc.lambda-url.eu-west-1.on.aws",
  path: "/items",
  canonicalQuery: "",
  headers: { host: "abc.lambda-url.eu-west-1.on.aws", "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
};
const parameters = { service: "lambda", region: "eu-west-1", uriEscapePath: true };

function derivationsOf(secret: string): number {
  const key = `AWS4${secret}`;
  return vi.mocked(crypto.createHmac).mock.calls.filter(([, hmacKey]) => String(Buffer.from(hmacKey as Uint8Array | string)) === key).length;
}

describe("SigV4 signing keys with alternating credentials", () => {
  it("derives once per set of credentials over 20 alternating signatures", async () => {
    const own = { accessKeyId: "ASIAOWNEXECUTIONROLE", secretAccessKey: "own/secret-alternating", sessionToken: "own-token" };
    const role = { accessKeyId: "ASIAASSUMEDORIGINROLE", secretAccessKey: "role/secret-alternating", sessionToken: "role-token" };
    const date = new Date("2026-11-22T12:00:00Z");
    for (let i = 0; i < 20; i++) await signRequest(request, parameters, i % 2 === 0 ? own : role, date, false);
    expect(derivationsOf(own.secretAccessKey)).toBe(1);
    expect(derivationsOf(role.secretAccessKey)).toBe(1);
  });
});
