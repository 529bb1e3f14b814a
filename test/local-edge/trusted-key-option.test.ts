// `npm start -- --trusted-key public_key.pem:ID --protect PATTERN`, as a user runs it: keys from
// `npm run keys -- new`, URLs and cookies from `npm run sign-url` (its cli.ts run as a process),
// each accepted by the edge; and each bad --trusted-key value is one line and a non-zero exit.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommandLine } from "../../local-edge/command-line.ts";
import { main } from "../../local-edge/main.ts";
import { REPO_ROOT, TEST_BUNDLE } from "../support/test-bundle.ts";
import { send } from "./helpers.ts";

const run = promisify(execFile);
const tool = (name: string, args: string[]) => run(process.execPath, [join(REPO_ROOT, name, "cli.ts"), ...args], { cwd: REPO_ROOT, encoding: "utf8" });

let dir = "";
const printed: string[] = [];
let stop: () => void = () => {};
let running: Promise<number> | undefined;
let edgeUrl = "";

async function start(args: string[]): Promise<{ code: number; err: string[] }> {
  const err: string[] = [];
  const code = await main(args, { env: {}, out: () => {}, err: (line) => err.push(line), stopped: async () => {} });
  return { code, err };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "edge-sigv4-trusted-key-"));
  await Promise.all([tool("keys", ["new", "--out", join(dir, "rsa")]), tool("keys", ["new", "--ecdsa", "--out", join(dir, "ecdsa")])]);
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const args = ["--port", "0", "--handler", TEST_BUNDLE, "--protect", "demo/private/*"];
  args.push("--trusted-key", `${join(dir, "rsa", "public_key.pem")}:K1RSALOCAL`, "--trusted-key", `${join(dir, "ecdsa", "public_key.pem")}:K2ECLOCAL`);
  running = main(args, { env: {}, out: (line) => printed.push(line), err: (line) => printed.push(line), stopped: () => stopped });
  while (!printed.some((line) => line.startsWith("  viewer access:"))) {
    if (printed.some((line) => line.startsWith("local edge:"))) throw new Error(printed.join("\n"));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  edgeUrl = /listening on (\S+)/.exec(printed.join("\n"))?.[1] ?? "";
});
afterAll(async () => {
  stop();
  expect(await running).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

describe("URLs and cookies from npm run sign-url, with keys from npm run keys -- new", () => {
  it("the edge says which paths need a signature and with which keys, and prints no demo URL", () => {
    expect(printed).toContain("  viewer access: /demo/private/* needs a signed URL or signed cookies (trusted keys K1RSALOCAL, K2ECLOCAL)");
    expect(printed.join("\n")).not.toContain("Signature=");
  });

  it.each([
    ["RSA, canned, SHA1", "rsa", "K1RSALOCAL", []],
    ["RSA, custom with a wildcard, SHA256", "rsa", "K1RSALOCAL", ["--resource", "/demo/private/*", "--hash-algorithm", "SHA256"]],
    ["ECDSA, canned, SHA256", "ecdsa", "K2ECLOCAL", ["--hash-algorithm", "SHA256"]],
    ["ECDSA, custom with a wildcard and an address range, SHA1", "ecdsa", "K2ECLOCAL", ["--resource", "/demo/private/cli-*", "--ip", "127.0.0.0/8"]],
  ])("a signed URL: %s, PUT then GET", async (name, kind, id, extra) => {
    const path = `/demo/private/cli-${kind}-${extra.length}.txt`;
    const options = extra.map((value) => (value.startsWith("/demo/") ? `${edgeUrl}${value}` : value));
    const key = join(dir, kind, "private_key.pem");
    const { stdout, stderr } = await tool("sign-url", [`${edgeUrl}${path}`, "--key-pair-id", id, "--private-key", key, "--expires", "+10m", ...options]);
    expect(stderr).toBe("");
    const target = stdout.trim().slice(edgeUrl.length);
    expect(target).toMatch(new RegExp(`^${path.replace(/\./g, "\\.")}\\?(Expires|Policy)=`));
    expect((await send(edgeUrl, target, { method: "PUT", body: name })).status).toBe(200);
    const get = await send(edgeUrl, target);
    expect([get.status, get.text]).toEqual([200, name]);
    expect(printed.at(-1)).toMatch(new RegExp(` 200 \\d+B \\d+ms s3/us-east-1 \\(signed URL, key ${id}\\)$`));
    expect((await send(edgeUrl, path)).status).toBe(403);
  });

  it.each([
    ["RSA, custom with a wildcard, --cookies --curl", "rsa", "K1RSALOCAL", ["--resource", "/demo/private/*", "--cookies", "--curl"]],
    ["ECDSA, canned, SHA256, --cookies (Set-Cookie lines)", "ecdsa", "K2ECLOCAL", ["--hash-algorithm", "SHA256", "--cookies"]],
  ])("signed cookies: %s", async (name, kind, id, extra) => {
    const path = `/demo/private/cookie-${kind}.txt`;
    const options = extra.map((value) => (value.startsWith("/demo/") ? `${edgeUrl}${value}` : value));
    const key = join(dir, kind, "private_key.pem");
    const { stdout } = await tool("sign-url", [`${edgeUrl}${path}`, "--key-pair-id", id, "--private-key", key, "--expires", "+10m", ...options]);
    const cookie = stdout.startsWith("-b '")
      ? stdout.trim().slice(4, -1)
      : stdout
          .trim()
          .split("\n")
          .map((line) => line.replace(/^Set-Cookie: /, "").split(";")[0])
          .join("; ");
    expect(cookie).toMatch(/CloudFront-Signature=[\w~-]+/);
    expect((await send(edgeUrl, path, { method: "PUT", body: name, headers: { Cookie: cookie } })).status).toBe(200);
    const get = await send(edgeUrl, path, { headers: { Cookie: cookie } });
    expect([get.status, get.text]).toEqual([200, name]);
    expect(printed.at(-1)).toMatch(new RegExp(`\\(signed cookies, key ${id}\\)$`));
    expect(printed.join("\n")).not.toContain(cookie.slice(0, 40));
  });
});

describe("bad --trusted-key and --protect values: one line, a non-zero exit, no key printed", () => {
  it("a missing file, a private key, not a key, no key pair id, a bad id, --protect alone", async () => {
    const pub = join(dir, "rsa", "public_key.pem");
    const priv = join(dir, "rsa", "private_key.pem");
    writeFileSync(join(dir, "notes.txt"), "hello\n");
    const cases: Array<[string[], string]> = [
      [
        ["--trusted-key", `${join(dir, "nope.pem")}:K1`],
        `local edge: --trusted-key ${join(dir, "nope.pem")}: no such file (npm run keys -- new --out DIR writes DIR/public_key.pem)`,
      ],
      [["--trusted-key", `${priv}:K1`], `local edge: --trusted-key ${priv}: this is a private key; a trusted key is the public key (public_key.pem)`],
      [
        ["--trusted-key", `${join(dir, "notes.txt")}:K1`],
        `local edge: --trusted-key ${join(dir, "notes.txt")}: not a PEM public key (expected -----BEGIN PUBLIC KEY-----)`,
      ],
      [
        ["--trusted-key", pub],
        `local edge: --trusted-key ${pub}: add the key pair id after a ":" (the --key-pair-id you sign with): give PUBLIC_KEY.pem:KEY_PAIR_ID, e.g. --trusted-key .edge-sigv4/keys/public_key.pem:K1LOCAL`,
      ],
      [["--trusted-key", `${pub}:K-1`], `local edge: --trusted-key ${pub}:K-1: the key pair id "K-1" is not letters and digits (like K2JCJMDEHXQW5F)`],
    ];
    for (const [args, line] of cases) expect(await start(["--port", "0", "--handler", TEST_BUNDLE, ...args])).toEqual({ code: 2, err: [line] });
    const alone = await start(["--protect", "/api/*"]);
    expect(alone.code).toBe(2);
    expect(alone.err).toEqual([
      "local edge: --protect needs --trusted-key PUBLIC_KEY.pem:KEY_PAIR_ID, the key that signs for those paths (npm run keys -- new --out DIR makes one) (npm start -- --help lists the options)",
    ]);
    const body = readFileSync(priv, "utf8").split("\n").slice(1, -2).join("");
    expect(JSON.stringify(cases)).not.toContain(body.slice(0, 32));
  });

  it("--protect takes CloudFront's path patterns, the leading / optional", () => {
    expect(parseCommandLine(["--trusted-key", "k.pem:K1", "--protect", "private/*", "--protect", "/api/*"], {}).protect).toEqual(["/private/*", "/api/*"]);
    expect(() => parseCommandLine(["--trusted-key", "k.pem:K1", "--protect", "a b"], {})).toThrow(/--protect "a b": a path pattern/);
  });
});
