// The sign-event command line.
import { parseArgs } from "node:util";

export const USAGE = "usage: npm run sign-event -- <event.json | -> [--explain] [--bundle dist/index.mjs]";

export const HELP = `${USAGE}

Runs one CloudFront origin-request event through the built function (dist/index.mjs, the file
\`npm run deploy\` uploads) and prints what it returned as JSON on stdout: the request it would
forward (signed, or unsigned for an origin it does not sign) or the response it generated
instead. Nothing else goes to stdout; the function's log lines go to stderr.

  <event.json>     the event file; - reads it from stdin
  --explain        print the canonical request and string to sign on stderr
  --bundle FILE    run this bundle instead of dist/index.mjs
  -h, --help       this text

Sample events: test/events/<origin kind>/*.json (s3/, lambda-url/, lambda-web/, apigw/,
opensearch/, custom/, malformed/), for example
  npm run sign-event -- test/events/s3/regional-get.json --explain

Credentials come from the standard AWS chain, as the SDKs and the local edge's --origin find
them: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, AWS_PROFILE (shared config
and credentials files, SSO, credential_process, assume role), web identity, container or
instance metadata. The function gets them as Lambda@Edge hands them over (AWS_* variables).
Secrets are masked in everything printed: the session token, the signature, cookies.

Exit status:
  0  the function returned the request (signed, or forwarded unsigned: said on stderr)
  1  the function answered the viewer itself (a generated response): its status and reason
     are printed on stderr, the response on stdout
  2  bad usage or input (no such file, not JSON, not a CloudFront origin-request event),
     no bundle, or no credentials found`;

export interface SignEventOptions {
  help: boolean;
  /** The event file, or "-" for stdin. */
  source: string;
  explain: boolean;
  bundle: string | undefined;
}

/** A bad command line: one line for the user, then the usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

export function parseSignEventArgs(argv: readonly string[]): SignEventOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true, source: "-", explain: false, bundle: undefined };
  if (positionals.length === 0) throw new UsageError("name the event file (or - for stdin)");
  if (positionals.length > 1) throw new UsageError(`one event at a time, not ${positionals.length}: ${positionals.join(" ")}`);
  if (values.bundle === "") throw new UsageError("--bundle takes a file, such as dist/index.mjs");
  return { help: false, source: positionals[0]!, explain: values.explain === true, bundle: values.bundle };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { explain: { type: "boolean" }, bundle: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
}
