import type { CloudFrontHeaders, CloudFrontOrigin } from "aws-lambda";
import { parseAwsHost, type SigningAlgorithm } from "./aws-host.ts";
import { type Config, REGION_PATTERN, SERVICE_PATTERN } from "./config.ts";
import { EdgeError } from "./errors.ts";
import { headerValue } from "./headers.ts";

/** Origin custom headers that configure the function; read from the origin only, never forwarded. */
export const CONFIG_HEADER_PREFIX = "x-sigv4-";
export const SERVICE_HEADER = "x-sigv4-service";
export const REGION_HEADER = "x-sigv4-region";
export const DEBUG_HEADER = "x-sigv4-debug";

export interface SigningTarget {
  readonly originKind: "s3" | "custom";
  readonly domainName: string;
  /** The Host header CloudFront sends: the origin's domain, with the port when it is not the default. */
  readonly host: string;
  readonly service: string;
  readonly region: string;
  /** From the host alone (aws-host.ts): a SigV4A endpoint stays SigV4A whatever sets the region. */
  readonly algorithm: SigningAlgorithm;
  /** S3 does not normalize or double-encode the path; every other service does. */
  readonly uriEscapePath: boolean;
  readonly debug: boolean;
  /** Where service and region came from, for the log: one source, or `<service's>/<region's>`. */
  readonly source: string;
}

type Source = "origin-headers" | "config" | "host" | "default";

export type TargetResolution =
  | { readonly kind: "sign"; readonly target: SigningTarget }
  | { readonly kind: "forward"; readonly reason: string; readonly debug: boolean };

function originParts(origin: CloudFrontOrigin): {
  originKind: "s3" | "custom";
  domainName: string;
  customHeaders: CloudFrontHeaders;
  host: string;
  s3Region: string | undefined;
} {
  if (origin.s3) {
    const { domainName, customHeaders, region } = origin.s3;
    return { originKind: "s3", domainName, customHeaders, host: domainName, s3Region: region || undefined };
  }
  const custom = origin.custom;
  if (!custom) throw new EdgeError(502, "the request has no s3 or custom origin");
  const defaultPort = custom.protocol === "http" ? 80 : 443;
  const port = Number(custom.port);
  const host = port && port !== defaultPort ? `${custom.domainName}:${port}` : custom.domainName;
  return { originKind: "custom", domainName: custom.domainName, customHeaders: custom.customHeaders, host, s3Region: undefined };
}

function checked(value: string | undefined, pattern: RegExp, header: string, example: string): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim().toLowerCase();
  if (!pattern.test(trimmed)) {
    throw new EdgeError(502, `origin custom header ${header} must be ${example}`);
  }
  return trimmed;
}

/** The first source that knows this half of the target, and its value. */
function firstOf(candidates: ReadonlyArray<readonly [Source, string | undefined]>): readonly [Source, string] | undefined {
  for (const [source, value] of candidates) if (value !== undefined) return [source, value];
  return undefined;
}

/**
 * Service, region and Host for the request's origin. Each half has its own precedence: the
 * origin's custom headers, the build-time config for that domain, the host name (S3:
 * `origin.s3.region` wins for the region), then the config's default target — so a region set
 * by a header on a custom domain takes the default target's service. Nothing at all → forward
 * unsigned. The algorithm comes from the host alone.
 */
export function resolveSigningTarget(origin: CloudFrontOrigin, config: Config): TargetResolution {
  const { originKind, domainName, customHeaders, host, s3Region } = originParts(origin);
  const debug = headerValue(customHeaders, DEBUG_HEADER) === "1";
  const fromHeaders = {
    service: checked(headerValue(customHeaders, SERVICE_HEADER), SERVICE_PATTERN, SERVICE_HEADER, 'an AWS signing name such as "execute-api"'),
    region: checked(headerValue(customHeaders, REGION_HEADER), REGION_PATTERN, REGION_HEADER, 'an AWS region such as "eu-west-1"'),
  };
  const domainKey = domainName.toLowerCase();
  const fromConfig = Object.hasOwn(config.origins, domainKey) ? config.origins[domainKey] : undefined;
  const fromHost = parseAwsHost(domainName);
  const knownService = [
    ["origin-headers", fromHeaders.service],
    ["config", fromConfig?.service],
    ["host", fromHost?.service],
  ] as const;
  const knownRegion = [
    ["origin-headers", fromHeaders.region],
    ["config", fromConfig?.region],
    ["host", s3Region ?? fromHost?.region],
  ] as const;
  if (!firstOf(knownService) && !firstOf(knownRegion) && !config.defaultTarget) {
    return { kind: "forward", reason: `origin ${domainName} is not an AWS endpoint this function recognises, and nothing configures it`, debug };
  }
  const service = firstOf([...knownService, ["default", config.defaultTarget?.service]]);
  const region = firstOf([...knownRegion, ["default", config.defaultTarget?.region]]);
  if (service === undefined) {
    throw new EdgeError(502, `origin ${domainName} has a signing region but no service: set the origin custom header ${SERVICE_HEADER} (or defaultTarget)`);
  }
  if (region === undefined) {
    throw new EdgeError(502, `origin ${domainName} has no signing region: set the origin custom header ${REGION_HEADER} (or defaultTarget)`);
  }
  return sign({
    originKind,
    domainName,
    host,
    service: service[1],
    region: region[1],
    algorithm: fromHost?.algorithm ?? "sigv4",
    debug,
    source: service[0] === region[0] ? service[0] : `${service[0]}/${region[0]}`,
  });
}

function sign(target: Omit<SigningTarget, "uriEscapePath">): TargetResolution {
  return { kind: "sign", target: { ...target, uriEscapePath: !isS3Service(target.service) } };
}

/** S3 and S3 Object Lambda take the object key path as sent: no normalization, no second encoding. */
export function isS3Service(service: string): boolean {
  return service === "s3" || service === "s3-object-lambda";
}
