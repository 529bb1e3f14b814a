import { stsEndpointProblem } from "./assume-role/parameters.ts";
import { ConfigError } from "./config-error.ts";
import { LOG_LEVELS, type LogLevel } from "./log.ts";
import { type OriginConfig, parseOriginConfig, regionProblem, serviceProblem } from "./origin-config.ts";
import { S3_RESPONSE_OVERRIDES } from "./s3-response-overrides.ts";

export { ConfigError } from "./config-error.ts";
export type { OriginConfig } from "./origin-config.ts";

export interface TargetOverride {
  readonly service: string;
  readonly region: string;
}

/** Build-time configuration, baked into the bundle by esbuild.config.mjs. */
export interface Config {
  readonly logLevel: LogLevel;
  /** Service and region for origins the host name does not identify; none → forwarded unsigned. */
  readonly defaultTarget?: TargetOverride;
  /** Per origin domain name (lowercase, no scheme, port or path): service, region, algorithm, role. */
  readonly origins: Readonly<Record<string, OriginConfig>>;
  /** Viewer `x-amz-*` headers let through to the origin (and signed); `x-amz-meta-*` is a prefix. */
  readonly allowViewerAmzHeaders: readonly string[];
  /** Further headers to sign when the request carries them (e.g. `content-type`). */
  readonly signedHeaders: readonly string[];
  /** S3 response overrides (`response-content-disposition`, ...) a viewer may send to S3 origins. */
  readonly allowViewerQueryOverrides: readonly string[];
  /** AssumeRole calls go here instead of the regional STS endpoint of the replica (local testing). */
  readonly sts?: { readonly endpoint?: string };
}

export const DEFAULT_CONFIG: Config = {
  logLevel: "info",
  origins: {},
  allowViewerAmzHeaders: [],
  signedHeaders: [],
  allowViewerQueryOverrides: [],
};

