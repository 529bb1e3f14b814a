// `npm run bench`: what a request costs with the built bundle (dist/index.mjs, the deployed
// artefact), next to the physical floor and to a typical published Lambda@Edge signer. It
// reports measured numbers and ratios; it does not judge them: exit 0 whatever the numbers
// (1 when the bundle is missing, does not sign a required case or signs one wrong, 2 on a usage
// error). Before anything is timed, every signer's result on each case is verified from the wire
// by the oracle (signature-check.ts).
//
// Per request (one process): each case of cases.ts, each invocation on a fresh deep copy of its
// event made before the batch, outside the timed region; rounds alternate between the cases,
// the references and the floors; median of the per-round medians after warm-up rounds, p90
// over every timed request. Cold start: fresh node processes, import of the bundle → end of
// the first GET invocation. Peak RSS: the 1 MiB PUT alone in a fresh process. console.log is
// silenced everywhere.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { HELP, parseBenchArgs, USAGE, UsageError } from "./args.ts";
import { BENCH_CREDENTIALS } from "./events.ts";
import { formatReport } from "./report.ts";
import { BenchFailure, runBench } from "./run.ts";

const root = join(import.meta.dirname, "..");

function die(message: string, code: number): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(code);
}

let options: ReturnType<typeof parseBenchArgs>;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  die(`${error.message}\n${USAGE}`, 2);
}
if (options.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}

const bundlePath = resolve(options.bundle ?? join(root, "dist", "index.mjs"));
if (!existsSync(bundlePath)) die(`${options.bundle ?? "dist/index.mjs"} does not exist: run \`npm run build\` first`, 1);

// Only the bench's fake credentials: no profile, no real key, for us, the reference's chain or
// the measuring children.
for (const name of Object.keys(process.env)) if (name.startsWith("AWS_")) delete process.env[name];
Object.assign(process.env, BENCH_CREDENTIALS);

// The function logs one JSON line per request; writing it would measure the terminal.
const consoleLog = console.log;
console.log = () => {};
try {
  const report = await runBench({
    root,
    bundlePath,
    checkStale: options.bundle === undefined,
    rounds: options.rounds,
    warmup: options.warmup,
    coldProcesses: options.coldProcesses,
    withReference: options.withReference,
    childEnv: { ...process.env },
    env: process.env,
    sessionToken: process.env.AWS_SESSION_TOKEN ?? "",
    progress: (text) => {
      if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
    },
    warn: (text) => process.stderr.write(`bench: warning: ${text}\n`),
  });
  // Microseconds to the nanosecond, ratios to three decimals: more digits would be noise.
  const rounded = (_key: string, value: unknown) => (typeof value === "number" && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value);
  process.stdout.write(options.json ? `${JSON.stringify(report, rounded, 2)}\n` : formatReport(report));
} catch (error) {
  if (!(error instanceof BenchFailure)) throw error;
  die(error.message, 1);
} finally {
  console.log = consoleLog;
}
