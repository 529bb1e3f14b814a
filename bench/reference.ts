// Bundles a reference signer (reference-signers.ts) into a temporary directory and checks that
// it signs every case it is compared on, with signatures the origin would accept.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CloudFrontRequestEvent } from "aws-lambda";
import type { BenchCase } from "./cases.ts";
import type { Handler } from "./events.ts";
import { loadHandler } from "./load-handler.ts";
import type { ReferenceId, ReferenceSigner } from "./reference-signers.ts";
import { checkSigner } from "./signature-check.ts";

export interface BuiltReference {
  path: string;
  bytes: number;
  /** The temporary directory that holds it; the caller removes it. */
  dir: string;
}

/** The reference as --json reports it. */
export type ReferenceReport =
  | { available: true; signer: string; description: string; bytes: number }
  | { available: false; signer: string; description: string; skipped: string }
  | { available: false; signer: string; description: string; error: string };

export interface LoadedReference {
  report: ReferenceReport;
  handler?: Handler;
  path?: string;
  dir?: string;
}

/** Bundles the reference (CommonJS, platform node, default mainFields, minified); throws with esbuild's message on failure. */
export async function buildReference(root: string, reference: ReferenceSigner): Promise<BuiltReference> {
  const esbuild = await import("esbuild");
  const dir = mkdtempSync(join(tmpdir(), "edge-sigv4-bench-reference-"));
  const path = join(dir, "index.cjs");
  try {
    await esbuild.build({
      stdin: { contents: reference.source, resolveDir: root, sourcefile: "reference-signer.mjs", loader: "js" },
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      minify: true,
      outfile: path,
      logLevel: "silent",
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { path, bytes: statSync(path).size, dir };
}

/**
 * Builds and loads one reference and runs it once on each of its cases, judged by the oracle.
 * Any failure is reported (one line) and the reference left out; the bench goes on without it.
 */
export async function loadReference(
  root: string,
  id: ReferenceId,
  reference: ReferenceSigner,
  cases: readonly BenchCase[],
  events: ReadonlyMap<string, CloudFrontRequestEvent>,
): Promise<LoadedReference> {
  const about = { signer: reference.signer, description: reference.description };
  let built: BuiltReference | undefined;
  try {
    built = await buildReference(root, reference);
    const handler = await loadHandler(built.path);
    for (const c of cases) {
      if (c.reference !== id) continue;
      const check = await checkSigner(handler, events.get(c.id)!, c.algorithm, c.origin);
      if (check.kind === "not-signed") throw new Error(`it did not sign the ${c.label} case: it returned ${check.what}`);
      if (check.kind === "refused") throw new Error(`its signature of the ${c.label} case does not verify (${check.why})`);
    }
    return { report: { available: true, ...about, bytes: built.bytes }, handler, path: built.path, dir: built.dir };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    return { report: { available: false, ...about, error: `the reference could not be built or run: ${message}` }, dir: built?.dir };
  }
}
