// node sign-url/cli.ts as a user runs it: stdout is the signed URL alone; a mistake is one line on
// stderr and a non-zero exit; a --resource that misses the URL is a warning on stderr.
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { REPO_ROOT } from "../support/test-bundle.ts";

const dir = mkdtempSync(join(tmpdir(), "sign-url-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
const privatePem = String(pair.privateKey.export({ type: "sec1", format: "pem" }));
const publicPem = String(pair.publicKey.export({ type: "spki", format: "pem" }));
writeFileSync(join(dir, "private_key.pem"), privatePem, { mode: 0o600 });
writeFileSync(join(dir, "public_key.pem"), publicPem);

const signUrl = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, "sign-url/cli.ts"), ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 20_000 });
const URL_ = "https://d111111abcdef8.cloudfront.net/private/a.txt";
const keyBody = (pem: string) => pem.split("\n")[1] ?? "never";

it("prints the URL alone, so URL=$(npm run --silent sign-url -- ...) works", () => {
  const result = signUrl(URL_, "--key-pair-id", "K3EC", "--private-key", join(dir, "private_key.pem"), "--expires", "+5m");
  expect(result.status).toBe(0);
  expect(result.stderr).toBe("");
  expect(result.stdout).toMatch(/^https:\/\/d111111abcdef8\.cloudfront\.net\/private\/a\.txt\?Expires=\d+&Key-Pair-Id=K3EC&Signature=[\w~-]+\n$/);
});

it.each([
  ["the public key given as the private one", ["--private-key", join(dir, "public_key.pem"), "--expires", "+5m"], /^sign-url: --private-key is a public key; /],
  [
    "an expiry in the past",
    ["--private-key", join(dir, "private_key.pem"), "--expires", "2020-01-01"],
    /^sign-url: --expires 2020-01-01T00:00:00\.000Z is in the past\n$/,
  ],
  [
    "a bad CIDR",
    ["--private-key", join(dir, "private_key.pem"), "--expires", "+5m", "--ip", "10.0.0.256/8"],
    /^sign-url: --ip "10\.0\.0\.256\/8" is not an IPv4 address/,
  ],
  [
    "a negative-looking --expires",
    ["--private-key", join(dir, "private_key.pem"), "--expires", "-5"],
    /^sign-url: --expires "-5" is not a time: give Unix seconds .* or a duration \(\+10m, \+1h, \+7d\)\n$/,
  ],
  [
    "--curl without --cookies",
    ["--private-key", join(dir, "private_key.pem"), "--expires", "+5m", "--curl"],
    /^sign-url: --curl prints signed cookies for curl: add --cookies/,
  ],
  ["an unknown option", ["--private-key", join(dir, "private_key.pem"), "--expires", "+5m", "--ttl", "5"], /^sign-url: Unknown option '--ttl'/],
])("%s: one line on stderr, nothing on stdout, exit 1, no key material", (_name, args, message) => {
  const result = signUrl(URL_, "--key-pair-id", "K3EC", ...args);
  expect(result.status).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stderr).not.toContain(keyBody(privatePem));
  expect(result.stderr).not.toContain(keyBody(publicPem));
});

it("a --resource that does not match the URL: signed anyway, with a warning on stderr", () => {
  const resource = "https://d111111abcdef8.cloudfront.net/public/*";
  const result = signUrl(URL_, "--key-pair-id", "K3EC", "--private-key", join(dir, "private_key.pem"), "--expires", "+5m", "--resource", resource);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^https:\/\/\S+Policy=\S+\n$/);
  expect(result.stderr).toBe(`sign-url: warning: --resource ${resource} does not match ${URL_}; CloudFront will refuse it (AccessDenied)\n`);
});

it("--help", () => {
  const result = signUrl("--help");
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^usage: npm run sign-url -- <url> --key-pair-id ID --private-key FILE --expires WHEN/);
  expect(result.stdout).toMatch(/--curl +with --cookies: /);
  expect(result.stdout.endsWith("\n")).toBe(true);
});
