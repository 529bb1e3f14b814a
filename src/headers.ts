import type { CloudFrontHeaders } from "aws-lambda";

/** A header's values joined as the origin sees them (several entries are several values). */
export function headerValue(headers: CloudFrontHeaders | undefined, name: string): string | undefined {
  const entries = headers?.[name];
  if (!entries || entries.length === 0) return undefined;
  return entries.length === 1 ? entries[0]?.value : entries.map((entry) => entry.value).join(",");
}

export function setHeader(headers: CloudFrontHeaders, key: string, value: string): void {
  headers[key.toLowerCase()] = [{ key, value }];
}

/** CloudFront's limit on the request line plus headers (the body not included). */
export const MAX_REQUEST_HEAD_BYTES = 20_480;

/** Bytes of `METHOD uri?query` plus every `Name: value` header line, as CloudFront counts them. */
export function requestHeadBytes(method: string, uri: string, querystring: string, ...headerMaps: Array<CloudFrontHeaders | undefined>): number {
  let bytes = method.length + uri.length + (querystring ? querystring.length + 1 : 0);
  for (const headers of headerMaps) {
    for (const name in headers) {
      for (const entry of headers[name] ?? []) bytes += name.length + entry.value.length + 4;
    }
  }
  return bytes;
}
