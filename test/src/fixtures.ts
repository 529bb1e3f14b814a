import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import { type Config, DEFAULT_CONFIG } from "../../src/config.ts";
import type { Credentials } from "../../src/credentials.ts";
import { createLogger } from "../../src/log.ts";
import { handleOriginRequest, type OriginRequestResult } from "../../src/origin-request.ts";
import type { StsAccess } from "../../src/role-credentials.ts";

export const CREDENTIALS: Credentials = {
  accessKeyId: "AKIAFIXTUREFIXTURE01",
  secretAccessKey: "fixture/secret/key/never+printed/0123456789",
  sessionToken: "FwoGZXIvYXdzEFIXTURE-session-token-never-printed",
};
export const NOW = new Date("2026-11-22T12:00:00Z");
export const REQUEST_ID = "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==";
export const LAMBDA_URL = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws";
export const BUCKET = "media-bucket.s3.eu-west-1.amazonaws.com";

export function headers(map: Record<string, string | string[]>): CloudFrontHeaders {
  const out: CloudFrontHeaders = {};
  for (const [key, value] of Object.entries(map)) {
    out[key.toLowerCase()] = (Array.isArray(value) ? value : [value]).map((v) => ({ key, value: v }));
  }
  return out;
}

export function customOrigin(
  domainName: string,
  customHeaders: Record<string, string> = {},
  extra: Partial<Record<string, unknown>> = {},
): CloudFrontRequest["origin"] {
  return {
    custom: {
      customHeaders: headers(customHeaders),
      domainName,
      keepaliveTimeout: 5,
      path: "",
      port: 443,
      protocol: "https",
      readTimeout: 30,
      sslProtocols: ["TLSv1.2"],
      ...extra,
    },
  } as CloudFrontRequest["origin"];
}

export function s3Origin(domainName: string, extra: Partial<Record<string, unknown>> = {}): CloudFrontRequest["origin"] {
  return {
    s3: { authMethod: "none", customHeaders: {}, domainName, path: "", ...extra },
  } as CloudFrontRequest["origin"];
}

export function makeEvent(request: Partial<CloudFrontRequest> = {}): CloudFrontRequestEvent {
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: "d111111abcdef8.cloudfront.net",
            distributionId: "EDFDVBD6EXAMPLE",
            eventType: "origin-request",
            requestId: REQUEST_ID,
          },
          request: {
            clientIp: "203.0.113.178",
            method: "GET",
            uri: "/",
            querystring: "",
            headers: headers({
              Host: LAMBDA_URL,
              "User-Agent": "Amazon CloudFront",
              Via: "2.0 2afae0d44e2540f472c0635ab62c232b.cloudfront.net (CloudFront)",
              "X-Forwarded-For": "203.0.113.178",
              Cookie: "session=viewer-cookie-never-printed",
            }),
            origin: customOrigin(LAMBDA_URL),
            ...request,
          },
        },
      },
    ],
  } as CloudFrontRequestEvent;
}

export interface Run {
  result: OriginRequestResult;
  logs: Record<string, unknown>[];
  raw: string[];
}

export interface RunOptions {
  config?: Partial<Config>;
  credentials?: Credentials | undefined;
  /** STS access for origins in other accounts (none by default). */
  sts?: StsAccess;
  now?: Date;
}

export async function run(event: unknown, options: RunOptions = {}): Promise<Run> {
  const raw: string[] = [];
  const config = { ...DEFAULT_CONFIG, ...options.config };
  const credentials = "credentials" in options ? options.credentials : CREDENTIALS;
  const log = createLogger(config.logLevel, (line) => raw.push(line));
  const result = await handleOriginRequest(event, { config, credentials, now: options.now ?? NOW, log, ...(options.sts ? { sts: options.sts } : {}) });
  return { result, logs: raw.map((line) => JSON.parse(line) as Record<string, unknown>), raw };
}

export function isResponse(result: OriginRequestResult): result is Extract<OriginRequestResult, { status: string }> {
  return "status" in result;
}

export function signedHeaderNames(result: OriginRequestResult): string[] {
  if (isResponse(result)) throw new Error(`expected a request, got ${result.status} ${String(result.body)}`);
  const authorization = result.headers.authorization?.[0]?.value ?? "";
  return /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(";") ?? [];
}

export const SECRETS = [CREDENTIALS.secretAccessKey, CREDENTIALS.sessionToken ?? "", "viewer-cookie-never-printed", "Signature="];

/** A header's values on a returned request, joined with ",". */
export const value = (result: unknown, name: string): string | undefined =>
  (result as { headers: Record<string, { value: string }[]> }).headers[name]?.map((h) => h.value).join(",");

/** Runs the handler and expects a signed request back. */
export async function signed(event: unknown, options?: Parameters<typeof run>[1]) {
  const outcome = await run(event, options);
  if (isResponse(outcome.result)) throw new Error(`expected a signed request, got ${outcome.result.status}: ${String(outcome.result.body)}`);
  return { ...outcome, request: outcome.result };
}
