// `npm run sign-event -- event.json`: runs one CloudFront origin-request event through the
// built bundle with credentials from the standard AWS chain, and prints what the function
// returned as JSON on stdout (secrets masked). Exit status: 0 the request came back, 1 the
// function generated a response instead, 2 bad usage or input, no bundle or no credentials
// (see HELP in args.ts).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { CloudFrontRequestEvent } from "aws-lambda";
import { redactText } from "../local-edge/redact-text.ts";
import { HELP, parseSignEventArgs, type SignEventOptions, USAGE, UsageError } from "./args.ts";
import { type Credentials, credentialEnvironment, NoCredentialsError, resolveCredentials } from "./credentials.ts";
import { describeOutcome } from "./outcome.ts";
import { describeReadError, InputError, parseEvent } from "./read-event.ts";
import { redactResult } from "./redact.ts";

const root = join(import.meta.dirname, "..");

function die(message: string): never {
  process.stderr.write(`sign-event: ${message}\n`);
  process.exit(2);
}

let options: SignEventOptions;
try {
  options = parseSignEventArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  die(`${error.message}\n${USAGE}`);
}
if (options.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}

const bundlePath = resolve(options.bundle ?? join(root, "dist", "index.mjs"));
if (!existsSync(bundlePath)) die(`${options.bundle ?? "dist/index.mjs"} does not exist: run \`npm run build\` first`);

const name = options.source === "-" ? "stdin" : options.source;
let event: CloudFrontRequestEvent;
try {
  let text: string;
  try {
    text = readFileSync(options.source === "-" ? 0 : options.source, "utf8");
  } catch (error) {
    throw new InputError(`cannot read ${name}: ${describeReadError(error)}`);
  }
  event = parseEvent(text, name);
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  die(error.message);
}

let credentials: Credentials;
try {
  credentials = await resolveCredentials(process.env.AWS_PROFILE || undefined, (line) => process.stderr.write(`sign-event: warning: ${line}\n`));
} catch (error) {
  if (!(error instanceof NoCredentialsError)) throw error;
  die(error.message);
}
const secrets = [credentials.secretAccessKey, credentials.sessionToken];
// Lambda@Edge hands the execution role's credentials to the function in these variables.
for (const [key, value] of Object.entries(credentialEnvironment(credentials))) {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}

if (options.explain) {
  // The function adds the canonical request and string to sign to its log line for origins
  // that carry x-sigv4-debug: 1; ask for it on this event's origin only.
  const origin = event.Records[0]?.cf.request.origin;
  const target: { customHeaders?: Record<string, unknown> } | undefined = origin?.s3 ?? origin?.custom;
  if (target && typeof target === "object") {
    target.customHeaders = { ...(target.customHeaders ?? {}), "x-sigv4-debug": [{ key: "x-sigv4-debug", value: "1" }] };
  }
}

// The bundle logs with console.log; stdout is reserved for the result.
const explanations: { canonicalRequest: string; stringToSign: string }[] = [];
console.log = (...args: unknown[]) => {
  const line = args.map(String).join(" ");
  try {
    const entry: unknown = JSON.parse(line);
    if (typeof entry === "object" && entry !== null && "canonicalRequest" in entry && typeof entry.canonicalRequest === "string") {
      const { canonicalRequest, stringToSign, ...rest } = entry as { canonicalRequest: string; stringToSign: unknown };
      explanations.push({ canonicalRequest, stringToSign: String(stringToSign) });
      process.stderr.write(`${redactText(JSON.stringify(rest), secrets)}\n`);
      return;
    }
  } catch {
    // not a JSON log line
  }
  process.stderr.write(`${redactText(line, secrets)}\n`);
};

const module: { handler?: unknown } = await import(pathToFileURL(bundlePath).href);
if (typeof module.handler !== "function") die(`${options.bundle ?? "dist/index.mjs"} does not export a handler function: run \`npm run build\``);
const handler = module.handler as (event: CloudFrontRequestEvent) => Promise<unknown>;
let result: unknown;
try {
  result = await handler(event);
} catch (error) {
  // The function never throws; a bundle that does would make CloudFront answer 503.
  process.stderr.write(
    `sign-event: the handler threw instead of returning: ${redactText(error instanceof Error ? error.message : String(error), secrets).split("\n")[0]}\n`,
  );
  process.exit(1);
}
if (options.explain) {
  for (const { canonicalRequest, stringToSign } of explanations) {
    process.stderr.write(`--- canonical request\n${redactText(canonicalRequest, secrets)}\n--- string to sign\n${stringToSign}\n`);
  }
  if (explanations.length === 0) process.stderr.write("--- nothing was signed, so there is nothing to explain\n");
}
process.stdout.write(`${redactResult(result, secrets)}\n`);
const outcome = describeOutcome(result);
process.stderr.write(`sign-event: ${outcome.summary}\n`);
process.exitCode = outcome.exitCode;
