import type { QueryPair } from "./query.ts";

/**
 * S3's response overrides (GetObject): S3 honours them only on signed requests, so a viewer's
 * `?response-content-type=text/html` signed by the function would make S3 serve an uploaded file
 * as HTML from the distribution's domain. Dropped for S3 origins unless the operator allows them
 * (`allowViewerQueryOverrides`); every other parameter (versionId, partNumber, list
 * parameters...) passes.
 */
export const S3_RESPONSE_OVERRIDES: readonly string[] = [
  "response-cache-control",
  "response-content-disposition",
  "response-content-encoding",
  "response-content-language",
  "response-content-type",
  "response-expires",
];

/** The pairs without the response overrides the operator did not allow, and the names dropped. */
export function withoutResponseOverrides(pairs: readonly QueryPair[], allowed: readonly string[]): { kept: QueryPair[]; dropped: string[] } {
  const kept: QueryPair[] = [];
  const dropped: string[] = [];
  for (const pair of pairs) {
    const name = pair[0].toLowerCase();
    if (S3_RESPONSE_OVERRIDES.includes(name) && !allowed.includes(name)) dropped.push(name);
    else kept.push(pair);
  }
  return { kept, dropped };
}
