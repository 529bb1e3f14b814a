// `npm start` runs dist/index.mjs only when it is what it would build from the current inputs,
// judged by content (src/, the configuration file, esbuild.config.mjs, package-lock.json) and by
// a record of the bundle it built — never by file times. Run in a scratch copy of the repository,
// so the checkout's dist/ is never touched.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BundleSettings, bundleStaleness, ensureBundle } from "../../local-edge/bundle.ts";
import { REPO_ROOT } from "../support/test-bundle.ts";

let root: string;
let settings: BundleSettings;
let before: string | undefined;
const built: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "edge-sigv4-freshness-"));
  for (const input of ["src", "esbuild.config.mjs", "package.json", "package-lock.json"])
    cpSync(join(REPO_ROOT, input), join(root, input), { recursive: true });
  symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"), "dir");
  settings = { root, env: {} };
  before = bundleStaleness(settings);
  await ensureBundle(settings, (line) => built.push(line));
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Changes a file's content for the duration of a check, then puts it back. */
function whileChanged(file: string, content: string, check: () => void): void {
  const path = join(root, file);
  const before = readFileSync(path);
  writeFileSync(path, content);
  try {
    check();
  } finally {
    writeFileSync(path, before);
  }
}

describe("the bundle npm start runs", () => {
  it("is built when missing, with a record of its inputs; dist/function.zip holds the same index.mjs", () => {
    expect(before).toBe("dist/index.mjs does not exist");
    expect(built[0]).toBe("building dist/index.mjs with the default configuration (dist/index.mjs does not exist) ...");
    expect(bundleStaleness(settings)).toBeUndefined();
    const bundle = readFileSync(join(root, "dist/index.mjs"));
    expect(Buffer.from(unzipSync(readFileSync(join(root, "dist/function.zip")))["index.mjs"] ?? []).equals(bundle)).toBe(true);
  });

  it("stays current when only file times change, and is stale when the content of src/ changes, whatever the times", () => {
    const file = join(root, "src/index.ts");
    utimesSync(file, new Date(), new Date(Date.now() + 3_600_000));
    expect(bundleStaleness(settings)).toBeUndefined();
    whileChanged("src/index.ts", `${readFileSync(file, "utf8")}\n// edited\n`, () => {
      utimesSync(file, new Date(0), new Date(0));
      expect(bundleStaleness(settings)).toBe("src/ changed since it was built");
    });
    expect(bundleStaleness(settings)).toBeUndefined();
  });

  it("is stale when a configuration file appears or changes, or another one is named", () => {
    const config = join(root, "edge-sigv4.config.json");
    writeFileSync(config, JSON.stringify({ logLevel: "debug" }));
    try {
      expect(bundleStaleness(settings)).toMatch(/built with the default configuration, the configuration now is edge-sigv4\.config\.json/);
    } finally {
      unlinkSync(config);
    }
    const other = join(root, "other.json");
    writeFileSync(other, "{}");
    expect(bundleStaleness({ ...settings, env: { EDGE_SIGV4_CONFIG: other } })).toMatch(/the configuration now is other\.json/);
    expect(bundleStaleness({ ...settings, config: other })).toMatch(/the configuration now is other\.json/);
  });

  it("is stale when esbuild.config.mjs changes", () => {
    whileChanged("esbuild.config.mjs", `${readFileSync(join(root, "esbuild.config.mjs"), "utf8")}\n// edited\n`, () => {
      expect(bundleStaleness(settings)).toBe("esbuild.config.mjs changed since it was built");
    });
  });

  it("is rebuilt after `npm run build -- --config X` replaced it, and built with X when npm start is given --config X", async () => {
    writeFileSync(join(root, "x.json"), JSON.stringify({ logLevel: "debug" }));
    const build = spawnSync(process.execPath, [join(root, "esbuild.config.mjs"), "--config", join(root, "x.json"), "--quiet"], { cwd: root, encoding: "utf8" });
    expect(build.status, build.stderr).toBe(0);
    expect(bundleStaleness(settings)).toBe("dist/index.mjs was rebuilt by another command since npm start built it");
    await ensureBundle(settings, () => {});
    expect(bundleStaleness(settings)).toBeUndefined();
    // Built with x.json when npm start is told to.
    await ensureBundle({ ...settings, config: join(root, "x.json") }, (line) => built.push(line));
    expect(built.at(-1)).toBe("building dist/index.mjs with x.json (it was built with the default configuration, the configuration now is x.json) ...");
    expect(bundleStaleness({ ...settings, config: join(root, "x.json") })).toBeUndefined();
    // Back to the default configuration for the other tests of this file.
    await ensureBundle(settings, () => {});
    expect(bundleStaleness(settings)).toBeUndefined();
  });
});
