// Step 1, the package: build dist/function.zip (unless --no-build) and check it as Lambda@Edge
// will: a zip, at most 50 MB, with index.mjs at its root. With --no-build the check runs before
// anything else, in the dry run too.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";
import type { Options } from "../args.ts";
import { readOriginRoles } from "../build-config.ts";
import { DeployError } from "../errors.ts";
import { HANDLER, MAX_ZIP_BYTES } from "../limits.ts";
import { local, type Step } from "../step.ts";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DEFAULT_ZIP = "dist/function.zip";

export const formatBytes = (n: number): string => (n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** The default zip is the repo's dist/function.zip wherever the command runs; a given path is the caller's. */
export const zipPath = (path: string): string => (isAbsolute(path) ? path : path === DEFAULT_ZIP ? join(REPO_ROOT, path) : resolve(path));

export const readZipFile = (path: string): Uint8Array => readFileSync(zipPath(path));

/** Checks the package's bytes: a zip, at most 50 MB, with index.mjs at its root. Throws DeployError. */
export function checkPackage(bytes: Uint8Array, path = "the package"): void {
  if (bytes.length > MAX_ZIP_BYTES) {
    throw new DeployError(
      `${path} is ${formatBytes(bytes.length)}: Lambda@Edge origin-request functions take at most ${MAX_ZIP_BYTES / 1024 / 1024} MB zipped; rebuild with \`npm run build\` (the bundle is a few KB) or check --zip`,
    );
  }
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        return false;
      },
    });
  } catch {
    throw new DeployError(`${path} is not a zip file: rebuild it with \`npm run build\``);
  }
  if (!names.includes("index.mjs")) {
    throw new DeployError(
      `${path} has no index.mjs at its root (it has: ${names.slice(0, 5).join(", ") || "nothing"}): the handler ${HANDLER} needs it; rebuild with \`npm run build\``,
    );
  }
}

/** Reads the package with `read` and checks it. Throws DeployError with one line. */
export function loadPackage(path: string, read: (path: string) => Uint8Array): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = read(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DeployError(`${path} does not exist: run \`npm run build\` (or drop --no-build)`);
    if (code === "EISDIR") throw new DeployError(`${path} is a directory: --zip takes the zip file (${DEFAULT_ZIP} after \`npm run build\`)`);
    throw error;
  }
  checkPackage(bytes, path);
  return bytes;
}

const buildCommand = (options: Options): string => `node esbuild.config.mjs${options.buildConfig ? ` --config ${options.buildConfig}` : ""}`;

export function defaultBuild(options: Options, log: (line: string) => void): void {
  const args = [join(REPO_ROOT, "esbuild.config.mjs"), ...(options.buildConfig ? ["--config", resolve(options.buildConfig)] : [])];
  log(`build: ${buildCommand(options)}`);
  // The build's output goes to stderr: stdout carries only the version ARN.
  const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", 2, 2] });
  if (result.status !== 0) throw new DeployError("the build failed (its message is above): fix it, or deploy an existing zip with --no-build");
}

export const packageStep: Step = {
  name: "package",
  check(options, state, io) {
    if (options.build && options.buildConfig) state.originRoles = readOriginRoles(options.buildConfig);
    if (!options.build) state.zip = loadPackage(options.zip, io.readZip);
  },
  plan(options, state) {
    const size = state.zip ? `${state.zip.length} bytes, checked` : "built above";
    const roles = state.originRoles ?? [];
    return [
      ...(options.build ? [local("build", `${buildCommand(options)} → ${DEFAULT_ZIP}`)] : []),
      ...(roles.length > 0
        ? [local("build config", `${options.buildConfig}: its origins assume ${roles.map((role) => role.roleArn).join(", ")} (cross-account)`)]
        : []),
      local("package", `${options.zip} (${size}): index.mjs at the zip root, at most ${MAX_ZIP_BYTES / 1024 / 1024} MB`),
    ];
  },
  async run({ options, state, io }) {
    if (options.build) {
      io.build(options, io.log);
      state.zip = loadPackage(options.zip, io.readZip);
    }
    state.zip ??= loadPackage(options.zip, io.readZip);
    io.log(`package: ${options.zip}, ${formatBytes(state.zip.length)}, index.mjs at the root`);
  },
};
