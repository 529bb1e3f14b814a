// One bench run: the bundle checked, the references built, per-request rounds, cold starts and
// peak RSS; the result is the object --json prints.
import { rmSync } from "node:fs";
import { cpus } from "node:os";
import type { CloudFrontRequestEvent } from "aws-lambda";
import { type BundleInfo, describeBundle } from "./bundle-info.ts";
import { type BenchCase, CASES } from "./cases.ts";
import type { Handler } from "./events.ts";
import { loadHandler } from "./load-handler.ts";
import { measureNewCredentials, type NewCredentialsReport } from "./new-credentials.ts";
import { type CaseReport, measurePerRequest } from "./per-request.ts";
import { type ColdStartReport, measureColdStart, measurePeakRss, type PeakRssReport } from "./processes.ts";
import { type LoadedReference, loadReference, type ReferenceReport } from "./reference.ts";
import { REFERENCE_SIGNERS, type ReferenceId } from "./reference-signers.ts";
import { checkSigner } from "./signature-check.ts";

export interface BenchReport {
  bench: "edge-sigv4";
  machine: { node: string; platform: string; arch: string; cpus: number; cpuModel: string | null };
  method: {
    rounds: number;
    warmupRounds: number;
    batch: Record<string, number>;
    referenceBatch: Record<string, number>;
    statistic: string;
    eventCopies: string;
    consoleLog: string;
  };
  bundle: BundleInfo;
  /** Every reference signer a case is compared with, by id (cases name theirs in referenceId). */
  references: Partial<Record<ReferenceId, ReferenceReport>>;
  cases: Record<string, CaseReport>;
  /** SigV4A with new credentials (the key derived again); null when the bundle does not sign SigV4A. */
  newCredentials: NewCredentialsReport | null;
  coldStart: ColdStartReport;
  peakRss: PeakRssReport;
}

export interface RunSettings {
  root: string;
  bundlePath: string;
  /** Compare the bundle with src/ (only for the default dist/ bundle). */
  checkStale: boolean;
  rounds: number;
  warmup: number;
  coldProcesses: number;
  withReference: boolean;
  /** The environment of the measuring children: the bench's fake credentials only. */
  childEnv: NodeJS.ProcessEnv;
  /** The environment the bundle reads its credentials from in this process (process.env). */
  env: NodeJS.ProcessEnv;
  /** The session token the bundle signs with in this process. */
  sessionToken: string;
  progress: (text: string) => void;
  warn: (text: string) => void;
}

/** The bundle is missing, does not sign, or signs wrong: nothing worth measuring. */
export class BenchFailure extends Error {
  override name = "BenchFailure";
}

// The children measure these cases' events (child.ts builds them without node:crypto).
const COLD_START_CASE = "get";
const PEAK_RSS_CASE = "put1m";
// Measured again with new credentials at every request (new-credentials.ts).
const NEW_CREDENTIALS_CASE = "sigv4aGet";
const NEW_CREDENTIALS_REQUESTS = 50;

/** Our handler, and the optional cases it does not sign (with what it returned instead). */
async function checkOurs(
  bundle: BundleInfo,
  bundlePath: string,
  events: ReadonlyMap<string, CloudFrontRequestEvent>,
): Promise<{ ours: Handler; notSigned: Map<string, string> }> {
  let ours: Handler;
  try {
    ours = await loadHandler(bundlePath);
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new BenchFailure(`${bundle.path} cannot be loaded as a Lambda handler (${why}): run \`npm run build\``);
  }
  const notSigned = new Map<string, string>();
  for (const c of CASES) {
    const check = await checkSigner(ours, events.get(c.id)!, c.algorithm, c.origin);
    if (check.kind === "refused") throw new BenchFailure(`the bundle's signature of the ${c.label} case does not verify: ${check.why}`);
    if (check.kind === "not-signed" && c.required) throw new BenchFailure(`the bundle did not sign the ${c.label} case: it returned ${check.what}`);
    if (check.kind === "not-signed") notSigned.set(c.id, check.what);
  }
  return { ours, notSigned };
}

