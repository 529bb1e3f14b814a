import type { CloudFrontHeaders, CloudFrontOrigin } from "aws-lambda";
import { type AssumeRoleParameters, DEFAULT_DURATION_SECONDS, DEFAULT_SESSION_NAME, roleArnProblem } from "./assume-role/parameters.ts";
import { isS3WebsiteHost, parseAwsHost, REGION_PATTERN, SERVICE_PATTERN, type SigningAlgorithm } from "./aws-host.ts";
import type { Config } from "./config.ts";
import { EdgeError } from "./errors.ts";
import { headerValue } from "./headers.ts";
import { ANY_REGION, parseRegionSet } from "./region-set.ts";

/** Origin custom headers that configure the function; read from the origin only, never forwarded. */
export const CONFIG_HEADER_PREFIX = "x-sigv4-";
export const SERVICE_HEADER = "x-sigv4-service";
export const REGION_HEADER = "x-sigv4-region";
export const DEBUG_HEADER = "x-sigv4-debug";
export const ALGORITHM_HEADER = "x-sigv4-algorithm";
export const REGION_SET_HEADER = "x-sigv4-region-set";
export const ROLE_ARN_HEADER = "x-sigv4-role-arn";

export interface SigningTarget {
  readonly originKind: "s3" | "custom";
  readonly domainName: string;
  /** The Host header CloudFront sends: the origin's domain, with the port when it is not the default. */
  readonly host: string;
  readonly service: string;
  /** SigV4: the signing region. SigV4A: the region set, as sent in X-Amz-Region-Set (`*`, `eu-west-1,us-east-1`). */
  readonly region: string;
  /** A host that needs SigV4A gets it whatever else is configured; any origin may be configured for it. */
  readonly algorithm: SigningAlgorithm;
  /** S3 does not normalize or double-encode the path; every other service does. */
  readonly uriEscapePath: boolean;
  readonly debug: boolean;
  /** Where service and region came from, for the log: one source, or `<service's>/<region's>`. */
  readonly source: string;
  /** The role in the origin's account to sign as, when there is one. */
  readonly role?: AssumeRoleParameters;
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

function checked(value: string | undefined, valid: (value: string) => string | undefined, header: string, example: string): string | undefined {
  if (value === undefined) return undefined;
  const result = valid(value.trim().toLowerCase());
  if (result === undefined) throw new EdgeError(502, `origin custom header ${header} must be ${example}`);
  return result;
}

const matching = (pattern: RegExp) => (value: string) => (pattern.test(value) ? value : undefined);

/** The first source that knows this half of the target, and its value. */
function firstOf<T>(candidates: ReadonlyArray<readonly [Source, T | undefined]>): readonly [Source, T] | undefined {
  for (const [source, value] of candidates) if (value !== undefined) return [source, value];
  return undefined;
}

/**
 * Service, region and Host for the request's origin. Each half has its own precedence: the
 * origin's custom headers, the build-time config for that domain, the host name (S3:
 * `origin.s3.region` wins for the region), then the config's default target — so a region set
 * by a header on a custom domain takes the default target's service. Nothing at all → forward
 * unsigned. The algorithm: headers, config, host; a host that needs SigV4A is never signed with
 * SigV4, and a SigV4A signature takes a region set (headers, config, `*`) instead of a region.
 */
export function resolveSigningTarget(origin: CloudFrontOrigin, config: Config): TargetResolution {
  const { originKind, domainName, customHeaders, host, s3Region } = originParts(origin);
  const header = (name: string) => headerValue(customHeaders, name);
  const debug = header(DEBUG_HEADER) === "1";
  const fromHeaders = {
    service: checked(header(SERVICE_HEADER), matching(SERVICE_PATTERN), SERVICE_HEADER, 'an AWS signing name such as "execute-api"'),
    region: checked(header(REGION_HEADER), matching(REGION_PATTERN), REGION_HEADER, 'an AWS region such as "eu-west-1"'),
    algorithm: checked(header(ALGORITHM_HEADER), matching(/^sigv4a?$/), ALGORITHM_HEADER, '"sigv4a" or "sigv4"') as SigningAlgorithm | undefined,
    regionSet: checked(header(REGION_SET_HEADER), parseRegionSet, REGION_SET_HEADER, '"*" or AWS regions separated by commas'),
  };
  const roleArn = header(ROLE_ARN_HEADER)?.trim();
  const roleProblem = roleArn === undefined ? undefined : roleArnProblem(roleArn);
  if (roleProblem) throw new EdgeError(502, `origin custom header ${ROLE_ARN_HEADER} ${roleProblem}`);
  const domainKey = domainName.toLowerCase();
  const fromConfig = Object.hasOwn(config.origins, domainKey) ? config.origins[domainKey] : undefined;
  const fromHost = parseAwsHost(domainName);

  const algorithm = firstOf([
    ["origin-headers", fromHeaders.algorithm],
    ["config", fromConfig?.algorithm],
    ["host", fromHost?.algorithm],
  ]);
  if (fromHost?.algorithm === "sigv4a" && algorithm?.[1] === "sigv4") {
    throw new EdgeError(502, `origin ${domainName} accepts SigV4A only (its host name says so): remove ${ALGORITHM_HEADER}: sigv4 from the origin settings`);
  }
  const sigv4a = algorithm?.[1] === "sigv4a";
  const regionSet = firstOf([
    ["origin-headers", fromHeaders.regionSet],
    ["config", fromConfig?.regionSet],
  ]);
  if (regionSet && !sigv4a) {
    throw new EdgeError(
      502,
      `origin ${domainName} is signed with SigV4, which has no region set: add ${ALGORITHM_HEADER}: sigv4a, or remove ${REGION_SET_HEADER}`,
    );
  }

  const knownService = [
    ["origin-headers", fromHeaders.service],
    ["config", fromConfig?.service],
    ["host", fromHost?.service],
  ] as const;
  // SigV4A's scope has no region: any region source (origin.s3.region included) gives way to the region set.
  const knownRegion = sigv4a
    ? ([...(regionSet ? [regionSet] : []), [fromHost?.algorithm === "sigv4a" ? "host" : "default", ANY_REGION]] as const)
    : ([
        ["origin-headers", fromHeaders.region],
        ["config", fromConfig?.region],
        ["host", s3Region ?? fromHost?.region],
      ] as const);
  const configured = algorithm !== undefined || roleArn !== undefined || fromConfig !== undefined;
  // A website endpoint refuses signed requests: only configuration for that very origin signs it, never defaultTarget.
  if (!configured && !fromHeaders.service && !fromHeaders.region && isS3WebsiteHost(domainName)) {
    return { kind: "forward", reason: `origin ${domainName} is an S3 website endpoint, which does not accept signed requests`, debug };
  }
  if (!firstOf(knownService) && !firstOf(knownRegion) && !config.defaultTarget && !configured) {
    return { kind: "forward", reason: `origin ${domainName} is not an AWS endpoint this function recognises, and nothing configures it`, debug };
  }
  const service = firstOf([...knownService, ["default", config.defaultTarget?.service]]);
  const region = firstOf([...knownRegion, ["default", config.defaultTarget?.region]]);
  if (service === undefined) {
    throw new EdgeError(502, `origin ${domainName} has no signing service: set the origin custom header ${SERVICE_HEADER} (or defaultTarget)`);
  }
  if (region === undefined) {
    throw new EdgeError(502, `origin ${domainName} has no signing region: set the origin custom header ${REGION_HEADER} (or defaultTarget)`);
  }
  const role = roleArn ?? fromConfig?.roleArn;
  return sign({
    originKind,
    domainName,
    host,
    service: service[1],
    region: region[1],
    algorithm: sigv4a ? "sigv4a" : "sigv4",
    debug,
    source: service[0] === region[0] ? service[0] : `${service[0]}/${region[0]}`,
    ...(role === undefined
      ? {}
      : {
          role: {
            roleArn: role,
            sessionName: fromConfig?.sessionName ?? DEFAULT_SESSION_NAME,
            durationSeconds: fromConfig?.durationSeconds ?? DEFAULT_DURATION_SECONDS,
            ...(fromConfig?.externalId === undefined ? {} : { externalId: fromConfig.externalId }),
          },
        }),
  });
}

function sign(target: Omit<SigningTarget, "uriEscapePath">): TargetResolution {
  return { kind: "sign", target: { ...target, uriEscapePath: !isS3Service(target.service) } };
}

/** S3 and S3 Object Lambda take the object key path as sent: no normalization, no second encoding. */
export function isS3Service(service: string): boolean {
  return service === "s3" || service === "s3-object-lambda";
}
