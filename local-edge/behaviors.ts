// The distribution the local edge plays: its cache behaviors, each with an origin (an embedded
// one, or the `--origin` URL) and the origin custom headers that tell the function how to sign.
import { type CloudFrontOrigin, customOrigin, s3Origin } from "../cloudfront-emulator/index.ts";
import type { EmbeddedOrigin, EmbeddedOriginOptions } from "./origins/embedded-origin.ts";
import { EMBEDDED_ORIGINS } from "./origins/registry.ts";
import type { ViewerAccessCheck } from "./viewer-access.ts";

export const EMBEDDED_REGION = "us-east-1";
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

/** Starts the embedded origins of the registry, one behavior each. Closes what it started if one fails. */
export async function startEmbeddedBehaviors(
  options: Omit<EmbeddedOriginOptions, "region" | "host" | "port"> & { includeBody: boolean; verbose: boolean },
): Promise<{ behaviors: Behavior[]; lines: string[] }> {
  const behaviors: Behavior[] = [];
  const lines: string[] = [];
  try {
    for (const entry of EMBEDDED_ORIGINS) {
      const embedded = await entry.start({ ...options, region: EMBEDDED_REGION, host: "127.0.0.1" });
      const customHeaders = originHeaders({ service: entry.service, region: EMBEDDED_REGION, verbose: options.verbose });
      const origin = customOrigin({ domainName: "127.0.0.1", port: embedded.port, protocol: "http", customHeaders });
      behaviors.push({ pathPattern: entry.pathPattern, includeBody: options.includeBody, origin, embedded });
      lines.push(behaviorLine(entry.pathPattern, embedded.url, `${entry.description} (signed as ${entry.service}/${EMBEDDED_REGION})`));
    }
  } catch (error) {
    for (const behavior of behaviors) await behavior.embedded?.close();
    throw error;
  }
  return { behaviors, lines };
}
