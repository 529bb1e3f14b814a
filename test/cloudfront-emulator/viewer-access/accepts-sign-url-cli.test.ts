// As a user would: `npm run keys -- new`, then `npm run sign-url -- ...`, and the verifier (given
// only public_key.pem) lets the URL or cookies through.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkViewerAccess, type TrustedKeys, trustedKeyFromPem } from "../../../cloudfront-emulator/viewer-access/index.ts";
import { REPO_ROOT } from "../../support/test-bundle.ts";
import { cookieHeader, testKeys, viewerRequest } from "./viewer-fixtures.ts";

const run = (tool: string, args: string[], input?: string) =>
  spawnSync(process.execPath, [join(REPO_ROOT, tool, "cli.ts"), ...args], { cwd: REPO_ROOT, encoding: "utf8", input, timeout: 20_000 });

const URL_TO_SIGN = "https://d111111abcdef8.cloudfront.net/private/video.mp4?quality=hd";
let dir: string;
let trusted: TrustedKeys;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sign-url-cli-"));
  for (const [name, extra] of [
    ["rsa", []],
    ["ecdsa", ["--ecdsa"]],
  ] as const) {
    const made = run("keys", ["new", ...extra, "--out", join(dir, name)]);
    expect(made.status, made.stderr).toBe(0);
  }
  const pem = (name: string) => readFileSync(join(dir, name, "public_key.pem"), "utf8");
  trusted = new Map([
    ["K2RSAEXAMPLE", trustedKeyFromPem(pem("rsa"))],
    ["K3ECDSAEXAMPLE", trustedKeyFromPem(pem("ecdsa"))],
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const now = () => Date.now() / 1000;
const signed = (args: string[], input?: string): string => {
  const result = run("sign-url", args, input);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return result.stdout;
};

describe.each([
  ["rsa", "K2RSAEXAMPLE"],
  ["ecdsa", "K3ECDSAEXAMPLE"],
])("keys new %s, then sign-url", (kind, id) => {
  const key = () => join(dir, kind, "private_key.pem");

  it.each(["SHA1", "SHA256"])("canned URL, --hash-algorithm %s: stdout is the URL alone, and it is accepted", (hash) => {
    const out = signed([URL_TO_SIGN, "--key-pair-id", id, "--private-key", key(), "--expires", "+10m", "--hash-algorithm", hash]);
    expect(out).toMatch(/^https:\/\/\S+\n$/);
    const decision = checkViewerAccess(viewerRequest(out.trim()), trusted, now());
    expect(decision).toMatchObject({ allowed: true, via: "signed-url", policy: "canned", forward: { querystring: "quality=hd" } });
  });

  it("custom URL: wildcard --resource, --ip, --not-before, SHA256", () => {
    const args = [URL_TO_SIGN, "--key-pair-id", id, "--private-key", key(), "--expires", "+1h", "--not-before", "+2s", "--ip", "192.0.2.0/24"];
    const out = signed([...args, "--resource", "https://d111111abcdef8.cloudfront.net/private/*", "--hash-algorithm", "SHA256"]).trim();
    expect(checkViewerAccess(viewerRequest(out), trusted, now() + 10)).toMatchObject({ allowed: true, policy: "custom" });
    expect(checkViewerAccess(viewerRequest(out), trusted, now() - 10)).toMatchObject({ allowed: false, code: "AccessDenied" });
    expect(checkViewerAccess(viewerRequest(out, { clientIp: "192.0.3.1" }), trusted, now() + 10)).toMatchObject({ allowed: false, code: "AccessDenied" });
  });

  it("--cookies prints Set-Cookie lines that open every URL under the wildcard", () => {
    const out = signed([
      "https://d111111abcdef8.cloudfront.net/private/",
      "--key-pair-id",
      id,
      "--private-key",
      key(),
      "--expires",
      "+1h",
      "--resource",
      "https://d111111abcdef8.cloudfront.net/private/*",
      "--cookies",
    ]);
    const lines = out.trim().split("\n");
    expect(lines.map((line) => line.split("=")[0])).toEqual([
      "Set-Cookie: CloudFront-Policy",
      "Set-Cookie: CloudFront-Signature",
      "Set-Cookie: CloudFront-Key-Pair-Id",
    ]);
    for (const line of lines) expect(line).toMatch(/; Path=\/; Secure; HttpOnly$/);
    const cookie = cookieHeader(lines);
    const put = viewerRequest("https://d111111abcdef8.cloudfront.net/private/big.bin?uploads", { cookie, method: "POST" });
    expect(checkViewerAccess(put, trusted, now())).toMatchObject({ allowed: true, via: "signed-cookies" });
  });

  it("--cookies --curl prints curl's -b argument", () => {
    const out = signed([URL_TO_SIGN, "--key-pair-id", id, "--private-key", key(), "--expires", "+1h", "--cookies", "--curl", "--hash-algorithm", "SHA256"]);
    const match = /^-b '([^']+)'\n$/.exec(out);
    expect(match?.[1]).toMatch(/^CloudFront-Expires=\d+; CloudFront-Signature=[\w~-]+; CloudFront-Key-Pair-Id=\w+; CloudFront-Hash-Algorithm=SHA256$/);
    expect(checkViewerAccess(viewerRequest(URL_TO_SIGN, { cookie: match?.[1] ?? "" }), trusted, now())).toMatchObject({ allowed: true, policy: "canned" });
  });
});

