// What dist/index.mjs is built from, by content: src/, esbuild.config.mjs, the configuration
// file baked in (or none), package-lock.json (the signer's version). The local edge records it
// next to the bundle (dist/build-inputs.json) when it builds, with the hash of the bundle it
// built, so that it can tell a bundle built from other inputs — an edited src/ or configuration,
// or `npm run build -- --config X` run since — from the one it would build. File times are not
// used: a checkout, a copy or an editor can set them to anything.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

export const RECORD_FILE = "build-inputs.json";

export interface BuildInputs {
  /** The configuration file baked in (relative to the repository when inside it), or null for the defaults. */
  readonly config: string | null;
  readonly digests: { readonly src: string; readonly esbuildConfig: string; readonly config: string; readonly lockfile: string };
}

export interface BuildRecord extends BuildInputs {
  /** SHA-256 of the dist/index.mjs built from these inputs. */
  readonly bundle: string;
}

function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function fileDigest(path: string): string {
  return existsSync(path) ? sha256(readFileSync(path)) : "absent";
}

function treeDigest(root: string): string {
  const hash = createHash("sha256");
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile())
        hash
          .update(`${relative(root, path)}\0`)
          .update(readFileSync(path))
          .update("\0");
    }
  };
  if (existsSync(root)) visit(root);
  return hash.digest("hex");
}

/** The configuration file the build uses: --config, else EDGE_SIGV4_CONFIG, else edge-sigv4.config.json when present (as esbuild.config.mjs decides). */
export function configFile(root: string, env: Readonly<Record<string, string | undefined>>, given?: string): string | undefined {
  if (given !== undefined) return resolve(given);
  if (env.EDGE_SIGV4_CONFIG) return resolve(root, env.EDGE_SIGV4_CONFIG);
  const file = join(root, "edge-sigv4.config.json");
  return existsSync(file) ? file : undefined;
}

export function buildInputs(root: string, config: string | undefined): BuildInputs {
  const shown = config === undefined ? null : relative(root, config).startsWith("..") ? config : relative(root, config);
  return {
    config: shown,
    digests: {
      src: treeDigest(join(root, "src")),
      esbuildConfig: fileDigest(join(root, "esbuild.config.mjs")),
      config: config === undefined ? "defaults" : fileDigest(config),
      lockfile: fileDigest(join(root, "package-lock.json")),
    },
  };
}

export function bundleDigest(bundle: Buffer): string {
  return sha256(bundle);
}

export function readRecord(dist: string): BuildRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(dist, RECORD_FILE), "utf8")) as BuildRecord;
  } catch {
    return undefined;
  }
}

/** What differs between the inputs recorded for the bundle and the current ones; undefined when none. */
export function changedInputs(recorded: BuildInputs, current: BuildInputs): string | undefined {
  if (recorded.config !== current.config) {
    return `it was built with ${recorded.config ?? "the default configuration"}, the configuration now is ${current.config ?? "the default one"}`;
  }
  const changed = [
    recorded.digests?.src !== current.digests.src ? "src/" : undefined,
    recorded.digests?.config !== current.digests.config ? current.config : undefined,
    recorded.digests?.esbuildConfig !== current.digests.esbuildConfig ? "esbuild.config.mjs" : undefined,
    recorded.digests?.lockfile !== current.digests.lockfile ? "package-lock.json" : undefined,
  ].filter((name) => name !== undefined && name !== null);
  return changed.length > 0 ? `${changed.join(", ")} changed since it was built` : undefined;
}
