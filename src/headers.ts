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