describe("private keys in every PEM form, from a file or stdin", () => {
  const keys = testKeys();
  const forms = [
    ["RSA PKCS#1", keys.rsa.privatePem, keys.rsa],
    ["RSA PKCS#8", String(keys.rsa.privateKey.export({ type: "pkcs8", format: "pem" })), keys.rsa],
    ["EC SEC1", keys.ecdsa.privatePem, keys.ecdsa],
    ["EC PKCS#8", String(keys.ecdsa.privateKey.export({ type: "pkcs8", format: "pem" })), keys.ecdsa],
  ] as const;
  it.each(forms.map((form, index) => [...form, index % 2 === 0 ? "file" : "stdin"] as const))("%s, from %s", (_form, pem, key, from) => {
    const file = join(dir, `${key.id}-${pem.length}.pem`);
    writeFileSync(file, pem, { mode: 0o600 });
    const url =
      from === "file"
        ? signed([URL_TO_SIGN, "--key-pair-id", key.id, "--private-key", file, "--expires", "+5m"])
        : signed([URL_TO_SIGN, "--key-pair-id", key.id, "--private-key", "-", "--expires", "+5m"], pem);
    expect(checkViewerAccess(viewerRequest(url.trim()), new Map([[key.id, key.publicKey]]), now()).allowed).toBe(true);
  });
});

it('the multipart recipe of the README (Private content, step 5): eval "CF=($(... --cookies --curl))", then POST ?uploads, PUT parts, POST ?uploadId', () => {
  const base = "https://d111111abcdef8.cloudfront.net/private/upload/big.bin";
  const script = `eval "CF=($("$NODE" sign-url/cli.ts "$BASE" --resource "$BASE*" --key-pair-id K3ECDSAEXAMPLE --private-key "$KEY" --expires +1h --cookies --curl))"; printf '%s\\n' "\${CF[@]}"`;
  const result = spawnSync("bash", ["-c", script], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, NODE: process.execPath, BASE: base, KEY: join(dir, "ecdsa", "private_key.pem") },
  });
  expect(result.stderr).toBe("");
  const [flag, cookie, ...rest] = result.stdout.trimEnd().split("\n");
  expect([flag, rest]).toEqual(["-b", []]);
  for (const [method, query] of [
    ["POST", "uploads"],
    ["PUT", "partNumber=1&uploadId=2~Ab.c_d"],
    ["PUT", "partNumber=2&uploadId=2~Ab.c_d"],
    ["POST", "uploadId=2~Ab.c_d"],
  ] as const) {
    const decision = checkViewerAccess(viewerRequest(`${base}?${query}`, { cookie, method }), trusted, now());
    expect(decision).toMatchObject({ allowed: true, via: "signed-cookies", forward: { method, querystring: query } });
  }
  expect(checkViewerAccess(viewerRequest(base.replace("big.bin", "other.bin"), { cookie, method: "PUT" }), trusted, now())).toMatchObject({
    allowed: false,
    code: "AccessDenied",
  });
});
