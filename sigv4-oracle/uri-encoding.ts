// Percent-encoding as AWS services read and canonicalize it (SigV4's UriEncode is RFC 3986).

/** RFC 3986: every byte but the unreserved characters `A-Z a-z 0-9 - . _ ~` as upper-case `%XX`. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Decodes a query component or an S3 path segment as AWS reads it: `+` is a space. Throws a
 * URIError when an escape is malformed (`%ZZ`, a lone `%`) or the bytes are not UTF-8.
 */
export function awsDecode(component: string): string {
  return decodeURIComponent(component.replace(/\+/g, " "));
}

/**
 * The query's pairs, decoded, in order (repeated names kept). Empty pieces (`a=1&&b=2`) are
 * skipped; a piece without a name (`=x`) is kept with the name "", as AWS and botocore do.
 */
export function queryPairs(querystring: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const piece of querystring.split("&")) {
    if (piece === "") continue;
    const equals = piece.indexOf("=");
    pairs.push(equals === -1 ? [awsDecode(piece), ""] : [awsDecode(piece.slice(0, equals)), awsDecode(piece.slice(equals + 1))]);
  }
  return pairs;
}

/** Code-unit order, which is byte order for the ASCII strings RFC 3986 encoding produces. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The canonical query line: every pair decoded, re-encoded per RFC 3986, sorted by name then value. */
export function canonicalQuery(querystring: string): string {
  return queryPairs(querystring)
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}
