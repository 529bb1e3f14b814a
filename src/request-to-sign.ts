import type { CloudFrontHeaders, CloudFrontRequest } from "aws-lambda";
import type { Config } from "./config.ts";
import { EdgeError } from "./errors.ts";
import { headerValue } from "./headers.ts";
import { type PayloadHash, resolvePayloadHash } from "./payload-hash.ts";
import { formatQuery, parseQuery } from "./query.ts";
import { canonicalS3Path } from "./s3-path.ts";
import { withoutResponseOverrides } from "./s3-response-overrides.ts";
import type { RequestToSign } from "./signature.ts";
import { CONFIG_HEADER_PREFIX, isS3Service, type SigningTarget } from "./signing-target.ts";

export interface SigningPlan {
  readonly toSign: RequestToSign;
  readonly payload: PayloadHash;
  /** What to write back so that the wire request is the signed one. */
  readonly uri: string;
  readonly originPath: string;
  readonly querystring: string;
  /** Query parameters the viewer sent that were dropped (lowercase names), for the log. */
  readonly droppedQuery: readonly string[];
  /** Viewer headers that must not reach the origin (lowercase names). */
  readonly removeHeaders: readonly string[];
}

// The function sets these; a viewer's or an origin custom header's value would replace ours.
const SIGNATURE_HEADERS = new Set(["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "x-amz-region-set"]);

function isAllowed(name: string, allowlist: readonly string[]): boolean {
  return allowlist.length > 0 && allowlist.some((entry) => (entry.endsWith("*") ? name.startsWith(entry.slice(0, -1)) : name === entry));
}

function originOf(request: CloudFrontRequest): { path: string; customHeaders: CloudFrontHeaders } {
  const origin = request.origin?.s3 ?? request.origin?.custom;
  return { path: origin?.path ?? "", customHeaders: origin?.customHeaders ?? {} };
}

/**
 * The request exactly as the origin will receive it, reduced to what gets signed: host, the
 * x-amz-* headers that will be on the wire (CloudFront's x-amz-cf-id for custom origins
 * included), the configured extras — never X-Forwarded-For, Via or anything else CloudFront
 * rewrites after the function ran — and the hash of the body the origin will receive.
 */
export function buildRequestToSign(request: CloudFrontRequest, requestId: string, target: SigningTarget, config: Config): SigningPlan {
  const origin = originOf(request);
  const s3Style = !target.uriEscapePath;
  const uri = s3Style ? canonicalS3Path(request.uri) : request.uri;
  const originPath = s3Style && origin.path ? canonicalS3Path(origin.path) : origin.path;
  const parsed = parseQuery(request.querystring ?? "");
  const { kept, dropped } = isS3Service(target.service) ? withoutResponseOverrides(parsed, config.allowViewerQueryOverrides) : { kept: parsed, dropped: [] };
  const query = formatQuery(kept);

  const extras = config.signedHeaders;
  const headers: Record<string, string> = { host: target.host };
  const removeHeaders: string[] = [];
  let viewerHash: string | undefined;

  for (const name of Object.keys(request.headers)) {
    if (name.startsWith(CONFIG_HEADER_PREFIX) || name === "authorization") {
      removeHeaders.push(name);
    } else if (name.startsWith("x-amz-") && !name.startsWith("x-amz-cf-")) {
      if (name === "x-amz-content-sha256") viewerHash = headerValue(request.headers, name);
      if (!SIGNATURE_HEADERS.has(name) && isAllowed(name, config.allowViewerAmzHeaders)) {
        headers[name] = headerValue(request.headers, name) ?? "";
      } else {
        removeHeaders.push(name);
      }
    } else if (extras.length > 0 && extras.includes(name)) {
      headers[name] = headerValue(request.headers, name) ?? "";
    }
  }

  // CloudFront adds the origin's custom headers after the function, replacing viewer headers
  // of the same name: sign their values, and all of their x-amz-* ones (S3 rejects unsigned).
  for (const name of Object.keys(origin.customHeaders)) {
    if (name.startsWith(CONFIG_HEADER_PREFIX)) continue;
    if (SIGNATURE_HEADERS.has(name)) {
      throw new EdgeError(502, `origin custom header ${name} would replace the signature's own header: remove it from the origin settings`);
    }
    if (name.startsWith("x-amz-") || extras.includes(name)) {
      headers[name] = headerValue(origin.customHeaders, name) ?? "";
    }
  }

  if (target.originKind === "custom") headers["x-amz-cf-id"] = requestId;
  const payload = resolvePayloadHash(request, target.service, viewerHash);
  headers["x-amz-content-sha256"] = payload.hash;

  return {
    toSign: {
      method: request.method,
      host: target.host,
      path: originPath + uri,
      canonicalQuery: query.canonicalQuery,
      headers,
      ...(extras.length > 0 ? { forceSigned: extras } : {}),
    },
    payload,
    uri,
    originPath,
    querystring: query.querystring,
    droppedQuery: dropped,
    removeHeaders,
  };
}
