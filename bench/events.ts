// The bench's events, built from the documented origin-request event structure
// (docs/interfaces.md, the field notes): what CloudFront hands the function with "Include body"
// on and a typical origin request policy.
//
// No runtime imports, node:crypto above all: the cold-start child loads this module before it
// starts its clock, and a node:crypto already loaded there would hide about 3 ms of the bundle's
// load. Type-only imports are erased and load nothing.
import type { CloudFrontHeaders, CloudFrontOrigin, CloudFrontRequest, CloudFrontRequestEvent, CloudFrontResultResponse } from "aws-lambda";

/** What a handler under test returns: the request to forward, or a generated response. */
export type HandlerResult = CloudFrontRequest | CloudFrontResultResponse;
export type Handler = (event: CloudFrontRequestEvent) => Promise<HandlerResult>;

// Fake but realistically sized: Lambda@Edge always provides a session token, about 1 KB, and
// it is signed (x-amz-security-token), so it is part of every canonical request.
export const BENCH_CREDENTIALS: Readonly<Record<string, string>> = {
  AWS_ACCESS_KEY_ID: "ASIABENCHBENCHBENCH01",
  AWS_SECRET_ACCESS_KEY: "bench/secret/key/not+a+real+one/0123456789ab",
  AWS_SESSION_TOKEN: `IQoJb3JpZ2luX2VjEBench${"Q".repeat(1000)}==`,
};

export const LAMBDA_URL_HOST = "k3vq7x2m9p4n6b8c1d5f0g2h4j6l8z0a.lambda-url.eu-west-1.on.aws";
export const S3_HOST = "bucket.s3.eu-west-1.amazonaws.com";
/** An S3 Multi-Region Access Point: signed with SigV4A, region set `*`. */
export const MRAP_HOST = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com";
export const ONE_MIB = 1024 * 1024;

/** The Authorization scheme of a SigV4-signed request. */
export const SIGV4_ALGORITHM = "AWS4-HMAC-SHA256";
/** The Authorization scheme of a SigV4A-signed request. */
export const SIGV4A_ALGORITHM = "AWS4-ECDSA-P256-SHA256";

const header = (key: string, value: string) => [{ key, value }];

function viewerHeaders(extra: CloudFrontHeaders): CloudFrontHeaders {
  return {
    host: header("Host", "d3k9x2q7w1m4z8.cloudfront.net"),
    "user-agent": header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"),
    via: header("Via", "2.0 1140c492e2bc74da1cd3e3f33f799db7.cloudfront.net (CloudFront)"),
    "x-forwarded-for": header("X-Forwarded-For", "203.0.113.178"),
    "cloudfront-viewer-country": header("CloudFront-Viewer-Country", "GB"),
    "cloudfront-forwarded-proto": header("CloudFront-Forwarded-Proto", "https"),
    "accept-encoding": header("Accept-Encoding", "br,gzip"),
    accept: header("Accept", "application/json"),
    "accept-language": header("Accept-Language", "en-GB,en;q=0.9"),
    ...extra,
  };
}

function customOrigin(domainName: string): CloudFrontOrigin {
  return {
    custom: { customHeaders: {}, domainName, keepaliveTimeout: 5, path: "", port: 443, protocol: "https", readTimeout: 30, sslProtocols: ["TLSv1.2"] },
  };
}

function s3Origin(domainName: string): CloudFrontOrigin {
  return { s3: { authMethod: "none", customHeaders: {}, domainName, path: "" } };
}

type RequestFields = Omit<CloudFrontRequest, "clientIp" | "querystring"> & { querystring?: string };

function event(request: RequestFields): CloudFrontRequestEvent {
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: "d3k9x2q7w1m4z8.cloudfront.net",
            distributionId: "E1QX7Y3ZK2ABCD",
            eventType: "origin-request",
            requestId: "ZaZY3NyHgetK2oCkThX5V_hL0wwuVKzW8JwKqpBzp54ZaZY3NyHget==",
          },
          request: { clientIp: "203.0.113.178", querystring: "", ...request },
        },
      },
    ],
  };
}

/** GET without a body to a Lambda function URL (custom origin). */
export function makeGetEvent(): CloudFrontRequestEvent {
  return event({ method: "GET", uri: "/api/orders", querystring: "limit=20&status=open", headers: viewerHeaders({}), origin: customOrigin(LAMBDA_URL_HOST) });
}

