// CloudFront's header rules for origin-request functions (developer guide, "Restrictions on
// edge functions"), and the headers CloudFront itself sets on the wire after the function ran.

/** Headers an origin-request function must not add, change or delete (CloudFront answers 502). */
export const READ_ONLY_HEADERS: readonly string[] = [
  "accept-encoding",
  "content-length",
  "if-modified-since",
  "if-none-match",
  "if-range",
  "if-unmodified-since",
  "transfer-encoding",
  "via",
];

/** Headers a function must never add (CloudFront answers 502); lower case, a trailing `*` is a prefix. */
export const DISALLOWED_HEADERS: readonly string[] = [
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

/** Hop-by-hop headers of the viewer's connection: CloudFront does not pass them on. */
export const VIEWER_HOP_BY_HOP: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "upgrade",
  "expect",
  "http2-settings",
]);

export function isDisallowedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return DISALLOWED_HEADERS.some((entry) => (entry.endsWith("*") ? lower.startsWith(entry.slice(0, -1)) : lower === entry));
}

export function isReadOnlyHeader(name: string): boolean {
  return READ_ONLY_HEADERS.includes(name.toLowerCase());
}

/**
 * Headers CloudFront writes on the wire after the function returned, so a signature over them
 * breaks: `Via` (rewritten by the server that talks to the origin), `X-Forwarded-For` (ends with
 * the viewer's address) and, towards custom origins, `X-Amz-Cf-Id` (the request id; sign it,
 * never write it: S3 refuses unsigned x-amz-* headers).
 */
export function headersSetAfterFunction(originKind: "s3" | "custom"): readonly string[] {
  return originKind === "custom" ? ["via", "x-forwarded-for", "x-amz-cf-id"] : ["via", "x-forwarded-for"];
}