const referencePathFor = (caseId: string, loaded: ReadonlyMap<ReferenceId, LoadedReference>): string | undefined => {
  const benchCase: BenchCase | undefined = CASES.find((c) => c.id === caseId);
  return benchCase ? loaded.get(benchCase.reference)?.path : undefined;
};

async function measureNewCredentialsCase(
  ours: Handler,
  events: ReadonlyMap<string, CloudFrontRequestEvent>,
  notSigned: ReadonlyMap<string, string>,
  cases: Record<string, CaseReport>,
  settings: RunSettings,
): Promise<NewCredentialsReport | null> {
  const benchCase = CASES.find((c) => c.id === NEW_CREDENTIALS_CASE);
  if (!benchCase || notSigned.has(benchCase.id)) return null;
  settings.progress(`bench: ${benchCase.label} with new credentials at every request`);
  const requests = Math.min(NEW_CREDENTIALS_REQUESTS, Math.max(5, settings.rounds));
  try {
    const timing = await measureNewCredentials(ours, events.get(benchCase.id)!, benchCase.algorithm, requests, settings.env);
    return { caseId: benchCase.id, ...timing, cachedMedianUs: cases[benchCase.id]?.ours?.medianUs ?? null };
  } catch (error) {
    settings.warn(`${benchCase.label} with new credentials not measured: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

export async function runBench(settings: RunSettings): Promise<BenchReport> {
  const { root, bundlePath, progress } = settings;
  const bundle = describeBundle(root, bundlePath, settings.checkStale);
  if (bundle.staleAgainstSrc) settings.warn("src/ is newer than the bundle; run `npm run build` to measure the current code");
  const events = new Map(CASES.map((c) => [c.id, c.make()]));
  const { ours, notSigned } = await checkOurs(bundle, bundlePath, events);

  const loaded = new Map<ReferenceId, LoadedReference>();
  try {
    for (const id of new Set(CASES.map((c) => c.reference))) {
      const signer = REFERENCE_SIGNERS[id];
      if (!settings.withReference) {
        loaded.set(id, { report: { available: false, signer: signer.signer, description: signer.description, skipped: "--no-reference" } });
        continue;
      }
      progress(`bench: bundling the reference signer ${signer.signer}…`);
      loaded.set(id, await loadReference(root, id, signer, CASES, events));
    }
    const handlers = new Map<ReferenceId, Handler>();
    for (const [id, reference] of loaded) if (reference.handler) handlers.set(id, reference.handler);

    const cases = await measurePerRequest(
      { cases: CASES, events, ours, notSigned, references: handlers, sessionToken: settings.sessionToken },
      {
        rounds: settings.rounds,
        warmup: settings.warmup,
        onRound: (round) => progress(`bench: per-request round ${round + 1}/${settings.warmup + settings.rounds} (${settings.warmup} warm-up)`),
      },
    );
    const newCredentials = await measureNewCredentialsCase(ours, events, notSigned, cases, settings);
    const coldStart = measureColdStart(settings.coldProcesses, bundlePath, referencePathFor(COLD_START_CASE, loaded), settings.childEnv, progress);
    progress("bench: peak RSS of the 1 MiB PUT");
    const peakRss = measurePeakRss(bundlePath, referencePathFor(PEAK_RSS_CASE, loaded), settings.childEnv);
    progress("");

    const cpu = cpus();
    return {
      bench: "edge-sigv4",
      machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpu.length, cpuModel: cpu[0]?.model ?? null },
      method: {
        rounds: settings.rounds,
        warmupRounds: settings.warmup,
        batch: Object.fromEntries(CASES.map((c) => [c.id, c.batch])),
        referenceBatch: Object.fromEntries(CASES.map((c) => [c.id, c.referenceBatch])),
        statistic: "median of the per-round medians (µs per request); p90 over every timed request",
        eventCopies: "each invocation gets a fresh deep copy of its event (strings shared), prepared before its batch, outside the timed region",
        consoleLog: "silenced in every measuring process",
      },
      bundle,
      references: Object.fromEntries([...loaded].map(([id, reference]) => [id, reference.report])),
      cases,
      newCredentials,
      coldStart,
      peakRss,
    };
  } finally {
    for (const reference of loaded.values()) if (reference.dir) rmSync(reference.dir, { recursive: true, force: true });
  }
}
