// The origin-request event CloudFront builds for a viewer request, for a behavior with the
// AllViewerExceptHostHeader origin request policy and an origin-request trigger (include body
// on by default). See /work/shared/field-notes.md and docs/interfaces.md.
import { randomBytes } from "node:crypto";

/** CloudFront hands an origin-request trigger at most this much of the body (then inputTruncated). */
export const MAX_EVENT_BODY_BYTES = 1024 * 1024;

/** Headers a function must never add (CloudFront answers 502); lower case, `*` = prefix. */
export const DISALLOWED_HEADERS = [
  "connection",
  "expect",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "trailer",
  "upgrade",
  "x-accel-*",
  "x-amz-cf-*",
  "x-amzn-auth",
  "x-amzn-cf-billing",
  "x-amzn-cf-id",
  "x-amzn-cf-xff",
  "x-amzn-errortype",
  "x-amzn-fle-profile",
  "x-amzn-header-count",
  "x-amzn-header-order",
  "x-amzn-lambda-integration-tag",
  "x-amzn-querystring",
  "x-cache",
  "x-edge-*",
  "x-forwarded-proto",
  "x-real-ip",
];

/** Headers an origin-request function must not change or delete. */
export const READ_ONLY_HEADERS = [
  "accept-encoding",
  "content-length",
  "if-modified-since",
  "if-none-match",
  "if-range",
  "if-unmodified-since",
  "transfer-encoding",
  "via",
];

// Hop-by-hop headers of the viewer's connection: CloudFront does not pass them on.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "expect", "http2-settings"]);

export function isDisallowedHeader(name) {
  const lower = name.toLowerCase();
  return DISALLOWED_HEADERS.some((entry) => (entry.endsWith("*") ? lower.startsWith(entry.slice(0, -1)) : lower === entry));
}

/** A CloudFront request id: 40 random bytes in base64url with its "==" padding (56 characters). */
export function cloudFrontRequestId() {
  return randomBytes(40).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

/** The 32 hex digits of a CloudFront server name in Via (`<id>.cloudfront.net`). */
export function cloudFrontServerId() {
  return randomBytes(16).toString("hex");
}

function alphanumeric(length, alphabet) {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/** A distribution's id (`E` + 13) and domain (`d` + 13 `.cloudfront.net`), random per run. */
export function fakeDistribution() {
  return {
    id: `E${alphanumeric(13, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}`,
    domainName: `d${alphanumeric(13, "abcdefghijklmnopqrstuvwxyz0123456789")}.cloudfront.net`,
  };
}

/** Host CloudFront sends to an origin: its domain, with the port when it is not the protocol's default. */
export function originHost(origin) {
  if (origin.custom) {
    const { domainName, port, protocol } = origin.custom;
    const defaultPort = protocol === "http" ? 80 : 443;
    return port && Number(port) !== defaultPort ? `${domainName}:${port}` : domainName;
  }
  return origin.s3.domainName;
}

function addHeader(headers, key, value) {
  const name = key.toLowerCase();
  (headers[name] ??= []).push({ key, value });
}

function setHeader(headers, key, value) {
  headers[key.toLowerCase()] = [{ key, value }];
}

/**
 * Builds `Records[0].cf` for one viewer request.
 * @param viewer { clientIp, clientPort, method, target (raw request target), rawHeaders, httpVersion, body: Buffer }
 * @param behavior { origin (event origin object, deep-copied here), includeBody }
 * @param edge { requestId, distribution: { id, domainName }, serverId }
 */
export function buildOriginRequestEvent(viewer, behavior, edge) {
  const question = viewer.target.indexOf("?");
  const uri = question === -1 ? viewer.target : viewer.target.slice(0, question);
  const querystring = question === -1 ? "" : viewer.target.slice(question + 1);
  const origin = structuredClone(behavior.origin);

  const headers = {};
  setHeader(headers, "Host", originHost(origin));
  const viewerXff = [];
  for (let i = 0; i < viewer.rawHeaders.length; i += 2) {
    const key = viewer.rawHeaders[i];
    const value = viewer.rawHeaders[i + 1];
    const name = key.toLowerCase();
    // AllViewerExceptHostHeader: every viewer header but Host; CloudFront drops hop-by-hop
    // headers and the ones it owns (X-Forwarded-Proto, X-Amz-Cf-*, CloudFront-*, ...).
    if (name === "host" || HOP_BY_HOP.has(name) || isDisallowedHeader(name) || name.startsWith("cloudfront-") || name === "via") continue;
    if (name === "x-forwarded-for") {
      viewerXff.push(value);
      continue;
    }
    addHeader(headers, key, value);
  }
  if (!headers["user-agent"]) setHeader(headers, "User-Agent", "Amazon CloudFront");
  // CloudFront appends the viewer's address to what the viewer sent.
  setHeader(headers, "X-Forwarded-For", [...viewerXff, viewer.clientIp].join(", "));
  setHeader(headers, "Via", `${viewer.httpVersion === "2.0" ? "2.0" : "1.1"} ${edge.serverId}.cloudfront.net (CloudFront)`);
  setHeader(headers, "CloudFront-Forwarded-Proto", "http");
  setHeader(headers, "CloudFront-Viewer-Address", `${viewer.clientIp}:${viewer.clientPort}`);
  setHeader(headers, "CloudFront-Viewer-Http-Version", viewer.httpVersion);
  setHeader(headers, "CloudFront-Is-Desktop-Viewer", "true");
  setHeader(headers, "CloudFront-Is-Mobile-Viewer", "false");
  setHeader(headers, "CloudFront-Is-SmartTV-Viewer", "false");
  setHeader(headers, "CloudFront-Is-Tablet-Viewer", "false");

  const request = { clientIp: viewer.clientIp, headers, method: viewer.method, querystring, uri };
  if (behavior.includeBody) {
    const truncated = viewer.body.length > MAX_EVENT_BODY_BYTES;
    const cut = truncated ? viewer.body.subarray(0, MAX_EVENT_BODY_BYTES) : viewer.body;
    request.body = { action: "read-only", data: cut.toString("base64"), encoding: "base64", inputTruncated: truncated };
  }
  request.origin = origin;
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: edge.distribution.domainName,
            distributionId: edge.distribution.id,
            eventType: "origin-request",
            requestId: edge.requestId,
          },
          request,
        },
      },
    ],
  };
}

/** An event origin object for a custom origin. */
export function customOrigin({ domainName, port, protocol, path = "", customHeaders = {} }) {
  return {
    custom: { customHeaders: toHeaderMap(customHeaders), domainName, keepaliveTimeout: 5, path, port, protocol, readTimeout: 30, sslProtocols: ["TLSv1.2"] },
  };
}

/** An event origin object for an S3 origin (no origin access identity: authMethod "none", no region). */
export function s3Origin({ domainName, path = "", customHeaders = {} }) {
  return { s3: { authMethod: "none", customHeaders: toHeaderMap(customHeaders), domainName, path } };
}

/** `{ "X-Sigv4-Service": "s3" }` → CloudFront's `{ "x-sigv4-service": [{ key, value }] }`. */
export function toHeaderMap(plain) {
  const headers = {};
  for (const [key, value] of Object.entries(plain)) setHeader(headers, key, value);
  return headers;
}
