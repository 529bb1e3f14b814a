import type { CloudFrontHeaders, CloudFrontRequest } from "aws-lambda";

/** CloudFront's limit on a request's line plus headers (the body not included). */
export const MAX_REQUEST_HEAD_BYTES = 20_480;

// CloudFront's own hop in Via: `1.1 <32 hex digits>.cloudfront.net (CloudFront)`.
const VIA_HOP_BYTES = "1.1 0123456789abcdef0123456789abcdef.cloudfront.net (CloudFront)".length;
// The longest textual IP address (IPv4-mapped IPv6), when the event does not give the viewer's.
const MAX_IP_BYTES = 45;
const CRLF_BYTES = 2;

// CloudFront forwards UTF-8: values it hands the function as UTF-8 (converted from ISO-8859-1 if
// need be), and the UTF-8 encoding of every value a function changed. Counting UTF-8 bytes is
// exact for the first and an upper bound for an unchanged ISO-8859-1 value.
const utf8Bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/** `Name: value\r\n` for each entry (several entries counted as several lines: an upper bound). */
function headerLineBytes(name: string, entries: CloudFrontHeaders[string] | undefined): number {
  let bytes = 0;
  for (const entry of entries ?? []) bytes += utf8Bytes(name) + 2 + utf8Bytes(entry.value) + CRLF_BYTES;
  return bytes;
}

/**
 * Bytes of the request head CloudFront will send to the origin for this returned request, by
 * CloudFront's count (request line and headers, UTF-8), including what CloudFront adds after
 * the function ran. Never less than what goes on the wire.
 */
export function requestHeadBytes(request: CloudFrontRequest, requestId: string): number {
  const origin = request.origin?.s3 ?? request.origin?.custom;
  const customHeaders = origin?.customHeaders ?? {};
  const query = request.querystring ? `?${request.querystring}` : "";
  // The request line: CloudFront prefixes the URI with the origin path.
  let bytes = utf8Bytes(`${request.method} ${origin?.path ?? ""}${request.uri}${query} HTTP/1.1`) + CRLF_BYTES;
  for (const name in request.headers) {
    // Origin custom headers replace viewer headers of the same name.
    if (!Object.hasOwn(customHeaders, name)) bytes += headerLineBytes(name, request.headers[name]);
  }
  for (const name in customHeaders) bytes += headerLineBytes(name, customHeaders[name]);
  // Via: CloudFront adds its own hop, after any a viewer's proxies listed.
  bytes += request.headers.via ? 2 + VIA_HOP_BYTES : utf8Bytes("via: ") + VIA_HOP_BYTES + CRLF_BYTES;
  // X-Forwarded-For: CloudFront appends the viewer's address (`, 203.0.113.178`).
  const ip = request.clientIp ? utf8Bytes(request.clientIp) : MAX_IP_BYTES;
  bytes += request.headers["x-forwarded-for"] ? 2 + ip : utf8Bytes("x-forwarded-for: ") + ip + CRLF_BYTES;
  // X-Amz-Cf-Id: CloudFront adds the request id to every request to a custom origin.
  if (request.origin?.custom) bytes += utf8Bytes(`x-amz-cf-id: ${requestId}`) + CRLF_BYTES;
  // User-Agent: "Amazon CloudFront" when the viewer sent none.
  if (!request.headers["user-agent"] && !customHeaders["user-agent"]) bytes += utf8Bytes("user-agent: Amazon CloudFront") + CRLF_BYTES;
  // The empty line that ends the head.
  return bytes + CRLF_BYTES;
}
