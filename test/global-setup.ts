// Builds the bundle under test before any test file runs (see test/support/test-bundle.ts).
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, TEST_BUILD_DIR } from "./support/test-bundle.ts";

export default function setup(): void {
  rmSync(TEST_BUILD_DIR, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [join(REPO_ROOT, "esbuild.config.mjs"), "--defaults", "--quiet", "--outdir", TEST_BUILD_DIR], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`building the bundle under test failed:\n${result.stderr}`);
}
