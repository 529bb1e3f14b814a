// Origin-request events for the oracle's tests, built by hand from the documented event
// structure (nothing from src/), with fixed credentials, clock and request id.
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import { originHost } from "../../cloudfront-emulator/index.ts";
import { type Expectations, sha256Hex } from "../../sigv4-oracle/index.ts";

export const CREDS = {
  accessKeyId: "ASIAORACLETEST000001",
  secretAccessKey: "oracle/test+secret/0123456789abcdefghijklmn",
  sessionToken: "IQoJb3JpZ2luX2VjEORACLE//////////wEaCWV1LXdlc3QtMSJHMEUCIQ-oracle-test-token",
};
export const NOW = new Date("2026-11-22T12:00:00Z");
export const AMZ_DATE = "20261122T120000Z";
export const REQUEST_ID = "Wc3K2rVZ1nYbXv9eTqAvEw1Pn0GvDpcO7Xr3QF5kJhUy8mWq2TeLzA==";
export const CLIENT_IP = "203.0.113.178";
export const EMPTY_SHA = sha256Hex("");
export function hdrs(map: Record<string, string | string[]>): CloudFrontHeaders {
  const out: CloudFrontHeaders = {};
  for (const [key, value] of Object.entries(map)) {
    out[key.toLowerCase()] = (Array.isArray(value) ? value : [value]).map((v) => ({ key, value: v }));
  }
  return out;
}

export interface EventSpec {
  origin: NonNullable<CloudFrontRequest["origin"]>;
  method?: string;
  uri?: string;
  querystring?: string;
  headers?: Record<string, string | string[]>;
  body?: CloudFrontRequest["body"];
}
export function makeEvent(spec: EventSpec): CloudFrontRequestEvent {
  const host = originHost(spec.origin);
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: "d3k9x2q7w1m4z8.cloudfront.net",
            distributionId: "E1QX7Y3ZK2ABCD",
            eventType: "origin-request",
            requestId: REQUEST_ID,
          },
          request: {
            clientIp: CLIENT_IP,
            method: spec.method ?? "GET",
            uri: spec.uri ?? "/",
            querystring: spec.querystring ?? "",
            headers: hdrs({
              host,
              "user-agent": "Amazon CloudFront",
              via: "2.0 5b1f0a7c9e8d6b4a2f3e1d0c9b8a7f6e.cloudfront.net (CloudFront)",
              "x-forwarded-for": "198.51.100.7",
              ...spec.headers,
            }),
            ...(spec.body ? { body: spec.body } : {}),
            origin: spec.origin,
          },
        },
      },
    ],
  };
}
export function customOrigin(
  domainName: string,
  extra: { path?: string; port?: number; customHeaders?: CloudFrontHeaders } = {},
): NonNullable<CloudFrontRequest["origin"]> {
  return {
    custom: {
      customHeaders: extra.customHeaders ?? {},
      domainName,
      keepaliveTimeout: 5,
      path: extra.path ?? "",
      port: extra.port ?? 443,
      protocol: "https",
      readTimeout: 30,
      sslProtocols: ["TLSv1.2"],
    },
  };
}
export function s3Origin(domainName: string, region?: string): NonNullable<CloudFrontRequest["origin"]> {
  return region
    ? { s3: { authMethod: "origin-access-identity", customHeaders: {}, domainName, path: "", region } }
    : { s3: { authMethod: "none", customHeaders: {}, domainName, path: "" } };
}

export const LAMBDA_HOST = "k3vq7x2m9p4n6b8c1d5f0g2h4j6l8z0a.lambda-url.eu-west-1.on.aws";
export const BUCKET_HOST = "media-assets.s3.eu-west-1.amazonaws.com";

/** Deterministic binary bytes: many are not valid UTF-8. */
export function binary(n: number, seed = 7): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 131 + seed + (i >> 7)) & 0xff;
  return b;
}

/** What the origin knows: this file's credentials and clock. */
export function truth(service: string, region: string, extra: Partial<Expectations> = {}): Expectations {
  return { service, region, credentials: CREDS, now: NOW, ...extra };
}
