// The function the edge runs is the built bundle, dist/index.mjs (the file deploy uploads).
// `npm start` on a fresh clone has no dist/ yet, and after an edit to src/ it would run stale
// code: build it then, into a scratch directory first and renamed into place, so that anything
// loading dist/index.mjs meanwhile never reads a half-written file.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

export const REPO_ROOT = join(import.meta.dirname, "..");

export function bundlePath(root: string): string {
  return join(root, "dist/index.mjs");
}

function newestInputTime(root: string, env: Readonly<Record<string, string | undefined>>): number {
  let newest = 0;
  const visit = (path: string): void => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of ["src", "esbuild.config.mjs", "edge-sigv4.config.json", "package.json"]) visit(join(root, input));
  if (env.EDGE_SIGV4_CONFIG) visit(env.EDGE_SIGV4_CONFIG);
  return newest;
}

/** Why the bundle needs building, or undefined when it is up to date. */
export function bundleStaleness(root: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const bundle = statSync(bundlePath(root), { throwIfNoEntry: false });
  if (!bundle) return "dist/index.mjs does not exist";
  if (newestInputTime(root, env) > bundle.mtimeMs) return "src/ or the build configuration changed since dist/index.mjs was built";
  return undefined;
}

/** Runs `node esbuild.config.mjs` into a scratch directory, then moves the outputs into dist/. */
export async function buildBundle(root: string): Promise<void> {
  const scratch = join(root, ".edge-sigv4", `build-${process.pid}-${Date.now()}`);
  mkdirSync(scratch, { recursive: true });
  try {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(root, "esbuild.config.mjs"), "--quiet", "--outdir", scratch], {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
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

/** Builds dist/index.mjs when it is missing or stale; returns the reason it was built, or undefined. */
export async function ensureBundle(root: string, log: (line: string) => void): Promise<string | undefined> {
  const reason = bundleStaleness(root);
  if (!reason) return undefined;
  log(`building dist/index.mjs (${reason}) ...`);
  await buildBundle(root);
  return reason;
}

export function bundleExists(root: string): boolean {
  return existsSync(bundlePath(root));
}
