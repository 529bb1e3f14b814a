// The distribution the local edge plays: its cache behaviors, each with an origin (an embedded
// one, or the `--origin` URL) and the origin custom headers that tell the function how to sign.
import { type CloudFrontOrigin, customOrigin, s3Origin } from "../cloudfront-emulator/index.ts";
import type { CredentialSource } from "../sigv4-oracle/index.ts";
import type { OriginAddress } from "./origin-client.ts";
import type { EmbeddedOrigin, EmbeddedOriginOptions } from "./origins/embedded-origin.ts";
import { EMBEDDED_ORIGINS, type EmbeddedOriginEntry } from "./origins/registry.ts";
import type { ViewerAccessCheck } from "./viewer-access.ts";

export const EMBEDDED_REGION = "us-east-1";
/** The origin custom header that names the origin account's role (the function's ROLE_ARN_HEADER). */
const ROLE_ARN_HEADER = "x-sigv4-role-arn";
const S3_REST_HOST = /(^|\.)s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;

export interface Behavior {
  /** CloudFront's path pattern (`/api/*`, `*`). */
  readonly pathPattern: string;
  /** The trigger's "Include body" option. */
  readonly includeBody: boolean;
  readonly origin: CloudFrontOrigin;
  /** The embedded origin behind this behavior, if any. */
  readonly embedded?: EmbeddedOrigin;
  /** Viewer access (signed URLs, cookies) checked before the function runs; none = public. */
  readonly viewerAccess?: ViewerAccessCheck;
}

export interface SigningHints {
  readonly service?: string | undefined;
  readonly region?: string | undefined;
  /** Adds `x-sigv4-debug: 1`: the function then logs its canonical request and string to sign. */
  readonly verbose?: boolean;
}

/** The origin custom headers that tell the function how to sign. */
export function originHeaders(hints: SigningHints): Record<string, string> {
  const headers: Record<string, string> = {};
  if (hints.service) headers["x-sigv4-service"] = hints.service;
  if (hints.region) headers["x-sigv4-region"] = hints.region;
  if (hints.verbose) headers["x-sigv4-debug"] = "1";
  return headers;
}

/** The distribution's origin for `--origin URL`: S3 REST endpoints as S3 origins, anything else as a custom origin. */
export function originFromUrl(url: string, options: SigningHints & { originPath?: string | undefined }): CloudFrontOrigin {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--origin ${url} is not a URL (example: https://abc123.lambda-url.eu-west-1.on.aws)`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error(`--origin ${url}: CloudFront origins speak http or https`);
  if (parsed.search || parsed.hash || parsed.username) throw new Error(`--origin ${url}: give the origin without query, fragment or credentials`);
  const domainName = parsed.hostname;
  if (!/^[A-Za-z0-9.-]+$/.test(domainName)) throw new Error(`--origin ${url}: the origin must be a host name or an IPv4 address`);
  const path = options.originPath ?? parsed.pathname.replace(/\/+$/, "");
  if (path !== "" && (!path.startsWith("/") || path.endsWith("/"))) throw new Error(`--origin-path ${path} must start with "/" and not end with "/"`);
  const protocol = parsed.protocol === "http:" ? "http" : "https";
  const port = parsed.port ? Number(parsed.port) : protocol === "http" ? 80 : 443;
  const customHeaders = originHeaders(options);
  if (protocol === "https" && port === 443 && S3_REST_HOST.test(domainName.toLowerCase())) return s3Origin({ domainName, path, customHeaders });
  return customOrigin({ domainName, port, protocol, path, customHeaders });
}

/** `  /api/*  → http://127.0.0.1:41235  what it is (signed as ...)`: one start-up line per behavior. */
export function behaviorLine(pathPattern: string, url: string, description: string): string {
  const shown = pathPattern.startsWith("/") ? pathPattern : `/${pathPattern}`;
  return `  ${shown.padEnd(7)} → ${url}  ${description}`;
}

/** How the function signs for an embedded origin, as the start-up line says it. */
function signedAs(entry: EmbeddedOriginEntry, stsUrl: string | undefined): string {
  if (entry.algorithm === "sigv4a") return `signed with SigV4A as ${entry.service}, region set *`;
  const as = `signed as ${entry.service}/${EMBEDDED_REGION}`;
  return entry.roleArn ? `${as} with that role, assumed at the STS stand-in ${stsUrl?.replace(/\/$/, "") ?? ""}` : as;
}

/** The origin in another account: the callers it trusts (the assumed role's sessions) and where STS is. */
export interface OtherAccount {
  readonly credentials: CredentialSource;
  readonly stsUrl: string;
}

/**
 * Starts the embedded origins of the registry, one behavior each, and the map of the AWS host
 * names they play to their loopback addresses. Closes what it started if one fails.
 */
export async function startEmbeddedBehaviors(
  options: Omit<EmbeddedOriginOptions, "region" | "host" | "port"> & { includeBody: boolean; verbose: boolean; otherAccount: OtherAccount },
): Promise<{ behaviors: Behavior[]; lines: string[]; addresses: Map<string, OriginAddress> }> {
  const behaviors: Behavior[] = [];
  const lines: string[] = [];
  const addresses = new Map<string, OriginAddress>();
  const { otherAccount, ...shared } = options;
  try {
    for (const entry of EMBEDDED_ORIGINS) {
      const credentials = entry.roleArn ? otherAccount.credentials : shared.credentials;
      const { algorithm, awsHost } = entry;
      const started = {
        ...shared,
        credentials,
        region: EMBEDDED_REGION,
        host: "127.0.0.1",
        ...(algorithm ? { algorithm } : {}),
        ...(awsHost ? { awsHost } : {}),
      };
      const embedded = await entry.start(started);
      const verbose = options.verbose;
      let origin: CloudFrontOrigin;
      if (awsHost) {
        // The event names the AWS endpoint (its host decides how the function signs); the edge
        // connects to the stand-in (the addresses map), as curl --resolve would.
        const customHeaders: Record<string, string> = { ...originHeaders({ verbose }), ...(entry.roleArn ? { [ROLE_ARN_HEADER]: entry.roleArn } : {}) };
        origin = customOrigin({ domainName: awsHost, port: 443, protocol: "https", customHeaders });
        addresses.set(awsHost, { host: embedded.host, port: embedded.port });
      } else {
        const customHeaders = originHeaders({ service: entry.service, region: EMBEDDED_REGION, verbose });
        origin = customOrigin({ domainName: "127.0.0.1", port: embedded.port, protocol: "http", customHeaders });
      }
      behaviors.push({ pathPattern: entry.pathPattern, includeBody: options.includeBody, origin, embedded });
      lines.push(behaviorLine(entry.pathPattern, embedded.url, `${entry.description} (${signedAs(entry, otherAccount.stsUrl)})`));
    }
  } catch (error) {
    for (const behavior of behaviors) await behavior.embedded?.close();
    throw error;
  }
  return { behaviors, lines, addresses };
}
