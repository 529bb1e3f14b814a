// The function the edge runs is the built bundle, dist/index.mjs, the very file deploy uploads
// (dist/function.zip holds it). `npm start` builds it when it is missing or was not built from
// the current inputs (build-inputs.ts), into a scratch directory first and renamed into place,
// so that anything loading dist/index.mjs meanwhile never reads a half-written file.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { type BuildRecord, buildInputs, bundleDigest, changedInputs, configFile, RECORD_FILE, readRecord } from "./build-inputs.ts";

export const REPO_ROOT = join(import.meta.dirname, "..");

export interface BundleSettings {
  readonly root: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--config FILE`; otherwise EDGE_SIGV4_CONFIG or edge-sigv4.config.json, as `npm run build` decides. */
  readonly config?: string | undefined;
}

export function bundlePath(root: string): string {
  return join(root, "dist/index.mjs");
}

/** The index.mjs inside a function.zip, or undefined when there is none. */
function zippedBundle(zipPath: string): Buffer | undefined {
  try {
    const entry = unzipSync(readFileSync(zipPath), { filter: (file) => file.name === "index.mjs" })["index.mjs"];
    return entry ? Buffer.from(entry) : undefined;
  } catch {
    return undefined;
  }
}

/** Why dist/ must be built before it runs, or undefined when it is what npm start would build. */
export function bundleStaleness(settings: BundleSettings): string | undefined {
  const dist = join(settings.root, "dist");
  if (!existsSync(bundlePath(settings.root))) return "dist/index.mjs does not exist";
  const bundle = readFileSync(bundlePath(settings.root));
  const record = readRecord(dist);
  if (!record) return `dist/index.mjs has no ${RECORD_FILE}: it was built by another command`;
  if (record.bundle !== bundleDigest(bundle)) return "dist/index.mjs was rebuilt by another command since npm start built it";
  const zipped = zippedBundle(join(dist, "function.zip"));
  if (!zipped?.equals(bundle)) return "dist/function.zip does not hold dist/index.mjs";
  return changedInputs(record, buildInputs(settings.root, configFile(settings.root, settings.env, settings.config)));
}

function run(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** `node esbuild.config.mjs` with the configuration named explicitly, then dist/build-inputs.json next to its outputs. */
export async function buildBundle(settings: BundleSettings): Promise<void> {
  const { root } = settings;
  const config = configFile(root, settings.env, settings.config);
  const inputs = buildInputs(root, config);
  const scratch = join(root, ".edge-sigv4", `build-${process.pid}-${Date.now()}`);
  mkdirSync(scratch, { recursive: true });
  try {
    const configArgs = config === undefined ? ["--defaults"] : ["--config", config];
    const { code, output } = await run([join(root, "esbuild.config.mjs"), ...configArgs, "--quiet", "--outdir", scratch], root);
    if (code !== 0) throw new Error(`npm run build failed:\n${output.trim()}`);
    const record: BuildRecord = { ...inputs, bundle: bundleDigest(readFileSync(join(scratch, "index.mjs"))) };
    writeFileSync(join(scratch, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
    mkdirSync(join(root, "dist"), { recursive: true });
    for (const file of readdirSync(scratch)) renameSync(join(scratch, file), join(root, "dist", file));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Builds dist/ when it is stale; returns why it was built, or undefined. */
export async function ensureBundle(settings: BundleSettings, log: (line: string) => void): Promise<string | undefined> {
  const reason = bundleStaleness(settings);
  if (!reason) return undefined;
  const config = configFile(settings.root, settings.env, settings.config);
  log(`building dist/index.mjs with ${config === undefined ? "the default configuration" : buildInputs(settings.root, config).config} (${reason}) ...`);
  await buildBundle(settings);
  return reason;
}