/** A JSON document of exactly `bytes` bytes. */
export function jsonBody(bytes: number): string {
  const head = '{"items":[';
  const tail = '],"note":"';
  const close = '"}';
  const items: string[] = [];
  let length = head.length + tail.length + close.length;
  for (let i = 0; ; i++) {
    const item = `${i ? "," : ""}{"id":${i},"sku":"SKU-${String(i).padStart(5, "0")}","qty":${(i * 7) % 13}}`;
    if (length + item.length > bytes) break;
    items.push(item);
    length += item.length;
  }
  return `${head}${items.join("")}${tail}${"x".repeat(bytes - length)}${close}`;
}

/** POST of a 1 KB JSON body to a Lambda function URL, base64 as CloudFront hands it. */
export function makePost1kEvent(): CloudFrontRequestEvent {
  const json = jsonBody(1024);
  return event({
    method: "POST",
    uri: "/api/orders",
    headers: viewerHeaders({
      "content-type": header("Content-Type", "application/json"),
      "content-length": header("Content-Length", String(Buffer.byteLength(json))),
    }),
    body: { inputTruncated: false, action: "read-only", encoding: "base64", data: Buffer.from(json).toString("base64") },
    origin: customOrigin(LAMBDA_URL_HOST),
  });
}

/** `length` pseudo-random bytes (xorshift32, fixed seed): incompressible, the same in every process. */
export function pseudoRandomBytes(length: number, seed = 0x9e3779b9): Buffer {
  const words = new Uint32Array(Math.ceil(length / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return Buffer.from(words.buffer, 0, length);
}

/** GET of an object through a Multi-Region Access Point (S3 origin), no body. */
export function makeMrapGetEvent(): CloudFrontRequestEvent {
  return event({
    method: "GET",
    uri: "/photos/2026/11/cat.jpg",
    querystring: "response-cache-control=max-age%3D60",
    headers: viewerHeaders({}),
    origin: s3Origin(MRAP_HOST),
  });
}

/** PUT of exactly 1 MiB of random bytes to an S3 origin, base64, not truncated. */
export function makePut1mEvent(bytes: Buffer = pseudoRandomBytes(ONE_MIB), host: string = S3_HOST): CloudFrontRequestEvent {
  return event({
    method: "PUT",
    uri: "/uploads/2026/11/blob.bin",
    headers: viewerHeaders({
      "content-type": header("Content-Type", "application/octet-stream"),
      "content-length": header("Content-Length", String(bytes.length)),
    }),
    body: { inputTruncated: false, action: "read-only", encoding: "base64", data: bytes.toString("base64") },
    origin: s3Origin(host),
  });
}

/** The same 1 MiB PUT through a Multi-Region Access Point. */
export function makeMrapPut1mEvent(): CloudFrontRequestEvent {
  return makePut1mEvent(pseudoRandomBytes(ONE_MIB), MRAP_HOST);
}

/**
 * A fresh deep copy for one invocation (the handler mutates the event). Objects and arrays
 * are copied; strings are immutable and shared, so the 1 MiB case's 1.4 MB base64 body is not
 * copied — a copy costs a few microseconds whatever the body size.
 */
export function cloneEvent<T>(value: T): T {
  return copyValue(value) as T;
}

function copyValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyValue);
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = copyValue(field);
  return copy;
}

const isResponse = (result: HandlerResult): result is CloudFrontResultResponse => "status" in result && result.status !== undefined;

/** True when the handler returned the request signed with `algorithm` (not a generated response). */
export function isSigned(result: HandlerResult | undefined, algorithm: string = SIGV4_ALGORITHM): result is CloudFrontRequest {
  if (result === undefined || result === null || isResponse(result)) return false;
  const value = result.headers?.authorization?.[0]?.value;
  return typeof value === "string" && value.startsWith(`${algorithm} `);
}

/** The `message` of a JSON error body (the function's generated responses), else the body itself. */
function bodyMessage(body: unknown): string {
  const text = String(body);
  try {
    const parsed: unknown = JSON.parse(text);
    const message = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).message : undefined;
    if (typeof message === "string") return message;
  } catch {
    // not JSON
  }
  return text;
}

/** What the handler returned, in a few words, for error messages. */
export function describeResult(result: HandlerResult | undefined, algorithm: string = SIGV4_ALGORITHM): string {
  if (result !== undefined && result !== null && isResponse(result)) return `a generated ${result.status} response: ${bodyMessage(result.body).slice(0, 200)}`;
  return `a request without an ${algorithm} Authorization header`;
}
