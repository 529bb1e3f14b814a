// The origin object of an origin-request event, and what CloudFront derives from it.
import type { CloudFrontHeaders, CloudFrontOrigin } from "aws-lambda";

export type { CloudFrontOrigin };

/** An origin, whatever its kind, as CloudFront connects to it. */
export interface OriginTarget {
  readonly kind: "s3" | "custom";
  readonly domainName: string;
  /** The origin path ("" or `/prefix`), prepended to every URI. */
  readonly path: string;
  readonly customHeaders: CloudFrontHeaders;
  readonly protocol: "http" | "https";
  readonly port: number;
}

export function originTarget(origin: CloudFrontOrigin): OriginTarget {
  if (origin.s3) {
    const { domainName, path, customHeaders } = origin.s3;
    return { kind: "s3", domainName, path: path ?? "", customHeaders: customHeaders ?? {}, protocol: "https", port: 443 };
  }
  if (origin.custom) {
    const { domainName, path, customHeaders, protocol } = origin.custom;
    return { kind: "custom", domainName, path: path ?? "", customHeaders: customHeaders ?? {}, protocol, port: Number(origin.custom.port) };
  }
  throw new Error("the origin is neither s3 nor custom");
}

/** The Host CloudFront sends: the origin's domain, with `:port` for a custom origin on a port not its protocol's default. */
export function originHost(origin: CloudFrontOrigin): string {
  const target = originTarget(origin);
  const defaultPort = target.protocol === "http" ? 80 : 443;
  return target.kind === "custom" && target.port && target.port !== defaultPort ? `${target.domainName}:${target.port}` : target.domainName;
}

/** `{ "X-Sigv4-Service": "s3" }` → CloudFront's `{ "x-sigv4-service": [{ key, value }] }`. */
export function toHeaderMap(plain: Readonly<Record<string, string>>): CloudFrontHeaders {
  const headers: CloudFrontHeaders = {};
  for (const [key, value] of Object.entries(plain)) headers[key.toLowerCase()] = [{ key, value }];
  return headers;
}

export interface CustomOriginSettings {
  readonly domainName: string;
  readonly port: number;
  readonly protocol: "http" | "https";
  readonly path?: string;
  readonly customHeaders?: Readonly<Record<string, string>>;
}

/** An event origin object for a custom origin (CloudFront's defaults for the timeouts and TLS). */
export function customOrigin(settings: CustomOriginSettings): CloudFrontOrigin {
  const { domainName, port, protocol, path = "", customHeaders = {} } = settings;
  return {
    custom: { customHeaders: toHeaderMap(customHeaders), domainName, keepaliveTimeout: 5, path, port, protocol, readTimeout: 30, sslProtocols: ["TLSv1.2"] },
  };
}

/** An event origin object for an S3 origin without an origin access identity (authMethod "none", no region). */
export function s3Origin(settings: { domainName: string; path?: string; customHeaders?: Readonly<Record<string, string>> }): CloudFrontOrigin {
  const { domainName, path = "", customHeaders = {} } = settings;
  return { s3: { authMethod: "none", customHeaders: toHeaderMap(customHeaders), domainName, path } };
}
