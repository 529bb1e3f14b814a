#!/usr/bin/env node
// What a request costs with the built bundle (dist/index.mjs, the deployed artefact), next to
// the physical floor and to a typical published Lambda@Edge signer. It reports; it does not
// judge: exit 0 whatever the numbers (1 when the bundle is missing or does not sign, 2 on a
// usage error).
//
//   npm run bench [-- --rounds N] [--cold N] [--json] [--no-reference] [--bundle FILE]
//
// Per request (one process): GET without body (Lambda URL), POST 1 KB JSON (Lambda URL), PUT
// 1 MiB binary (S3), each invocation on a fresh deep copy of its event made before the batch,
// outside the timed region; rounds alternate between the cases, the reference and the floors;
// median of the per-round medians after warm-up rounds, p90 over every timed request.
// Cold start: fresh node processes, import of the bundle → end of the first GET invocation.
// Peak RSS: the 1 MiB PUT alone in a fresh process. console.log is silenced everywhere.
import { spawnSync } from "node:child_process";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BENCH_CREDENTIALS, CASES, cloneEvent, describeResult, isSigned, jsonBody, ONE_MIB } from "./bench/events.mjs";
import { measureRounds } from "./bench/measure.mjs";
import { buildReference, REFERENCE_DESCRIPTION } from "./bench/reference.mjs";
import { formatReport } from "./bench/report.mjs";
import { median } from "./bench/stats.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const childScript = join(root, "scripts", "bench", "child.mjs");
const usage = "usage: npm run bench -- [--rounds N] [--cold N] [--json] [--no-reference] [--bundle dist/index.mjs]";

// Requests per round and subject: about 5-20 ms of work per batch on a 2-core machine.
const BATCH = { get: 200, post1k: 200, put1m: 10 };
const REFERENCE_BATCH = { get: 200, post1k: 200, put1m: 4 };
// Typical sizes when the bundle's debug line cannot be read (no session token).
const FALLBACK_SIZES = { canonicalRequest: 350, stringToSign: 150 };
const EXPECTATIONS = { put1m: 15, coldStart: 4, get: 1.8 };
const PUT_FLOOR_TARGET = 1.3;

function die(message, code) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(code);
}

function positiveInteger(name, text, fallback) {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) die(`--${name} takes a positive integer, not ${JSON.stringify(text)}\n${usage}`, 2);
  return value;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      rounds: { type: "string" },
      cold: { type: "string" },
      json: { type: "boolean" },
      "no-reference": { type: "boolean" },
      bundle: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (error) {
  die(`${error.message}\n${usage}`, 2);
}
const options = parsed.values;
if (options.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const rounds = positiveInteger("rounds", options.rounds, 41);
const coldProcesses = positiveInteger("cold", options.cold, 11);
const warmup = rounds >= 20 ? 5 : rounds >= 5 ? 2 : 1;
const withReference = !options["no-reference"];
const bundlePath = resolve(options.bundle ?? join(root, "dist", "index.mjs"));
const progress = (text) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
};

if (!existsSync(bundlePath)) die(`${options.bundle ?? "dist/index.mjs"} does not exist: run \`npm run build\` first`, 1);

/** Newer sources than the bundle: the numbers would not be those of the current code. */
function staleAgainstSources(path) {
  const sources = join(root, "src");
  if (options.bundle || !existsSync(sources)) return false;
  const built = statSync(path).mtimeMs;
  return readdirSync(sources, { recursive: true }).some((name) => statSync(join(sources, String(name))).mtimeMs > built);
}

// Only the bench's fake credentials: no profile, no real key, for us or the reference's chain.
function benchEnvironment(env) {
  const clean = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("AWS_")));
  return { ...clean, ...BENCH_CREDENTIALS };
}
for (const name of Object.keys(process.env)) if (name.startsWith("AWS_")) delete process.env[name];
Object.assign(process.env, BENCH_CREDENTIALS);

