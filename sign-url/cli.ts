// npm run sign-url -- <url> --key-pair-id ID --private-key FILE|- --expires WHEN [options]
// Prints the signed URL alone on stdout (or the signed cookies with --cookies).
import { readFileSync } from "node:fs";
import { matchesResource } from "../cloudfront-emulator/viewer-access/index.ts";
import { parseSignUrlCommand, USAGE } from "./command-line.ts";
import { curlCookieArgument, setCookieLines } from "./cookie-output.ts";
import { signCookies, signUrl } from "./sign.ts";
import { UsageError } from "./usage-error.ts";

function readKeyText(source: string): string {
  try {
    return readFileSync(source === "-" ? 0 : source, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read --private-key ${source === "-" ? "from stdin" : source}: ${code === "ENOENT" ? "no such file" : (code ?? "unreadable")}`);
  }
}

function main(args: string[]): void {
  const command = parseSignUrlCommand(args, Date.now() / 1000, readKeyText);
  const request = command.request;
  if (request === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const warnIfUnmatched = (url: string): void => {
    if (request.resource !== undefined && !matchesResource(request.resource, url)) {
      process.stderr.write(`sign-url: warning: --resource ${request.resource} does not match ${url}; CloudFront will refuse it (AccessDenied)\n`);
    }
  };
  if (command.output === "url") {
    const signed = signUrl(request);
    warnIfUnmatched(signed.baseUrl);
    process.stdout.write(`${signed.signedUrl}\n`);
    return;
  }
  warnIfUnmatched(request.url);
  const cookies = signCookies(request);
  process.stdout.write(command.output === "curl" ? `${curlCookieArgument(cookies)}\n` : `${setCookieLines(cookies).join("\n")}\n`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`sign-url: ${error.message}\n`);
  process.exitCode = 1;
}
