// The bench's command line.
import { parseArgs } from "node:util";

export const USAGE = "usage: npm run bench -- [--rounds N] [--cold N] [--json] [--no-reference] [--bundle dist/index.mjs]";

export const HELP = `${USAGE}

Measures what a request costs the built bundle (dist/index.mjs, the file deploy uploads), next
to the physical floor of the work (node:crypto alone) and to a typical published Lambda@Edge
signer bundled at run time. It prints measured numbers and ratios; it does not judge them.

  --rounds N       timed per-request rounds (default 41, after a few warm-up rounds)
  --cold N         fresh node processes for the cold start (default 11)
  --json           one JSON object on stdout instead of the table
  --no-reference   measure ours alone (no reference signer is bundled)
  --bundle FILE    measure this bundle instead of dist/index.mjs
  -h, --help       this text

Every signer runs once on each of its cases before anything is timed, and what it signed is
verified as the origin would (the project's SigV4/SigV4A oracle): no numbers for a wrong signature.

Exit status: 0 whatever the numbers; 1 when the bundle is missing, does not sign a SigV4 case
(a SigV4A case it does not sign is reported as such) or signs one the origin would refuse;
2 on a bad option.`;

export interface BenchOptions {
  help: boolean;
  rounds: number;
  warmup: number;
  coldProcesses: number;
  json: boolean;
  withReference: boolean;
  /** The --bundle given, or undefined for dist/index.mjs. */
  bundle: string | undefined;
}

/** A bad command line: one line for the user, then the usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

function positiveInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) throw new UsageError(`--${name} takes a positive integer, not ${JSON.stringify(text)}`);
  return value;
}

/** Warm-up rounds for a number of timed rounds. */
export function warmupRounds(rounds: number): number {
  return rounds >= 20 ? 5 : rounds >= 5 ? 2 : 1;
}

/** Parses the bench's arguments; throws UsageError for an unknown option or a bad value. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        rounds: { type: "string" },
        cold: { type: "string" },
        json: { type: "boolean" },
        "no-reference": { type: "boolean" },
        bundle: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    // Node's advice for an unknown option is about positional arguments, which the bench takes none of.
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
    throw new UsageError(unknown ? `unknown option ${unknown}` : message);
  }
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === "string" ? value : undefined;
  };
  const rounds = positiveInteger("rounds", text("rounds"), 41);
  if (values.bundle === "") throw new UsageError("--bundle takes a file, such as dist/index.mjs");
  return {
    help: values.help === true,
    rounds,
    warmup: warmupRounds(rounds),
    coldProcesses: positiveInteger("cold", text("cold"), 11),
    json: values.json === true,
    withReference: values["no-reference"] !== true,
    bundle: text("bundle"),
  };
}
