import { durationSecondsProblem, externalIdProblem, roleArnProblem, sessionNameProblem } from "./assume-role/parameters.ts";
import { parseAwsHost, REGION_PATTERN, SERVICE_PATTERN, type SigningAlgorithm } from "./aws-host.ts";
import { ConfigError } from "./config-error.ts";
import { parseRegionSet } from "./region-set.ts";

/** How to sign for one origin domain (build-time configuration); every field is optional. */
export interface OriginConfig {
  readonly service?: string;
  /** The SigV4 signing region. */
  readonly region?: string;
  /** SigV4A for an origin whose host name does not say so (a host that needs SigV4A always gets it). */
  readonly algorithm?: SigningAlgorithm;
  /** SigV4A's region set as sent in X-Amz-Region-Set: `*` or `eu-west-1,us-east-1`. */
  readonly regionSet?: string;
  /** A role in the origin's account, assumed with the function's credentials to sign for it. */
  readonly roleArn?: string;
  readonly externalId?: string;
  readonly sessionName?: string;
  readonly durationSeconds?: number;
}

const ALGORITHMS: readonly SigningAlgorithm[] = ["sigv4", "sigv4a"];
const SETTINGS = ["service", "region", "algorithm", "regionSet", "roleArn", "externalId", "sessionName", "durationSeconds"] as const;
type Setting = (typeof SETTINGS)[number];

export const serviceProblem = (value: unknown): string | undefined =>
  typeof value === "string" && SERVICE_PATTERN.test(value) ? undefined : 'must be an AWS signing name such as "s3", "lambda", "execute-api", "es", "aoss"';
export const regionProblem = (value: unknown): string | undefined =>
  typeof value === "string" && REGION_PATTERN.test(value) ? undefined : 'must be an AWS region such as "eu-west-1"';

const CHECKS: Record<Exclude<Setting, "regionSet">, (value: unknown) => string | undefined> = {
  service: serviceProblem,
  region: regionProblem,
  algorithm: (value) => (ALGORITHMS.includes(value as SigningAlgorithm) ? undefined : 'must be "sigv4" or "sigv4a"'),
  roleArn: roleArnProblem,
  externalId: externalIdProblem,
  sessionName: sessionNameProblem,
  durationSeconds: durationSecondsProblem,
};

/**
 * One `origins` entry, checked on its own and against what its domain's host name says: a host
 * that accepts only SigV4A (Multi-Region Access Point, Lambda Web Function global endpoint)
 * cannot be given `algorithm: "sigv4"`, and a SigV4A origin has a region set, not a region.
 */
export function parseOriginConfig(value: unknown, where: string, domain: string): OriginConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(`${where} must be an object like {"service": "execute-api", "region": "eu-west-1"}`);
  }
  const entry = value as Record<string, unknown>;
  const keys = Object.keys(entry);
  for (const key of keys) {
    if (!SETTINGS.includes(key as Setting)) throw new ConfigError(`${where}.${key} is not a known setting (${SETTINGS.join(", ")})`);
  }
  if (keys.length === 0) throw new ConfigError(`${where} sets nothing (${SETTINGS.join(", ")})`);
  const out: Record<string, unknown> = {};
  for (const key of keys as Setting[]) {
    if (key === "regionSet") continue;
    const problem = CHECKS[key](entry[key]);
    if (problem) throw new ConfigError(`${where}.${key} ${problem}`);
    out[key] = entry[key];
  }
  const hostAlgorithm = parseAwsHost(domain)?.algorithm;
  if (hostAlgorithm === "sigv4a" && entry.algorithm === "sigv4") {
    throw new ConfigError(
      `${where}.algorithm "sigv4" cannot sign for ${domain}: its host name is a Multi-Region Access Point or a Lambda Web Function global endpoint, which accept SigV4A only; remove "algorithm"`,
    );
  }
  const sigv4a = (entry.algorithm ?? hostAlgorithm) === "sigv4a";
  if (entry.regionSet !== undefined) {
    if (!sigv4a) throw new ConfigError(`${where}.regionSet applies to SigV4A only: add "algorithm": "sigv4a", or remove it`);
    const regionSet = Array.isArray(entry.regionSet) || entry.regionSet === "*" ? parseRegionSet(entry.regionSet) : undefined;
    if (!regionSet) throw new ConfigError(`${where}.regionSet must be "*" or a list of AWS regions such as ["eu-west-1", "us-east-1"]`);
    out.regionSet = regionSet;
  }
  if (sigv4a && entry.region !== undefined) {
    throw new ConfigError(`${where}.region does not apply: ${domain} is signed with SigV4A, whose scope has no region; set regionSet instead (default "*")`);
  }
  return out as OriginConfig;
}
