#!/usr/bin/env node
// Runs one recorded CloudFront origin-request event through the built bundle (dist/index.mjs,
// the file `npm run deploy` uploads) with credentials from the environment, and prints what
// the function returned as JSON on stdout — nothing else goes to stdout.
//
//   npm run sign-event -- event.json [--explain]
//   cat event.json | npm run sign-event -- - [--explain]
//
// --explain prints the canonical request and string to sign on stderr (the session token in
// the canonical request is redacted). The function's own log lines go to stderr.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const usage = "usage: npm run sign-event -- <event.json | -> [--explain] [--bundle dist/index.mjs]";

function die(message, code = 2) {
  process.stderr.write(`sign-event: ${message}\n`);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { explain: { type: "boolean" }, bundle: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
} catch (error) {
  die(`${error.message}\n${usage}`);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (positionals.length !== 1) die(usage);

const bundlePath = values.bundle ?? join(root, "dist", "index.mjs");
if (!existsSync(bundlePath)) die(`${bundlePath} does not exist: run \`npm run build\` first`);

let event;
try {
  const text = positionals[0] === "-" ? readFileSync(0, "utf8") : readFileSync(positionals[0], "utf8");
  event = JSON.parse(text);
} catch (error) {
  die(`cannot read the event: ${error.message}`);
}

if (values.explain) {
  // The function adds the canonical request and string to sign to its log line for origins
  // that carry x-sigv4-debug: 1; ask for it on this event's origin only.
  const origin = event?.Records?.[0]?.cf?.request?.origin;
  const target = origin?.s3 ?? origin?.custom;
  if (target && typeof target === "object") {
    target.customHeaders = { ...(target.customHeaders ?? {}), "x-sigv4-debug": [{ key: "x-sigv4-debug", value: "1" }] };
  }
}

// The bundle logs with console.log; stdout is reserved for the result.
const explanations = [];
console.log = (...args) => {
  const line = args.map(String).join(" ");
  try {
    const entry = JSON.parse(line);
    if (entry && typeof entry.canonicalRequest === "string") {
      explanations.push(entry);
      const { canonicalRequest, stringToSign, ...rest } = entry;
      process.stderr.write(`${JSON.stringify(rest)}\n`);
      return;
    }
  } catch {
    // not a JSON log line
  }
  process.stderr.write(`${line}\n`);
};

const { handler } = await import(pathToFileURL(bundlePath).href);
const result = await handler(event);
if (values.explain) {
  for (const { canonicalRequest, stringToSign } of explanations) {
    process.stderr.write(`--- canonical request\n${canonicalRequest}\n--- string to sign\n${stringToSign}\n`);
  }
  if (explanations.length === 0) process.stderr.write("--- nothing was signed, so there is nothing to explain\n");
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
