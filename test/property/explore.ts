// Runs every property with random seeds, outside the test suite, and prints for each property
// that breaks the smallest event fast-check shrinks to, with the seed and path to replay it.
//
//   node test/property/explore.ts [--seeds 5] [--runs 20000] [--seed N] [--with-known]
//
// --with-known also generates the origins of the suite's known bug and gap (S3 resources named
// s3-website…, Lambda Web Function endpoints). It uses the bundle `npm test` builds (or
// EDGE_SIGV4_BUNDLE).
import { parseArgs } from "node:util";
import fc from "fast-check";
import { anyCase, wellFormedCase } from "./arbitraries.ts";
import { websiteLookalikeOrigin } from "./aws-endpoints.ts";
import { allProperties, findCounterexamples } from "./find-counterexamples.ts";
import { LAMBDA_WEB_ORIGINS } from "./known-origins.ts";
import { loadHandler, useTestCredentials } from "./run-handler.ts";

const USAGE = "usage: node test/property/explore.ts [--seeds 5] [--runs 20000] [--seed N] [--with-known]";

function positive(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`explore: --${name} must be a positive integer, not ${JSON.stringify(text)}\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

let values: { seeds?: string; runs?: string; seed?: string; "with-known"?: boolean };
try {
  ({ values } = parseArgs({ options: { seeds: { type: "string" }, runs: { type: "string" }, seed: { type: "string" }, "with-known": { type: "boolean" } } }));
} catch (error) {
  console.error(`explore: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
const runs = positive(values.runs, 20_000, "runs");
const seeds =
  values.seed !== undefined ? [Number(values.seed)] : Array.from({ length: positive(values.seeds, 5, "seeds") }, () => (Math.random() * 2 ** 31) | 0);

const arbitrary = values["with-known"]
  ? fc.oneof(
      { weight: 18, arbitrary: anyCase },
      { weight: 1, arbitrary: wellFormedCase(websiteLookalikeOrigin) },
      { weight: 1, arbitrary: wellFormedCase(LAMBDA_WEB_ORIGINS) },
    )
  : anyCase;

let handler: Awaited<ReturnType<typeof loadHandler>>;
try {
  handler = await loadHandler();
} catch (error) {
  console.error(`explore: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
const restore = useTestCredentials();
let failures = 0;
for (const seed of seeds) {
  const stats = { oracle: 0, aws4: 0 };
  const started = performance.now();
  const { counterexamples, events } = await findCounterexamples(handler, { seed, numRuns: runs, arbitrary, properties: allProperties(stats) });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`seed ${seed}: ${events} events in ${seconds} s; ${stats.oracle} signed results verified, ${stats.aws4} cross-checked with aws4`);
  for (const c of counterexamples) {
    failures++;
    console.log(`  BROKEN ${c.property}\n    after ${c.eventsRun} events; replay: seed ${c.seed}, path "${c.path}"\n    ${c.problem}\n    ${c.event}`);
  }
}
restore();
process.exit(failures > 0 ? 1 : 0);
