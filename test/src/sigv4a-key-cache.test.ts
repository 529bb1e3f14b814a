// The SigV4A key is derived once per set of credentials and kept while that set is among the
// last few used (the execution role's and the assumed roles'): derivations are counted at
// node:crypto (each one computes the public point with createECDH exactly once).
import * as crypto from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { sigV4aKeyFor } from "../../src/sigv4a/key.ts";
import { signRequestV4a } from "../../src/sigv4a/sign.ts";

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, createECDH: vi.fn(actual.createECDH) };
});

const derivations = vi.mocked(crypto.createECDH);

const request = {
  method: "GET",
  host: "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com",
  path: "/photos/cat.jpg",
  canonicalQuery: "",
  headers: { host: "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com", "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
};
const parameters = { service: "s3", uriEscapePath: false };
// Fresh credentials for every test (a counter in the key id), so that no test depends on what an
// earlier one left in the cache.
let run = 0;
let alice = { accessKeyId: "", secretAccessKey: "alice/secret+key", sessionToken: "alice-token-1" };
let bob = { accessKeyId: "", secretAccessKey: "bob/secret+key" };

function publicPoint(key: crypto.KeyObject): string {
  const { x, y } = crypto.createPublicKey(key).export({ format: "jwk" });
  return `${x}.${y}`;
}

describe("SigV4A key cache", () => {
  beforeEach(() => {
    run++;
    alice = { ...alice, accessKeyId: `ASIAALICE${String(run).padStart(10, "0")}` };
    bob = { ...bob, accessKeyId: `ASIABOB${String(run).padStart(12, "0")}` };
    derivations.mockClear();
  });

  it("derives once for many signatures with the same credentials, over days, services and region sets", async () => {
    for (const [day, service, regionSet] of [
      ["2026-11-22T10:00:00Z", "s3", "*"],
      ["2026-11-22T10:00:01Z", "s3", "*"],
      ["2026-11-23T00:00:00Z", "lambda", ["eu-west-1", "us-east-1"]],
    ] as const) {
      const { authorization } = await signRequestV4a(request, { ...parameters, service, regionSet }, alice, new Date(day), false);
      expect(authorization).toMatch(new RegExp(`^AWS4-ECDSA-P256-SHA256 Credential=${alice.accessKeyId}/`));
    }
    expect(derivations).toHaveBeenCalledTimes(1);
  });

  it("derives again when the credentials change, and for a new secret under the same access key id", async () => {
    const date = new Date("2026-11-22T10:00:00Z");
    await signRequestV4a(request, parameters, alice, date, false);
    await signRequestV4a(request, parameters, bob, date, false);
    await signRequestV4a(request, parameters, bob, date, false);
    expect(derivations).toHaveBeenCalledTimes(2);
    const rotated = { ...bob, secretAccessKey: "bob/rotated+key" };
    const before = publicPoint(sigV4aKeyFor(bob));
    expect(publicPoint(sigV4aKeyFor(rotated))).not.toBe(before);
    expect(derivations).toHaveBeenCalledTimes(3);
  });

  it("keeps the key when only the session token changes (the key depends on the access key id and secret alone)", async () => {
    const date = new Date("2026-11-22T10:00:00Z");
    const first = await signRequestV4a(request, parameters, alice, date, false);
    const second = await signRequestV4a(request, parameters, { ...alice, sessionToken: "alice-token-2" }, date, false);
    expect(derivations).toHaveBeenCalledTimes(1);
    expect([first.securityToken, second.securityToken]).toEqual(["alice-token-1", "alice-token-2"]);
  });

  it("returns the same key object while the credentials stay the same", () => {
    const key = sigV4aKeyFor(alice);
    expect(sigV4aKeyFor({ accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey })).toBe(key);
    expect(key.asymmetricKeyType).toBe("ec");
    expect(key.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  });

  it("keeps the keys of credentials used in turn (same-account and cross-account origins alternating)", async () => {
    const date = new Date("2026-11-22T10:00:00Z");
    for (let i = 0; i < 10; i++) await signRequestV4a(request, parameters, i % 2 === 0 ? alice : bob, date, false);
    expect(derivations).toHaveBeenCalledTimes(2);
  });

  it("forgets the least recently used set beyond eight, and only that one", async () => {
    const date = new Date("2026-11-22T10:00:00Z");
    const sets = Array.from({ length: 9 }, (_, i) => ({ accessKeyId: `AKIASET${run}X${i}`, secretAccessKey: `secret-${i}` }));
    for (const credentials of sets) await signRequestV4a(request, parameters, credentials, date, false);
    expect(derivations).toHaveBeenCalledTimes(9);
    for (const credentials of sets.slice(1)) sigV4aKeyFor(credentials); // the eight most recent: kept
    expect(derivations).toHaveBeenCalledTimes(9);
    sigV4aKeyFor(sets[0] as (typeof sets)[number]); // the first was dropped for the ninth
    expect(derivations).toHaveBeenCalledTimes(10);
  });
});