// The function logs one JSON line per request; writing it would measure the terminal.
const consoleLog = console.log;
console.log = () => {};

const loadModule = (path) => (path.endsWith(".cjs") ? createRequire(import.meta.url)(path) : import(pathToFileURL(path).href));

/** Runs `fn` while collecting what the function logs. */
async function capturingLog(fn) {
  const lines = [];
  console.log = (line) => lines.push(String(line));
  try {
    return { result: await fn(), lines };
  } finally {
    console.log = () => {};
  }
}

/**
 * The sizes of the canonical request and string to sign our bundle builds for a case, from its
 * debug log line (origin custom header x-sigv4-debug: 1; the session token in it is redacted).
 */
async function signingSizes(handler, event) {
  const copy = cloneEvent(event);
  const origin = copy.Records[0].cf.request.origin;
  (origin.custom ?? origin.s3).customHeaders["x-sigv4-debug"] = [{ key: "x-sigv4-debug", value: "1" }];
  const { lines } = await capturingLog(() => handler(copy));
  for (const line of lines) {
    try {
      const { canonicalRequest, stringToSign } = JSON.parse(line);
      if (typeof canonicalRequest !== "string" || typeof stringToSign !== "string") continue;
      const token = process.env.AWS_SESSION_TOKEN ?? "";
      const unredacted = canonicalRequest.includes("<redacted>") ? canonicalRequest.length - "<redacted>".length + token.length : canonicalRequest.length;
      return { canonicalRequest: unredacted, stringToSign: stringToSign.length, source: "debug line of the bundle" };
    } catch {
      // not a JSON line
    }
  }
  return { ...FALLBACK_SIZES, source: "typical sizes (the bundle's debug line was not found)" };
}

/** The floor of a case: the work no signer can avoid, with node:crypto. */
function floorFor(caseId, event, sizes) {
  const key = randomBytes(32);
  const canonicalRequest = "c".repeat(sizes.canonicalRequest);
  const stringToSign = "s".repeat(sizes.stringToSign);
  const sign = () => createHmac("sha256", key).update(stringToSign).digest("hex") + createHash("sha256").update(canonicalRequest).digest("hex");
  const body = event.Records[0].cf.request.body?.data;
  if (caseId === "put1m") {
    return { run: () => createHash("sha256").update(Buffer.from(body, "base64")).digest("hex"), what: "base64 decode + SHA-256 of the 1 MiB body" };
  }
  const signing = `SHA-256 over ${sizes.canonicalRequest} B + HMAC-SHA256 over ${sizes.stringToSign} B`;
  if (body !== undefined) {
    return {
      run: () => createHash("sha256").update(Buffer.from(body, "base64")).digest("hex") + sign(),
      what: `${signing} + base64 decode + SHA-256 of the body`,
    };
  }
  return { run: sign, what: signing };
}

/** Runs scripts/bench/child.mjs in a fresh node process; its one JSON line, or { error }. */
function child(mode, bundle) {
  const result = spawnSync(process.execPath, [childScript, mode, bundle], { encoding: "utf8", env: benchEnvironment(process.env), timeout: 60_000 });
  const line = result.stdout?.trim().split("\n").pop();
  try {
    if (result.status === 0 && line) return JSON.parse(line);
  } catch {
    // fall through
  }
  return { error: (result.error?.message ?? result.stderr?.trim().split("\n").slice(-3).join(" ")) || `exit ${result.status}` };
}

function nodeStartMs() {
  const start = performance.now();
  spawnSync(process.execPath, ["-e", ""], { env: benchEnvironment(process.env) });
  return performance.now() - start;
}

