import { percentDecode, uriEncode } from "./uri-encoding.ts";

export type QueryParameters = Record<string, string | string[]>;

export interface ParsedQuery {
  /** Decoded names and values (repeated names → arrays), as the signer wants them. */
  readonly parameters: QueryParameters;
  /** The query string to send: same parameters, same order, each in RFC 3986 form. */
  readonly querystring: string;
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
]);

/**
 * Parses CloudFront's `querystring` (no leading `?`). The string written back is rebuilt from
 * the parsed pairs so that the origin canonicalizes exactly what was signed — CloudFront
 * forwards characters such as `[` `]` unescaped, and `a` and `a=` sign the same.
 */
export function parseQuery(raw: string): ParsedQuery {
  // No prototype: a viewer's `constructor=1` or `__proto__=x` is a parameter like any other.
  const parameters: QueryParameters = Object.create(null) as QueryParameters;
  const sent: string[] = [];
  if (raw === "") return { parameters, querystring: "" };
  for (const pair of raw.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const name = percentDecode(equals === -1 ? pair : pair.slice(0, equals), "query string");
    const value = equals === -1 ? "" : percentDecode(pair.slice(equals + 1), "query string");
    if (AUTH_PARAMETERS.has(name.toLowerCase())) continue;
    const previous = parameters[name];
    if (previous === undefined) parameters[name] = value;
    else if (typeof previous === "string") parameters[name] = [previous, value];
    else previous.push(value);
    sent.push(`${uriEncode(name)}=${uriEncode(value)}`);
  }
  return { parameters, querystring: sent.join("&") };
}
