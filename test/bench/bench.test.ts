// Smoke test of `npm run bench`: it runs on a tiny round count and its --json output has the
// documented shape. Never a timing assertion: numbers are only checked to be numbers.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BenchReport } from "../../bench/run.ts";
import { REPO_ROOT, TEST_BUNDLE } from "../support/test-bundle.ts";

const bench = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, "bench/cli.ts"), "--bundle", TEST_BUNDLE, ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });

const positive = expect.any(Number);
const timing = { medianUs: positive, p90Us: positive };

describe("npm run bench", () => {
  it("prints one JSON object with every case, the floors, the reference, cold start, size and peak RSS", () => {
    const run = bench("--json", "--rounds", "1", "--cold", "1");
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as BenchReport; // one object, nothing else on stdout
    expect(report.bench).toBe("edge-sigv4");
    expect(report.method).toMatchObject({
      rounds: 1,
      consoleLog: expect.stringContaining("silenced"),
      eventCopies: expect.stringContaining("outside the timed region"),
    });
    expect(report.bundle).toMatchObject({
      path: "node_modules/.cache/edge-sigv4-test/index.mjs",
      bytes: positive,
      zipBytes: positive,
      sha256: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(Object.keys(report.cases)).toEqual(["get", "post1k", "put1m", "sigv4aGet", "mrapPut1m"]);
    expect(report.cases.put1m?.bodyBytes).toBe(1024 * 1024);
    expect(report.cases.mrapPut1m?.bodyBytes).toBe(1024 * 1024);
    expect(Object.keys(report.references)).toEqual(["sigv4", "sigv4a"]);
    expect(report.references.sigv4?.signer).toBe("@smithy/signature-v4");
    expect(report.references.sigv4a?.signer).toBe("@smithy/signature-v4a");
    for (const [id, entry] of Object.entries(report.cases)) {
      const sigv4a = id === "sigv4aGet" || id === "mrapPut1m";
      expect(entry.referenceId).toBe(sigv4a ? "sigv4a" : "sigv4");
      expect(entry.floor).toMatchObject({ ...timing, what: expect.any(String) });
      // The SigV4A rows are measured when the bundle signs SigV4A, and say so when it does not
      // (sigv4a-rows.test.ts pins both); the SigV4 rows always are.
      if (entry.ours === null) {
        expect(sigv4a).toBe(true);
        expect(entry.notSigned).toEqual(expect.any(String));
        expect(entry.ratioToFloor).toBeNull();
      } else {
        expect(entry.ours).toMatchObject({ ...timing, requests: positive });
        expect(entry.ratioToFloor).toBeGreaterThan(0);
      }
      // A reference may fail to build on some machine; then the bench says why and skips it.
      const reference = report.references[entry.referenceId]!;
      if (reference.available) {
        expect(entry.reference).toMatchObject({ ...timing, ratioToFloor: positive });
        if (entry.ours !== null) expect(entry.speedup).toBeGreaterThan(0);
      } else {
        expect(reference).toMatchObject({ error: expect.any(String) });
      }
    }
    if (report.cases.sigv4aGet?.ours) {
      expect(report.newCredentials).toMatchObject({ caseId: "sigv4aGet", requests: positive, ...timing, cachedMedianUs: positive });
    } else {
      expect(report.newCredentials).toBeNull();
    }
    const reference = report.references.sigv4!;
    expect(report.coldStart).toMatchObject({
      processes: 1,
      ours: { medianMs: positive, importMs: positive, firstInvocationMs: positive, signed: true },
      nodeProcessStartMs: positive,
    });
    // The child's clock starts before anything the bundle needs is loaded, node:crypto included.
    expect(report.coldStart.ours.cryptoLoadedBeforeImport).toBe(false);
    expect(report.peakRss.ours).toMatchObject({ maxRssBytes: positive, signed: true });
    expect(report.peakRss.baseline).toMatchObject({ maxRssBytes: positive });
    if (reference.available) {
      expect(reference.bytes).toBeGreaterThan(0);
      expect(report.coldStart.reference).toMatchObject({ medianMs: positive, signed: true });
      expect(report.coldStart.speedup).toBeGreaterThan(0);
      expect(report.peakRss.reference).toMatchObject({ maxRssBytes: positive, signed: true });
    }
    // Measured numbers only: the bench states no target or expectation of its own.
    expect(Object.keys(report)).toEqual(["bench", "machine", "method", "bundle", "references", "cases", "newCredentials", "coldStart", "peakRss"]);
  }, 120_000);

  it("prints a table of numbers and ratios, and says so when the reference is skipped", () => {
    const run = bench("--rounds", "1", "--cold", "1", "--no-reference");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("reference @smithy/signature-v4: not measured (--no-reference)");
    expect(run.stdout).toContain("reference @smithy/signature-v4a: not measured (--no-reference)");
    for (const text of [
      "GET, no body (Lambda URL)",
      "POST 1 KB JSON (Lambda URL)",
      "PUT 1 MiB binary (S3)",
      "SigV4A GET (MRAP)",
      "MRAP 1 MiB PUT (SigV4A)",
      "ECDSA P-256",
      "ours/floor",
      "Cold start",
      "Peak RSS",
      "console.log silenced",
    ]) {
      expect(run.stdout).toContain(text);
    }
    expect(run.stdout).not.toMatch(/\bissue\b|target|expect/i);
  }, 120_000);

  it("asks for a build when the bundle is missing", () => {
    const run = bench("--bundle", join(REPO_ROOT, "dist/no-such-bundle.mjs"), "--rounds", "1");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("npm run build");
    expect(run.stdout).toBe("");
  });

  it.each([
    [["--rounds", "0"], "--rounds takes a positive integer"],
    [["--cold", "1.5"], "--cold takes a positive integer"],
    [["--round", "3"], "unknown option --round"],
  ])("refuses %j with one line and the usage", (args, message) => {
    const run = bench(...args);
    expect(run.status).toBe(2);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(message);
    expect(lines[1]).toMatch(/^usage: npm run bench/);
    expect(run.stdout).toBe("");
  });
});
