// The bench's SigV4A rows in each state a bundle can be in, with small bundles made here around
// the test bundle: one that does not sign Multi-Region Access Points (reported "not signed by
// this bundle", the rest measured), one that signs them (measured), and one whose signatures
// the origin would refuse (no numbers at all). Never a timing assertion.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { buildReference } from "../../bench/reference.ts";
import { REFERENCE_SIGNERS } from "../../bench/reference-signers.ts";
import type { BenchReport } from "../../bench/run.ts";
import { REPO_ROOT, TEST_BUNDLE } from "../support/test-bundle.ts";

const dir = mkdtempSync(join(tmpdir(), "edge-sigv4-bench-rows-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IS_MRAP = "(event) => (event.Records[0].cf.request.origin.s3?.domainName ?? '').includes('.mrap.accesspoint.s3-global.')";

/** An ES module bundle: `body` defines `handler`, with `ours` (the test bundle's handler) and `isMrap` in scope. */
function fakeBundle(name: string, body: string): string {
  const path = join(dir, `${name}.mjs`);
  writeFileSync(path, `import { handler as ours } from ${JSON.stringify(pathToFileURL(TEST_BUNDLE).href)};\nconst isMrap = ${IS_MRAP};\n${body}\n`);
  return path;
}

const bench = (bundle: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, "bench/cli.ts"), "--bundle", bundle, "--rounds", "1", "--cold", "1", "--no-reference", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });

describe("the bench's SigV4A rows", () => {
  it("a bundle that does not sign SigV4A: its rows say so, the SigV4 rows are measured, exit 0", () => {
    const bundle = fakeBundle(
      "no-sigv4a",
      `export const handler = async (event) => isMrap(event)
        ? { status: "502", statusDescription: "Bad Gateway", body: JSON.stringify({ message: "this build signs SigV4 only" }) }
        : ours(event);`,
    );
    const json = bench(bundle, "--json");
    expect(json.status, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as BenchReport;
    for (const id of ["sigv4aGet", "mrapPut1m"]) {
      expect(report.cases[id]).toMatchObject({ ours: null, notSigned: "a generated 502 response: this build signs SigV4 only", ratioToFloor: null });
    }
    expect(report.cases.get?.ours?.medianUs).toBeGreaterThan(0);
    expect(report.newCredentials).toBeNull();
    const table = bench(bundle);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toContain(
      "SigV4A GET (MRAP): not signed by this bundle, so not measured (it returned a generated 502 response: this build signs SigV4 only)",
    );
    expect(table.stdout).toMatch(/^SigV4A GET \(MRAP\) +– +– +[\d.]+ +–$/m);
  }, 120_000);

  it("a bundle that signs SigV4A: both rows measured, verified by the oracle first", async () => {
    // SigV4A signed by @smithy/signature-v4a (the bench's reference, bundled), everything else by the test bundle.
    const reference = await buildReference(REPO_ROOT, REFERENCE_SIGNERS.sigv4a);
    try {
      const bundle = fakeBundle(
        "sigv4a",
        `import { createRequire } from "node:module";
        const { handler: sigv4a } = createRequire(import.meta.url)(${JSON.stringify(reference.path)});
        export const handler = async (event) => (isMrap(event) ? sigv4a(event) : ours(event));`,
      );
      const run = bench(bundle, "--json");
      expect(run.status, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as BenchReport;
      for (const id of ["sigv4aGet", "mrapPut1m"]) {
        expect(report.cases[id]?.notSigned).toBeUndefined();
        expect(report.cases[id]?.ours?.medianUs).toBeGreaterThan(0);
        expect(report.cases[id]?.ratioToFloor).toBeGreaterThan(0);
      }
      // The SDK's credential chain keeps the first credentials it read: the bench notices and
      // says so rather than report numbers that would not be a new derivation.
      expect(report.newCredentials).toBeNull();
      expect(run.stderr).toContain("with new credentials not measured: the bundle did not sign with the new credentials");
    } finally {
      rmSync(reference.dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("a bundle whose SigV4A signature the origin would refuse gets no numbers (exit 1, one line)", () => {
    const bundle = fakeBundle(
      "bad-signature",
      `export const handler = async (event) => {
        if (!isMrap(event)) return ours(event);
        const request = event.Records[0].cf.request;
        const date = new Date().toISOString().replace(/[-:]|\\.\\d{3}/g, "");
        request.headers["x-amz-date"] = [{ key: "X-Amz-Date", value: date }];
        request.headers["x-amz-region-set"] = [{ key: "X-Amz-Region-Set", value: "*" }];
        request.headers["x-amz-content-sha256"] = [{ key: "X-Amz-Content-Sha256", value: "UNSIGNED-PAYLOAD" }];
        request.headers["x-amz-security-token"] = [{ key: "X-Amz-Security-Token", value: process.env.AWS_SESSION_TOKEN }];
        request.headers.authorization = [{ key: "Authorization", value: "AWS4-ECDSA-P256-SHA256 Credential=" + process.env.AWS_ACCESS_KEY_ID +
          "/" + date.slice(0, 8) + "/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-region-set;x-amz-security-token, Signature=3006020101020101" }];
        return request;
      };`,
    );
    const run = bench(bundle);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toEqual([
      "bench: the bundle's signature of the SigV4A GET (MRAP) case does not verify: SignatureDoesNotMatch: signature does not match",
    ]);
  });
});
