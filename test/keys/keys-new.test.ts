// npm run keys -- new [--ecdsa] --out DIR, as a user runs it.
import { spawnSync } from "node:child_process";
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/test-bundle.ts";

const root = mkdtempSync(join(tmpdir(), "keys-new-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const keys = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, "keys/cli.ts"), ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 20_000 });

describe.each([
  ["RSA 2048 by default", [], "rsa", { modulusLength: 2048 }],
  ["ECDSA P-256 with --ecdsa", ["--ecdsa"], "ec", { namedCurve: "prime256v1" }],
] as const)("%s", (_name, flags, type, details) => {
  const dir = join(root, type, "nested");
  const result = keys("new", ...flags, "--out", dir);

  it("writes private_key.pem (0600) and public_key.pem (SubjectPublicKeyInfo), creating DIR", () => {
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["private_key.pem", "public_key.pem"]);
    expect(statSync(join(dir, "private_key.pem")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "public_key.pem")).mode & 0o777).toBe(0o644);
    const privatePem = readFileSync(join(dir, "private_key.pem"), "utf8");
    const publicPem = readFileSync(join(dir, "public_key.pem"), "utf8");
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const privateKey = createPrivateKey(privatePem);
    const publicKey = createPublicKey(publicPem);
    expect(publicKey.asymmetricKeyType).toBe(type);
    expect(publicKey.asymmetricKeyDetails).toMatchObject(details);
    // The two halves belong together.
    expect(verify("sha256", Buffer.from("x"), publicKey, sign("sha256", Buffer.from("x"), privateKey))).toBe(true);
  });

  it("says what it wrote and what to do next, never the private key", () => {
    expect(result.stdout).toContain(`wrote ${join(dir, "private_key.pem")}`);
    expect(result.stdout).toContain(`--trusted-key-group NAME --public-key ${join(dir, "public_key.pem")}`);
    expect(result.stdout).toContain(`npm start -- --trusted-key ${join(dir, "public_key.pem")}:<KEY_PAIR_ID>`);
    expect(result.stdout).not.toContain(readFileSync(join(dir, "private_key.pem"), "utf8").split("\n")[1]);
  });

  it("refuses to overwrite: one line, exit 1, the files untouched", () => {
    const before = readFileSync(join(dir, "private_key.pem"), "utf8");
    const again = keys("new", ...flags, "--out", dir);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`keys: ${join(dir, "private_key.pem")} already exists; keys new never overwrites a key (choose another --out)\n`);
    expect(readFileSync(join(dir, "private_key.pem"), "utf8")).toBe(before);
  });
});

it("refuses when only public_key.pem exists, and writes nothing", () => {
  const dir = join(root, "half");
  keys("new", "--out", dir);
  rmSync(join(dir, "private_key.pem"));
  writeFileSync(join(dir, "public_key.pem"), "mine");
  const result = keys("new", "--out", dir);
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/public_key\.pem already exists/);
  expect(readdirSync(dir)).toEqual(["public_key.pem"]);
});

it.each([
  [[], "keys: missing the command: npm run keys -- new --out DIR\n"],
  [["new"], "keys: missing --out DIR: the directory to write private_key.pem and public_key.pem in\n"],
  [["old", "--out", "x"], 'keys: unknown command "old"; the command is new\n'],
  [["new", "--out", "x", "--rsa"], "keys: Unknown option '--rsa' (npm run keys -- --help)\n"],
])("bad input %j: one line, exit 1", (args, message) => {
  const result = keys(...args);
  expect(result.status).toBe(1);
  expect(result.stderr).toBe(message);
});