function summarizeCold(samples) {
  const ok = samples.filter((s) => s.error === undefined);
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

/** The commit the working tree is at, with "+dirty" when src/ has uncommitted changes; null outside git. */
function gitRevision() {
  const git = (...args) => spawnSync("git", args, { cwd: root, encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD");
  if (head.status !== 0) return null;
  const dirty = git("status", "--porcelain", "--", "src").stdout.trim() !== "";
  return `${head.stdout.trim()}${dirty ? "+dirty" : ""}`;
}

const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : null);

async function main() {
  const zipPath = join(dirname(bundlePath), "function.zip");
  const bundle = {
    path: relative(root, bundlePath).startsWith("..") ? bundlePath : relative(root, bundlePath),
    bytes: statSync(bundlePath).size,
    sha256: createHash("sha256").update(readFileSync(bundlePath)).digest("hex").slice(0, 16),
    gitRevision: gitRevision(),
    zipBytes: existsSync(zipPath) ? statSync(zipPath).size : null,
    staleAgainstSrc: staleAgainstSources(bundlePath),
  };
  if (bundle.staleAgainstSrc) process.stderr.write("bench: warning: src/ is newer than the bundle; run `npm run build` to measure the current code\n");

  const ours = (await loadModule(bundlePath)).handler;
  if (typeof ours !== "function") die(`${bundle.path} does not export a handler function: run \`npm run build\``, 1);

  const events = Object.fromEntries(CASES.map((c) => [c.id, c.make()]));
  for (const c of CASES) {
    const result = await ours(cloneEvent(events[c.id]));
    if (!isSigned(result)) die(`the bundle did not sign the ${c.label} case: it returned ${describeResult(result)}`, 1);
  }

  // The reference, bundled now; any failure is reported and the reference skipped.
  let reference = withReference ? { available: false, description: REFERENCE_DESCRIPTION } : { available: false, skipped: "--no-reference" };
  let referenceDir;
  let referenceHandler;
  if (withReference) {
    progress("bench: bundling the reference signer…");
    try {
      const built = await buildReference(root);
      referenceDir = built.dir;
      const handler = (await loadModule(built.path)).handler;
      for (const c of CASES) {
        const result = await handler(cloneEvent(events[c.id]));
        if (!isSigned(result)) throw new Error(`it did not sign the ${c.label} case: it returned ${describeResult(result)}`);
      }
      referenceHandler = handler;
      reference = { available: true, description: REFERENCE_DESCRIPTION, bytes: built.bytes, path: built.path };
    } catch (error) {
      reference = {
        available: false,
        description: REFERENCE_DESCRIPTION,
        error: `the reference could not be built or run: ${String(error?.message ?? error).split("\n")[0]}`,
      };
    }
  }

  try {
    const floors = {};
    for (const c of CASES) {
      const sizes = c.id === "put1m" ? undefined : await signingSizes(ours, events[c.id]);
      floors[c.id] = { ...floorFor(c.id, events[c.id], sizes ?? FALLBACK_SIZES), sizes };
    }

    const copies = (event) => (n) => Array.from({ length: n }, () => cloneEvent(event));
    const subjects = [];
    for (const c of CASES) {
      subjects.push({ id: `ours:${c.id}`, batch: BATCH[c.id], prepare: copies(events[c.id]), run: ours });
      if (referenceHandler) subjects.push({ id: `reference:${c.id}`, batch: REFERENCE_BATCH[c.id], prepare: copies(events[c.id]), run: referenceHandler });
      subjects.push({ id: `floor:${c.id}`, batch: BATCH[c.id], prepare: (n) => new Array(n), run: floors[c.id].run });
    }
    const timed = await measureRounds(subjects, {
      rounds,
      warmup,
      onRound: (round) => progress(`bench: per-request round ${round + 1}/${warmup + rounds} (${warmup} warm-up)`),
    });

    const cases = {};
    for (const c of CASES) {
      const mine = timed[`ours:${c.id}`];
      const floor = timed[`floor:${c.id}`];
      const theirs = timed[`reference:${c.id}`];
      cases[c.id] = {
        label: c.label,
        bodyBytes: c.id === "put1m" ? ONE_MIB : c.id === "post1k" ? Buffer.byteLength(jsonBody(1024)) : 0,
        ours: { medianUs: mine.medianUs, p90Us: mine.p90Us, requests: mine.requests, roundMediansUs: mine.roundMediansUs },
        floor: {
          medianUs: floor.medianUs,
          p90Us: floor.p90Us,
          what: floors[c.id].what,
          ...(floors[c.id].sizes ? { sizesFrom: floors[c.id].sizes.source } : {}),
        },
        ratioToFloor: ratio(mine.medianUs, floor.medianUs),
        reference: theirs
          ? { medianUs: theirs.medianUs, p90Us: theirs.p90Us, requests: theirs.requests, ratioToFloor: ratio(theirs.medianUs, floor.medianUs) }
          : null,
        speedup: theirs ? ratio(theirs.medianUs, mine.medianUs) : null,
      };
    }

    // Cold starts, interleaved so that a noisy moment hits both alike.
    const coldOurs = [];
    const coldReference = [];
    const coldFloor = [];
    const nodeStarts = [];
    for (let i = 0; i < coldProcesses; i++) {
      progress(`bench: cold start ${i + 1}/${coldProcesses}`);
      coldOurs.push(child("cold", bundlePath));
      if (reference.available) coldReference.push(child("cold", reference.path));
      coldFloor.push(child("cold-floor", "-"));
      nodeStarts.push(nodeStartMs());
    }
    const coldStart = {
      processes: coldProcesses,
      measured:
        "import of the bundle → end of the first GET invocation, timed inside the child with performance.now(); node's own process start is not included",
      ours: summarizeCold(coldOurs),
      floor: { ...summarizeCold(coldFloor), what: "import of node:crypto → first SHA-256 (1.4 KB) + first HMAC-SHA256, in a fresh process" },
      ratioToFloor: null,
      reference: reference.available ? summarizeCold(coldReference) : null,
      speedup: null,
      nodeProcessStartMs: median(nodeStarts),
    };
    coldStart.speedup = coldStart.reference ? ratio(coldStart.reference.medianMs, coldStart.ours.medianMs) : null;
    coldStart.ratioToFloor = ratio(coldStart.ours.medianMs, coldStart.floor.medianMs);

    progress("bench: peak RSS of the 1 MiB PUT");
    const peakRss = {
      measured: "maxRSS of a fresh process that builds the 1 MiB PUT event and runs it 20 times (process.resourceUsage())",
      ours: child("rss", bundlePath),
      reference: reference.available ? child("rss", reference.path) : null,
      baseline: child("rss", "-"),
    };
    progress("");

    const report = {
      bench: "edge-sigv4",
      machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null },
      method: {
        rounds,
        warmupRounds: warmup,
        batch: BATCH,
        referenceBatch: REFERENCE_BATCH,
        statistic: "median of the per-round medians (µs per request); p90 over every timed request",
        eventCopies: "each invocation gets a fresh deep copy of its event (strings shared), prepared before its batch, outside the timed region",
        consoleLog: "silenced in every measuring process",
      },
      bundle,
      reference: { ...reference, path: undefined },
      cases,
      coldStart,
      peakRss,
      expectations: {
        put1mSpeedup: { expected: EXPECTATIONS.put1m, measured: cases.put1m.speedup },
        coldStartSpeedup: { expected: EXPECTATIONS.coldStart, measured: coldStart.speedup },
        getSpeedup: { expected: EXPECTATIONS.get, measured: cases.get.speedup },
        put1mRatioToFloor: { target: PUT_FLOOR_TARGET, measured: cases.put1m.ratioToFloor },
      },
    };
    // Microseconds to the nanosecond, ratios to three decimals: more digits would be noise.
    const rounded = (_key, value) => (typeof value === "number" && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value);
    process.stdout.write(options.json ? `${JSON.stringify(report, rounded, 2)}\n` : formatReport(report));
  } finally {
    if (referenceDir) rmSync(referenceDir, { recursive: true, force: true });
    console.log = consoleLog;
  }
}

await main();
