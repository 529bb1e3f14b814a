// The build is part of the product: the bundle's size budget, the zip's layout, and a clear
// failure for a bad configuration file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_BUNDLE, TEST_ZIP } from "../support/test-bundle.ts";
import { CREDENTIALS, customOrigin, makeEvent } from "./fixtures.ts";

const root = join(import.meta.dirname, "../..");
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};
const build = (...args: string[]) => spawnSync(process.execPath, [join(root, "esbuild.config.mjs"), "--quiet", ...args], { encoding: "utf8" });

describe("build", () => {
  it("writes one self-contained bundle of at most 40 KB, and a zip holding it at the root", () => {
    const bundle = readFileSync(TEST_BUNDLE);
    expect(bundle.length).toBeLessThanOrEqual(40 * 1024);
    expect(bundle.toString()).not.toMatch(/\bfrom\s*"(?!node:)[^"]+"|require\(/); // no imports but node:*
    const files = unzipSync(readFileSync(TEST_ZIP));
    expect(Object.keys(files)).toEqual(["index.mjs"]);
    expect(Buffer.from(files["index.mjs"]!).equals(bundle)).toBe(true);
  });

  it("bakes a configuration file into the bundle", async () => {
    const dir = tempDir("edge-sigv4-build-");
    writeFileSync(join(dir, "config.json"), JSON.stringify({ defaultTarget: { service: "execute-api", region: "eu-west-2" } }));
    const result = build("--config", join(dir, "config.json"), "--outdir", dir);
    expect(result.status, result.stderr).toBe(0);
    expect(statSync(join(dir, "function.zip")).size).toBeGreaterThan(0);
    const { handler } = (await import(pathToFileURL(join(dir, "index.mjs")).href)) as {
      handler: (event: unknown) => Promise<{ headers: Record<string, { value: string }[]> }>;
    };
    const env = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey });
    try {
      const event = makeEvent({ origin: customOrigin("api.example.com") });
      const log = console.log;
      console.log = () => {};
      const result = await handler(event).finally(() => (console.log = log));
      expect(result.headers.authorization?.[0]?.value).toContain("/eu-west-2/execute-api/aws4_request");
    } finally {
      process.env = env;
    }
  });

  it("fails with a clear message on an invalid configuration file", () => {
    const dir = tempDir("edge-sigv4-build-");
    writeFileSync(join(dir, "config.json"), JSON.stringify({ signedHeaders: ["x-forwarded-for"] }));
    const result = build("--config", join(dir, "config.json"), "--outdir", dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("invalid configuration");
    expect(result.stderr).toContain("x-forwarded-for");
    writeFileSync(join(dir, "broken.json"), "{ not json");
    expect(build("--config", join(dir, "broken.json"), "--outdir", dir).stderr).toContain("cannot read configuration");
  });
});
