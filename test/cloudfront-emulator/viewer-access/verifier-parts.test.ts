// The verifier's parts, each against an independent reference: Node's base64, a regular
// expression for the wildcards, arithmetic on addresses.
import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ipv4InRange, parseIpv4, parseIpv4Range, viewerIpv4 } from "../../../cloudfront-emulator/viewer-access/ipv4-range.ts";
import { matchesResource } from "../../../cloudfront-emulator/viewer-access/resource-pattern.ts";
import { signingCredentials, withoutSigningParameters } from "../../../cloudfront-emulator/viewer-access/signing-credentials.ts";
import { trustedKeyFromPem } from "../../../cloudfront-emulator/viewer-access/trusted-key.ts";
import { decodeCloudFrontBase64 } from "../../../cloudfront-emulator/viewer-access/url-safe-base64.ts";

describe("CloudFront's URL-safe base64", () => {
  it("decodes whatever Node encodes, once + = / are swapped for - _ ~", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (bytes) => {
        const encoded = Buffer.from(bytes).toString("base64").replaceAll("+", "-").replaceAll("=", "_").replaceAll("/", "~");
        expect(decodeCloudFrontBase64(encoded)?.equals(Buffer.from(bytes))).toBe(true);
        expect(decodeCloudFrontBase64(encoded.replace(/_+$/, ""))?.equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });
  it.each(["", "a", "ab+c", "ab/c", "ab==", "a_bc", "abc_d", "ab%3D", "ab c"])("refuses %j", (text) => expect(decodeCloudFrontBase64(text)).toBeUndefined());
});

describe("Resource wildcards", () => {
  const asRegExp = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\/-]/g, "\\$&")
        .replaceAll("*", ".*")
        .replaceAll("?", ".")}$`,
      "s",
    );
  it("* matches any run, ? one character, like the equivalent regular expression", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", "/", ".", "?", "*"), maxLength: 12 });
    fc.assert(
      fc.property(text, text, (pattern, url) => {
        expect(matchesResource(pattern, url)).toBe(asRegExp(pattern).test(url));
      }),
      { numRuns: 2000 },
    );
  });
  it.each([
    ["https://d111111abcdef8.cloudfront.net/*game_download.zip*", "https://d111111abcdef8.cloudfront.net/example_game_download.zip?license=yes", true],
    ["https://d111111abcdef8.cloudfront.net/*game_download.zip*", "https://d111111abcdef8.cloudfront.net/game_download.zip", true],
    ["https://d111111abcdef8.cloudfront.net/training/*", "https://d111111abcdef8.cloudfront.net/training/orientation.pdf", true],
    ["https://*", "https://d111111abcdef8.cloudfront.net/training/orientation.pdf", true],
    ["https://d111111abcdef8.cloudfront.net/training/*", "https://d111111abcdef8.cloudfront.net/other/orientation.pdf", false],
    ["https://d111111abcdef8.cloudfront.net/a?.txt", "https://d111111abcdef8.cloudfront.net/a.txt", false],
  ])("the guide's example %s against %s: %s", (pattern, url, expected) => expect(matchesResource(pattern, url)).toBe(expected));
  it("a hostile pattern does not take exponential time", () => {
    expect(matchesResource(`${"*a".repeat(40)}b`, "a".repeat(5000))).toBe(false);
  });
});

describe("IPv4 ranges", () => {
  it("an address is in a range when its first prefixLength bits equal the network's", () => {
    const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
    fc.assert(
      fc.property(octets, octets, fc.integer({ min: 0, max: 32 }), (a, n, prefix) => {
        const range = parseIpv4Range(`${n.join(".")}/${prefix}`);
        const address = parseIpv4(a.join("."));
        const bits = (o: number[]) => o.map((x) => x.toString(2).padStart(8, "0")).join("");
        expect(range && address !== undefined && ipv4InRange(address, range)).toBe(bits(a).slice(0, prefix) === bits(n).slice(0, prefix));
      }),
    );
  });
  it.each(["192.0.2.1/33", "192.0.2/24", "256.0.0.1", "01.2.3.4", "1.2.3.4/", "1.2.3.4/8/8", "2001:db8::/32", ""])("refuses %j", (text) =>
    expect(parseIpv4Range(text)).toBeUndefined(),
  );
  it("a bare address is a /32", () => expect(parseIpv4Range("192.0.2.10")?.cidr).toBe("192.0.2.10/32"));
  it("IPv4-mapped IPv6 viewers are their IPv4 address; real IPv6 viewers have none", () => {
    expect(viewerIpv4("::ffff:192.0.2.1")).toBe(parseIpv4("192.0.2.1"));
    expect(viewerIpv4("2001:db8::1")).toBeUndefined();
  });
});

describe("where the signing values are", () => {
  it("the query's, percent-decoded; the first of a repeated parameter", () => {
    expect(signingCredentials("a=1&Key-Pair-Id=K1&Signature=ab%7Ecd&Key-Pair-Id=K2&Hash-Algorithm=SHA256", {})).toEqual({
      source: "url",
      keyPairId: "K1",
      signature: "ab~cd",
      expires: undefined,
      policy: undefined,
      hashAlgorithm: "SHA256",
    });
  });
  it("the cookies', over several Cookie headers, with quoted values and other cookies around", () => {
    const headers = {
      cookie: [
        { key: "Cookie", value: 'theme=dark; CloudFront-Policy="eyJ9"; CloudFront-Signature=sig' },
        { key: "Cookie", value: "CloudFront-Key-Pair-Id=K9;CloudFront-Hash-Algorithm=SHA256" },
      ],
    };
    expect(signingCredentials("x=1", headers)).toEqual({
      source: "cookies",
      keyPairId: "K9",
      signature: "sig",
      expires: undefined,
      policy: "eyJ9",
      hashAlgorithm: "SHA256",
    });
  });
  it("none: no signed-URL parameter and no CloudFront cookie", () =>
    expect(signingCredentials("x=1", { cookie: [{ key: "Cookie", value: "a=b" }] })).toBeUndefined());
  it("what is forwarded: the query without the five signing parameters, the rest raw and in order", () => {
    expect(withoutSigningParameters("b=2&Expires=1&a=%20x&Policy=p&Signature=s&Key-Pair-Id=k&Hash-Algorithm=SHA256&expires=lower&flag")).toBe(
      "b=2&a=%20x&expires=lower&flag",
    );
    expect(withoutSigningParameters("Expires=1&Signature=s&Key-Pair-Id=k")).toBe("");
  });
});

describe("trusted keys from PEM", () => {
  it("takes RSA 2048 and EC P-256 public keys", () => {
    for (const pair of [generateKeyPairSync("rsa", { modulusLength: 2048 }), generateKeyPairSync("ec", { namedCurve: "P-256" })]) {
      expect(trustedKeyFromPem(String(pair.publicKey.export({ type: "spki", format: "pem" }))).equals(pair.publicKey)).toBe(true);
    }
  });
  it.each([
    ["a private key", () => String(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" })), /private key/],
    ["RSA 1024", () => String(generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" })), /RSA 1024-bit/],
    ["EC P-384", () => String(generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey.export({ type: "spki", format: "pem" })), /EC secp384r1/],
    ["Ed25519", () => String(generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" })), /ed25519/],
    ["not PEM", () => "hello", /not a PEM public key/],
  ])("refuses %s", (_name, pem, message) => expect(() => trustedKeyFromPem(pem())).toThrow(message));
});
