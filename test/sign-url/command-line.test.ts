// The sign-url command line: every bad input is one line that says what to fix.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseSignUrlCommand } from "../../sign-url/command-line.ts";
import { UsageError } from "../../sign-url/usage-error.ts";

const NOW = 1_900_000_000;
const rsaPem = String(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }));
const files: Record<string, string> = { "key.pem": rsaPem, "-": rsaPem };
const readKey = (source: string) => {
  const text = files[source];
  if (text === undefined) throw new UsageError(`cannot read --private-key ${source}: no such file`);
  return text;
};
const URL_ = "https://d111111abcdef8.cloudfront.net/private/a.txt";
const GOOD = [URL_, "--key-pair-id", "K2JCJMDEHXQW5F", "--private-key", "key.pem", "--expires", "+1h"];
const parse = (args: string[]) => parseSignUrlCommand(args, NOW, readKey);

describe("good command lines", () => {
  it("canned: only --expires", () => {
    expect(parse(GOOD)).toMatchObject({
      output: "url",
      request: { url: URL_, keyPairId: "K2JCJMDEHXQW5F", expires: NOW + 3600, hashAlgorithm: "SHA1", notBefore: undefined },
    });
  });
  it("custom: --not-before, --ip (a bare address is a /32), --resource, --hash-algorithm sha256", () => {
    const command = parse([
      ...GOOD,
      "--not-before",
      "+1m",
      "--ip",
      "192.0.2.7",
      "--resource",
      "https://*.cloudfront.net/private/*",
      "--hash-algorithm",
      "sha256",
    ]);
    expect(command.request).toMatchObject({
      notBefore: NOW + 60,
      sourceIp: "192.0.2.7/32",
      resource: "https://*.cloudfront.net/private/*",
      hashAlgorithm: "SHA256",
    });
  });
  it("--cookies, --curl and --help", () => {
    expect(parse([...GOOD, "--cookies"]).output).toBe("set-cookie");
    expect(parse([...GOOD, "--cookies", "--curl"]).output).toBe("curl");
    expect(parse(["--help"])).toEqual({ help: true, request: undefined, output: "url" });
  });
});

describe("bad command lines", () => {
  const without = (option: string) => {
    const at = GOOD.indexOf(option);
    return [...GOOD.slice(0, at), ...GOOD.slice(at + 2)];
  };
  it.each([
    ["no URL", GOOD.slice(1), "missing the URL to sign (npm run sign-url -- --help)"],
    ["two URLs", [URL_, ...GOOD], "one URL at a time (got 2)"],
    ["a relative URL", ["/private/a.txt", ...GOOD.slice(1)], 'the URL must be absolute http:// or https:// (got "/private/a.txt")'],
    ["an ftp URL", ["ftp://example.com/a", ...GOOD.slice(1)], 'the URL must be absolute http:// or https:// (got "ftp://example.com/a")'],
    ["a URL with a fragment", [`${URL_}#top`, ...GOOD.slice(1)], "the URL has a #fragment; browsers never send it, so sign the URL without it"],
    [
      "a URL that is already signed",
      [`${URL_}?Expires=1`, ...GOOD.slice(1)],
      "the URL already has CloudFront's Expires parameter; give it without the signing parameters",
    ],
    ["no --key-pair-id", without("--key-pair-id"), "missing --key-pair-id: the CloudFront public key id that deploy printed"],
    [
      "a --key-pair-id with spaces",
      [...without("--key-pair-id"), "--key-pair-id", "K2 X"],
      '--key-pair-id "K2 X" is not a key id (letters and digits, like K2JCJMDEHXQW5F)',
    ],
    ["no --private-key", without("--private-key"), "missing --private-key: the PEM file from `npm run keys -- new` (or - for stdin)"],
    ["a missing key file", [...without("--private-key"), "--private-key", "nope.pem"], "cannot read --private-key nope.pem: no such file"],
    ["no --expires", without("--expires"), "missing --expires: when the URL stops working (+1h, 2026-01-01T00:00:00Z, 1767225600)"],
    ["an expiry in the past", [...without("--expires"), "--expires", String(NOW - 1)], `--expires ${new Date((NOW - 1) * 1000).toISOString()} is in the past`],
    ["an expiry that is now", [...without("--expires"), "--expires", String(NOW)], `--expires ${new Date(NOW * 1000).toISOString()} is in the past`],
    ["--not-before after --expires", [...GOOD, "--not-before", "+2h"], "--not-before must be before --expires"],
    ["an unknown hash algorithm", [...GOOD, "--hash-algorithm", "SHA512"], '--hash-algorithm "SHA512" is not SHA1 or SHA256'],
    ["a bad CIDR", [...GOOD, "--ip", "192.0.2.0/40"], '--ip "192.0.2.0/40" is not an IPv4 address or CIDR range (192.0.2.0/24)'],
    ["an IPv6 range", [...GOOD, "--ip", "2001:db8::/32"], "--ip: CloudFront policies take IPv4 addresses and ranges only (AWS:SourceIp), not IPv6"],
    ["a --resource that is not a URL pattern", [...GOOD, "--resource", "/private/*"], "--resource must start with http://, https:// or *"],
    ["an unknown option", [...GOOD, "--expire", "+1h"], "Unknown option '--expire' (npm run sign-url -- --help)"],
  ])("%s", (_name, args, message) => {
    expect(() => parse(args)).toThrow(UsageError);
    expect(() => parse(args)).toThrow(message);
    expect(message).not.toContain("\n");
  });
});