// Headers that the function sets itself, or that CloudFront rewrites after the function ran
// (a signature over them cannot survive), or that must never be signed or let through.
const NEVER_ALLOWED_VIEWER = new Set(["x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "x-amz-region-set"]);
const NEVER_SIGNED = new Set([
  "authorization",
  "cookie",
  "host",
  "user-agent",
  "via",
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-real-ip",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "expect",
  "te",
  "trailer",
]);
const NEVER_SIGNED_PREFIXES = ["cloudfront-", "x-amz-cf-", "x-amzn-", "x-edge-", "x-accel-", "proxy-", "x-sigv4-"];
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

const KNOWN_KEYS = new Set(["logLevel", "defaultTarget", "origins", "allowViewerAmzHeaders", "signedHeaders", "allowViewerQueryOverrides", "sts"]);
// A domain name as CloudFront gives it in `origin.*.domainName`: two or more labels of letters,
// digits, `-` and `_` (a dot also keeps out names such as `__proto__`).
const DOMAIN_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseDefaultTarget(value: unknown): TargetOverride {
  const where = "defaultTarget";
  if (!isRecord(value)) throw new ConfigError(`${where} must be an object like {"service": "execute-api", "region": "eu-west-1"}`);
  for (const key of Object.keys(value)) {
    if (key !== "service" && key !== "region") throw new ConfigError(`${where}.${key} is not a known setting (service, region)`);
  }
  for (const [key, check] of [
    ["service", serviceProblem],
    ["region", regionProblem],
  ] as const) {
    const problem = value[key] === undefined ? undefined : check(value[key]);
    if (problem) throw new ConfigError(`${where}.${key} ${problem}`);
  }
  const { service, region } = value;
  if (typeof service !== "string" || typeof region !== "string") throw new ConfigError(`${where} needs both "service" and "region"`);
  return { service, region };
}

function parseSts(value: unknown): { endpoint?: string } {
  if (!isRecord(value)) throw new ConfigError('sts must be an object like {"endpoint": "http://127.0.0.1:4566/"}');
  for (const key of Object.keys(value)) {
    if (key !== "endpoint") throw new ConfigError(`sts.${key} is not a known setting (endpoint)`);
  }
  if (value.endpoint === undefined) return {};
  const problem = stsEndpointProblem(value.endpoint);
  if (problem) throw new ConfigError(`sts.endpoint ${problem}`);
  return { endpoint: value.endpoint as string };
}

function parseHeaderList(value: unknown, where: string, check: (name: string) => string | undefined): string[] {
  if (!Array.isArray(value)) throw new ConfigError(`${where} must be an array of header names`);
  return value.map((entry, index) => {
    if (typeof entry !== "string") throw new ConfigError(`${where}[${index}] must be a string`);
    const name = entry.toLowerCase();
    const bare = name.endsWith("*") ? name.slice(0, -1) : name;
    if (!HEADER_NAME.test(bare)) throw new ConfigError(`${where}[${index}] "${entry}" is not a header name`);
    const problem = check(name);
    if (problem) throw new ConfigError(`${where}[${index}] "${entry}": ${problem}`);
    return name;
  });
}

function viewerAmzHeaderProblem(name: string): string | undefined {
  if (!name.startsWith("x-amz-")) return "only x-amz-* headers are filtered; other headers pass through already";
  const bare = name.endsWith("*") ? name.slice(0, -1) : name;
  if (NEVER_ALLOWED_VIEWER.has(name)) return "the function sets this header itself; a viewer's value is never used";
  const covered = name.endsWith("*") ? [...NEVER_ALLOWED_VIEWER].filter((h) => h.startsWith(bare)) : [];
  if (covered.length > 0) {
    return `the wildcard would cover ${covered.join(", ")}, which the function sets itself; use a narrower prefix such as x-amz-meta-*`;
  }
  if (bare.startsWith("x-amz-cf-") || "x-amz-cf-".startsWith(bare)) return "CloudFront owns x-amz-cf-* headers";
  return undefined;
}

function signedHeaderProblem(name: string): string | undefined {
  if (name.endsWith("*")) return "wildcards are only allowed in allowViewerAmzHeaders";
  if (name === "host") return "host is always signed";
  if (name === "date") return "the function signs x-amz-date; the signer never signs a Date header";
  if (NEVER_SIGNED.has(name) || NEVER_SIGNED_PREFIXES.some((p) => name.startsWith(p))) {
    return "this header is changed by CloudFront after the function runs, or must never be signed";
  }
  if (name.startsWith("x-amz-")) return "x-amz-* headers are signed whenever they reach the origin; allow viewer ones with allowViewerAmzHeaders";
  return undefined;
}

/**
 * An `origins` key: the origin's domain name exactly as CloudFront hands it to the function,
 * which never holds a scheme, a port (that is `origin.custom.port`) or a path. A key with one of
 * them would never match: refused, with the name to use instead.
 */
function originDomain(key: string): string {
  const name = key.toLowerCase();
  if (DOMAIN_NAME.test(name)) return name;
  const bare = name
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
    .replace(/[/?#].*$/, "")
    .replace(/:\d*$/, "")
    .replace(/\.$/, "");
  const instead = DOMAIN_NAME.test(bare) ? bare : "api.example.com";
  throw new ConfigError(`origins["${key}"] must be the origin's domain name alone (no scheme, port, path or trailing dot), such as "${instead}"`);
}

function parseQueryOverrides(value: unknown): string[] {
  const where = "allowViewerQueryOverrides";
  if (!Array.isArray(value)) throw new ConfigError(`${where} must be an array of S3 response overrides such as ["response-content-disposition"]`);
  return value.map((entry, index) => {
    const name = typeof entry === "string" ? entry.toLowerCase() : "";
    if (!S3_RESPONSE_OVERRIDES.includes(name)) {
      throw new ConfigError(
        `${where}[${index}] ${JSON.stringify(entry)} is not one of ${S3_RESPONSE_OVERRIDES.join(", ")} (every other query parameter reaches the origin already)`,
      );
    }
    return name;
  });
}

/** Validates a parsed config file; throws ConfigError with a message that says how to fix it. */
export function parseConfig(raw: unknown): Config {
  if (!isRecord(raw)) throw new ConfigError("the configuration must be a JSON object");
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key)) throw new ConfigError(`"${key}" is not a known setting (${[...KNOWN_KEYS].join(", ")})`);
  }
  const logLevel = raw.logLevel ?? DEFAULT_CONFIG.logLevel;
  if (typeof logLevel !== "string" || !LOG_LEVELS.includes(logLevel as LogLevel)) {
    throw new ConfigError(`logLevel must be one of ${LOG_LEVELS.join(", ")}`);
  }
  const origins: Record<string, OriginConfig> = {};
  if (raw.origins !== undefined) {
    if (!isRecord(raw.origins)) throw new ConfigError(`origins must be an object keyed by origin domain name`);
    for (const [key, target] of Object.entries(raw.origins)) {
      const domain = originDomain(key);
      if (Object.hasOwn(origins, domain)) throw new ConfigError(`origins lists "${domain}" twice`);
      origins[domain] = parseOriginConfig(target, `origins["${key}"]`, domain);
    }
  }
  return {
    logLevel: logLevel as LogLevel,
    ...(raw.defaultTarget === undefined ? {} : { defaultTarget: parseDefaultTarget(raw.defaultTarget) }),
    origins,
    allowViewerAmzHeaders:
      raw.allowViewerAmzHeaders === undefined ? [] : parseHeaderList(raw.allowViewerAmzHeaders, "allowViewerAmzHeaders", viewerAmzHeaderProblem),
    signedHeaders: raw.signedHeaders === undefined ? [] : parseHeaderList(raw.signedHeaders, "signedHeaders", signedHeaderProblem),
    allowViewerQueryOverrides: raw.allowViewerQueryOverrides === undefined ? [] : parseQueryOverrides(raw.allowViewerQueryOverrides),
    ...(raw.sts === undefined ? {} : { sts: parseSts(raw.sts) }),
  };
}
