// The build's command line: a bad option or value is one line plus the usage and exit 2, never
// a Node stack trace; the documented options keep working.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/test-bundle.ts";

const scratch = mkdtempSync(join(tmpdir(), "edge-sigv4-build-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const build = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, "esbuild.config.mjs"), ...args], { cwd: scratch, encoding: "utf8" });
const USAGE = "usage: npm run build -- [--config edge-sigv4.config.json | --defaults] [--outdir dist] [--quiet]";

describe("npm run build -- options", () => {
  it.each([
    [["--confg", "x"], "unknown option --confg"],
    [["--outdir"], "'--outdir <value>' argument missing"],
    [["--config"], "'--config <value>' argument missing"],
    [["--config="], "--config takes a file"],
    [["--outdir="], "--outdir takes a directory"],
    [["--config", "x.json", "--defaults"], "--config and --defaults exclude each other"],
    [["dist"], "Unexpected argument 'dist'"],
  ])("refuses %j in one line plus the usage", (args, message) => {
    const run = build(...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^edge-sigv4 build: /);
    expect(lines[0]).toContain(message);
    expect(lines[1]).toBe(USAGE);
  });

  it("prints the usage and every option for --help", () => {
    const run = build("--help");
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(USAGE);
    for (const option of ["--config FILE", "--defaults", "--outdir DIR", "--quiet"]) expect(run.stdout).toContain(option);
  });

  it("still builds with --defaults --outdir, ignoring a configuration file named in the environment", () => {
    const outdir = join(scratch, "out");
    const config = join(scratch, "broken.json");
    writeFileSync(config, "{ not json");
    const run = spawnSync(process.execPath, [join(REPO_ROOT, "esbuild.config.mjs"), "--defaults", "--quiet", "--outdir", outdir], {
      cwd: scratch,
      encoding: "utf8",
      env: { ...process.env, EDGE_SIGV4_CONFIG: config },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    expect(existsSync(join(outdir, "index.mjs"))).toBe(true);
    expect(existsSync(join(outdir, "function.zip"))).toBe(true);
  });

  it("reports a missing configuration file in one line", () => {
    const run = build("--config", join(scratch, "missing.json"), "--outdir", join(scratch, "unused"));
    expect(run.status).not.toBe(0);
    expect(run.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^edge-sigv4 build: cannot read configuration .*missing\.json/)]);
  });
});
