// Measurements in fresh node processes (child.ts): cold starts and peak RSS.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { median, ratio } from "./stats.ts";

const CHILD = join(import.meta.dirname, "child.ts");

type ChildMode = "cold" | "cold-floor" | "rss";

/** One child's JSON line, or why it failed. */
export type ChildResult = Record<string, unknown> & { error?: string };

interface ColdSample {
  importMs: number;
  firstInvocationMs: number;
  totalMs: number;
  signed: boolean;
  cryptoLoadedBeforeImport: boolean;
}

export interface ColdSummary {
  medianMs?: number;
  importMs?: number;
  firstInvocationMs?: number;
  samplesMs?: number[];
  signed?: boolean;
  cryptoLoadedBeforeImport?: boolean;
  failedProcesses?: number;
  error?: string;
}

/** Runs child.ts in a fresh node process with `env`; its one JSON line, or { error }. */
export function runChild(mode: ChildMode, bundle: string, env: NodeJS.ProcessEnv): ChildResult {
  const result = spawnSync(process.execPath, [CHILD, mode, bundle], { encoding: "utf8", env, timeout: 60_000 });
  const line = result.stdout?.trim().split("\n").pop();
  if (result.status === 0 && line) {
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === "object" && parsed !== null) return parsed as ChildResult;
    } catch {
      // reported below
    }
  }
  return { error: (result.error?.message ?? result.stderr?.trim().split("\n").slice(-3).join(" ")) || `exit ${result.status}` };
}

/** Wall time of a bare `node -e ""`, for scale. */
export function nodeStartMs(env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  spawnSync(process.execPath, ["-e", ""], { env });
  return performance.now() - start;
}

const isColdSample = (sample: ChildResult): sample is ChildResult & ColdSample => sample.error === undefined && typeof sample.totalMs === "number";

export function summarizeCold(samples: readonly ChildResult[]): ColdSummary {
  const ok = samples.filter(isColdSample);
  if (ok.length === 0) return { error: samples[0]?.error ?? "no process ran" };
  return {
    medianMs: median(ok.map((s) => s.totalMs)),
    importMs: median(ok.map((s) => s.importMs)),
    firstInvocationMs: median(ok.map((s) => s.firstInvocationMs)),
    samplesMs: ok.map((s) => s.totalMs),
    signed: ok.every((s) => s.signed),
    cryptoLoadedBeforeImport: ok.some((s) => s.cryptoLoadedBeforeImport),
    ...(ok.length < samples.length ? { failedProcesses: samples.length - ok.length, error: samples.find((s) => s.error)?.error } : {}),
  };
}

export interface ColdStartReport {
  processes: number;
  measured: string;
  ours: ColdSummary;
  floor: ColdSummary & { what: string };
  ratioToFloor: number | null;
  reference: ColdSummary | null;
  speedup: number | null;
  nodeProcessStartMs: number;
}

/**
 * Cold starts of our bundle, the reference's (when given) and the floor, `processes` of each,
 * interleaved so that a noisy moment hits all alike.
 */
export function measureColdStart(
  processes: number,
  bundle: string,
  reference: string | undefined,
  env: NodeJS.ProcessEnv,
  progress: (text: string) => void,
): ColdStartReport {
  const ours: ChildResult[] = [];
  const theirs: ChildResult[] = [];
  const floor: ChildResult[] = [];
  const nodeStarts: number[] = [];
  for (let i = 0; i < processes; i++) {
    progress(`bench: cold start ${i + 1}/${processes}`);
    ours.push(runChild("cold", bundle, env));
    if (reference) theirs.push(runChild("cold", reference, env));
    floor.push(runChild("cold-floor", "-", env));
    nodeStarts.push(nodeStartMs(env));
  }
  const oursSummary = summarizeCold(ours);
  const floorSummary = summarizeCold(floor);
  const referenceSummary = reference ? summarizeCold(theirs) : null;
  return {
    processes,
    measured: "import of the bundle → end of the first GET invocation, timed inside the child with performance.now(); node's own process start is not included",
    ours: oursSummary,
    floor: { ...floorSummary, what: "import of node:crypto → first SHA-256 (1.4 KB) + first HMAC-SHA256, in a fresh process" },
    ratioToFloor: ratio(oursSummary.medianMs, floorSummary.medianMs),
    reference: referenceSummary,
    speedup: referenceSummary ? ratio(referenceSummary.medianMs, oursSummary.medianMs) : null,
    nodeProcessStartMs: median(nodeStarts),
  };
}

export interface PeakRssReport {
  measured: string;
  ours: ChildResult;
  reference: ChildResult | null;
  baseline: ChildResult;
}

/** Peak RSS of the 1 MiB PUT alone in a fresh process: ours, the reference's, and node with the event only. */
export function measurePeakRss(bundle: string, reference: string | undefined, env: NodeJS.ProcessEnv): PeakRssReport {
  return {
    measured: "maxRSS of a fresh process that builds the 1 MiB PUT event and runs it 20 times (process.resourceUsage())",
    ours: runChild("rss", bundle, env),
    reference: reference ? runChild("rss", reference, env) : null,
    baseline: runChild("rss", "-", env),
  };
}
