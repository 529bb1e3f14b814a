// What the bench measured: the bundle's size, digest, the commit it was built at.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

export interface BundleInfo {
  path: string;
  bytes: number;
  sha256: string;
  gitRevision: string | null;
  zipBytes: number | null;
  staleAgainstSrc: boolean;
}

/** True when a file under src/ is newer than the bundle: the numbers would not be those of the current code. */
function newerSources(root: string, bundlePath: string): boolean {
  const sources = join(root, "src");
  if (!existsSync(sources)) return false;
  const built = statSync(bundlePath).mtimeMs;
  return readdirSync(sources, { recursive: true }).some((name) => statSync(join(sources, String(name))).mtimeMs > built);
}

/** The commit the working tree is at, with "+dirty" when src/ has uncommitted changes; null outside git. */
function gitRevision(root: string): string | null {
  const git = (...args: string[]) => spawnSync("git", args, { cwd: root, encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD");
  if (head.status !== 0) return null;
  const dirty = git("status", "--porcelain", "--", "src").stdout.trim() !== "";
  return `${head.stdout.trim()}${dirty ? "+dirty" : ""}`;
}

/**
 * Describes the bundle at `bundlePath`. `checkStale` compares it with src/ (only for the default
 * dist/ bundle: a bundle named with --bundle may come from anywhere).
 */
export function describeBundle(root: string, bundlePath: string, checkStale: boolean): BundleInfo {
  const zipPath = join(dirname(bundlePath), "function.zip");
  const inRepo = relative(root, bundlePath);
  return {
    path: inRepo.startsWith("..") ? bundlePath : inRepo,
    bytes: statSync(bundlePath).size,
    sha256: createHash("sha256").update(readFileSync(bundlePath)).digest("hex").slice(0, 16),
    gitRevision: gitRevision(root),
    zipBytes: existsSync(zipPath) ? statSync(zipPath).size : null,
    staleAgainstSrc: checkStale && newerSources(root, bundlePath),
  };
}
