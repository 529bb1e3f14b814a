// The sign-url command line, read into a checked signing request. Pure: the clock and the key
// reader are arguments.
import { parseArgs } from "node:util";
import { parseIpv4Range } from "../cloudfront-emulator/viewer-access/index.ts";
import { signingKeyFromPem } from "./private-key.ts";
import type { HashAlgorithm, SignRequest } from "./sign.ts";
import { checkedTargetUrl } from "./target-url.ts";
import { UsageError } from "./usage-error.ts";
import { parseWhen } from "./when.ts";

export const USAGE = `usage: npm run sign-url -- <url> --key-pair-id ID --private-key FILE --expires WHEN [options]

Prints a CloudFront signed URL (canned policy), or a custom-policy one with any of
--not-before, --ip or --resource.

  <url>                  absolute http:// or https:// URL, as the viewer will request it
  --key-pair-id ID       the CloudFront public key id (deploy prints it)
  --private-key FILE     RSA 2048 or ECDSA P-256 private key, PEM; "-" reads it from stdin
  --expires WHEN         Unix seconds, ISO-8601 (2026-01-01T12:00:00Z) or from now (+10m, +1h, +7d)
  --not-before WHEN      not valid until then (custom policy)
  --ip CIDR              only for viewers in this IPv4 range, e.g. 192.0.2.0/24 (custom policy)
  --resource PATTERN     the policy's Resource, with * and ? wildcards (custom policy)
  --hash-algorithm ALG   SHA1 (default) or SHA256
  --cookies              print Set-Cookie lines for signed cookies instead of a URL
  --curl                 with --cookies: print curl's -b '...' argument instead`;

const OPTIONS = {
  "key-pair-id": { type: "string" },
  "private-key": { type: "string" },
  expires: { type: "string" },
  "not-before": { type: "string" },
  ip: { type: "string" },
  resource: { type: "string" },
  "hash-algorithm": { type: "string" },
  cookies: { type: "boolean" },
  curl: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * `--expires -5` as `--expires=-5`: parseArgs refuses a value that starts with "-" as ambiguous;
 * the value is then checked (and refused with the accepted forms) like any other.
 */
function joinDashValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const next = args[i + 1];
    const name = arg.startsWith("--") ? arg.slice(2) : "";
    const option = Object.hasOwn(OPTIONS, name) ? OPTIONS[name as keyof typeof OPTIONS] : undefined;
    if (option?.type === "string" && next !== undefined && /^-[^-]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function parseCommandLine(args: string[]) {
  try {
    return parseArgs({ args: joinDashValues(args), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split(".")[0] : "bad arguments";
    throw new UsageError(`${message} (npm run sign-url -- --help)`);
  }
}

function required(value: string | undefined, option: string, hint: string): string {
  if (value === undefined || value === "") throw new UsageError(`missing --${option}: ${hint}`);
  return value;
}

function hashAlgorithm(value: string | undefined): HashAlgorithm {
  const upper = (value ?? "SHA1").toUpperCase();
  if (upper === "SHA1" || upper === "SHA256") return upper;
  throw new UsageError(`--hash-algorithm ${JSON.stringify(value)} is not SHA1 or SHA256`);
}

function signRequest(
  values: ReturnType<typeof parseCommandLine>["values"],
  positionals: string[],
  now: number,
  readKey: (source: string) => string,
): SignRequest {
  if (positionals.length !== 1)
    throw new UsageError(positionals.length === 0 ? "missing the URL to sign (npm run sign-url -- --help)" : `one URL at a time (got ${positionals.length})`);
  const url = checkedTargetUrl(positionals[0] ?? "");
  const keyPairId = required(values["key-pair-id"], "key-pair-id", "the CloudFront public key id that deploy printed");
  if (!/^[A-Za-z0-9]+$/.test(keyPairId))
    throw new UsageError(`--key-pair-id ${JSON.stringify(keyPairId)} is not a key id (letters and digits, like K2JCJMDEHXQW5F)`);
  const keySource = required(values["private-key"], "private-key", "the PEM file from `npm run keys -- new` (or - for stdin)");
  const expires = parseWhen(required(values.expires, "expires", "when the URL stops working (+1h, 2026-01-01T00:00:00Z, 1767225600)"), now, "--expires");
  if (expires <= now) throw new UsageError(`--expires ${new Date(expires * 1000).toISOString()} is in the past`);
  const notBefore = values["not-before"] === undefined ? undefined : parseWhen(values["not-before"], now, "--not-before");
  if (notBefore !== undefined && notBefore >= expires) throw new UsageError("--not-before must be before --expires");
  let sourceIp: string | undefined;
  if (values.ip !== undefined) {
    if (values.ip.includes(":")) throw new UsageError("--ip: CloudFront policies take IPv4 addresses and ranges only (AWS:SourceIp), not IPv6");
    sourceIp = parseIpv4Range(values.ip)?.cidr;
    if (sourceIp === undefined) throw new UsageError(`--ip ${JSON.stringify(values.ip)} is not an IPv4 address or CIDR range (192.0.2.0/24)`);
  }
  const resource = values.resource;
  if (resource !== undefined && !/^(https?:\/\/|\*)/.test(resource)) throw new UsageError("--resource must start with http://, https:// or *");
  const algorithm = hashAlgorithm(values["hash-algorithm"]);
  const key = signingKeyFromPem(readKey(keySource));
  return { url, keyPairId, key, expires, notBefore, sourceIp, resource, hashAlgorithm: algorithm };
}

export interface SignUrlCommand {
  readonly help: boolean;
  /** Undefined with --help. */
  readonly request: SignRequest | undefined;
  readonly output: "url" | "set-cookie" | "curl";
}

/** The command line `args` as a checked request; `now` in Unix seconds; `readKey` reads a file or "-". Throws UsageError. */
export function parseSignUrlCommand(args: string[], now: number, readKey: (source: string) => string): SignUrlCommand {
  const { values, positionals } = parseCommandLine(args);
  const output = values.curl ? "curl" : values.cookies ? "set-cookie" : "url";
  if (values.help) return { help: true, request: undefined, output };
  if (values.curl && !values.cookies) throw new UsageError("--curl prints signed cookies for curl: add --cookies (for a signed URL, leave --curl out)");
  return { help: false, request: signRequest(values, positionals, now, readKey), output };
}
