// The function the edge runs is the built bundle, dist/index.mjs (the file deploy uploads).
// `npm start` on a fresh clone has no dist/ yet, and after an edit to src/ it would run stale
// code: build it then, into a scratch directory first and renamed into place, so that anything
// loading dist/index.mjs meanwhile never reads a half-written file.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const BUNDLE_PATH = join(REPO_ROOT, "dist/index.mjs");

function newestInputTime(root) {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of ["src", "esbuild.config.mjs", "edge-sigv4.config.json", "package.json"]) visit(join(root, input));
  if (process.env.EDGE_SIGV4_CONFIG) visit(process.env.EDGE_SIGV4_CONFIG);
  return newest;
}

/** Why the bundle needs building, or undefined when it is up to date. */
export function bundleStaleness(root = REPO_ROOT) {
  const bundle = statSync(join(root, "dist/index.mjs"), { throwIfNoEntry: false });
  if (!bundle) return "dist/index.mjs does not exist";
  if (newestInputTime(root) > bundle.mtimeMs) return "src/ or the build configuration changed since dist/index.mjs was built";
  return undefined;
}

/** Runs `node esbuild.config.mjs` into a scratch directory, then moves the outputs into dist/. */
export async function buildBundle(root = REPO_ROOT) {
  const scratch = join(root, ".edge-sigv4", `build-${process.pid}-${Date.now()}`);
  mkdirSync(scratch, { recursive: true });
  try {
    const { code, output } = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(root, "esbuild.config.mjs"), "--quiet", "--outdir", scratch], {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, output }));
    });
    if (code !== 0) throw new Error(`npm run build failed:\n${output.trim()}`);
    mkdirSync(join(root, "dist"), { recursive: true });
    for (const file of readdirSync(scratch)) renameSync(join(scratch, file), join(root, "dist", file));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Makes sure dist/index.mjs exists (mode "missing") or is also newer than its sources (mode
 * "stale"). Returns the reason it was built, or undefined.
 */
export async function ensureBundle({ root = REPO_ROOT, mode = "stale", log = () => {} } = {}) {
  const reason =
    mode === "never"
      ? undefined
      : mode === "missing"
        ? existsSync(join(root, "dist/index.mjs"))
          ? undefined
          : "dist/index.mjs does not exist"
        : bundleStaleness(root);
  if (!reason) return undefined;
  log(`building dist/index.mjs (${reason}) ...`);
  await buildBundle(root);
  return reason;
}
