import { percentDecode, uriEncode } from "./uri-encoding.ts";

/** One query parameter, name and value decoded. A name may repeat, and may be empty (`?=x`). */
export type QueryPair = readonly [name: string, value: string];

export interface FormattedQuery {
  /** The query string to send: the pairs in their order, each in RFC 3986 form. */
  readonly querystring: string;
  /** SigV4's canonical query of that string: the same pairs sorted by name, then by value. */
  readonly canonicalQuery: string;
}

// SigV4 query-authentication parameters: a viewer's would turn the origin request into a
// presigned one (or two auth mechanisms at once), so they never reach the origin.
const AUTH_PARAMETERS = new Set([
  "x-amz-algorithm",
  "x-amz-credential",
  "x-amz-signature",
  "x-amz-signedheaders",
  "x-amz-security-token",
  "x-amz-date",
  "x-amz-expires",
  // SigV4A's presigned form: the region set the signature covers.
  "x-amz-region-set",
]);

/**
 * Parses CloudFront's `querystring` (no leading `?`) into decoded pairs, in order, without the
 * SigV4 authentication parameters. Empty segments (`a=1&&b=2`) carry no parameter and go.
 */
export function parseQuery(raw: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (raw === "") return pairs;
  for (const segment of raw.split("&")) {
    if (segment === "") continue;
    const equals = segment.indexOf("=");
    const name = percentDecode(equals === -1 ? segment : segment.slice(0, equals), "query string");
    if (AUTH_PARAMETERS.has(name.toLowerCase())) continue;
    pairs.push([name, equals === -1 ? "" : percentDecode(segment.slice(equals + 1), "query string")]);
  }
  return pairs;
}

const byNameThenValue = (a: readonly [string, string], b: readonly [string, string]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/**
 * The query string to write back and its canonical form, both from the same encoded pairs: the
 * origin canonicalizes exactly what was signed (CloudFront forwards characters such as `[` `]`
 * unescaped, and `a` and `a=` sign the same). Built here from an array rather than handed to
 * the signer as a map: a map keyed by name turns `__proto__` into `[object Object]` in
 * @smithy/signature-v4 and clones in quadratic time. Encoded pairs are ASCII, so comparing
 * UTF-16 code units is comparing bytes, as SigV4 sorts.
 */
export function formatQuery(pairs: readonly QueryPair[]): FormattedQuery {
  const encoded = pairs.map(([name, value]): [string, string] => [uriEncode(name), uriEncode(value)]);
  const join = (list: ReadonlyArray<readonly [string, string]>) => list.map(([name, value]) => `${name}=${value}`).join("&");
  const querystring = join(encoded);
  return { querystring, canonicalQuery: join(encoded.sort(byNameThenValue)) };
}
