// Where a viewer's signature travels: the query string of a signed URL, or the CloudFront-* cookies.
import type { CloudFrontHeaders } from "aws-lambda";

/** The query string parameters of a signed URL; CloudFront removes them before it forwards. */
export const SIGNED_URL_PARAMETERS: readonly string[] = ["Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"];

/** The signing values of one request, as the viewer sent them (percent-decoded, not base64-decoded). */
export interface SigningCredentials {
  readonly source: "url" | "cookies";
  readonly keyPairId: string | undefined;
  readonly signature: string | undefined;
  readonly expires: string | undefined;
  readonly policy: string | undefined;
  readonly hashAlgorithm: string | undefined;
}

interface Pair {
  readonly name: string;
  readonly value: string;
  readonly raw: string;
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function queryPairs(querystring: string): Pair[] {
  return querystring
    .split("&")
    .filter((raw) => raw !== "")
    .map((raw) => {
      const equals = raw.indexOf("=");
      const name = equals < 0 ? raw : raw.slice(0, equals);
      return { name, value: percentDecoded(equals < 0 ? "" : raw.slice(equals + 1)), raw };
    });
}

function cookiePairs(headers: CloudFrontHeaders): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const { value } of headers.cookie ?? []) {
    for (const part of value.split(";")) {
      const equals = part.indexOf("=");
      if (equals < 0) continue;
      const name = part.slice(0, equals).trim();
      let cookie = part.slice(equals + 1).trim();
      if (cookie.length >= 2 && cookie.startsWith('"') && cookie.endsWith('"')) cookie = cookie.slice(1, -1);
      // The first of two cookies with one name is the one kept (RFC 6265 orders the longer path first).
      if (!cookies.has(name)) cookies.set(name, cookie);
    }
  }
  return cookies;
}

const SIGNING_COOKIES = ["CloudFront-Key-Pair-Id", "CloudFront-Signature", "CloudFront-Policy", "CloudFront-Expires"];

/**
 * The signing values of the request, or undefined when it carries none. A URL that has any of the
 * signed-URL parameters is a signed URL and the cookies are not looked at (developer guide, "Decide
 * to use signed URLs or signed cookies": CloudFront "won't look at signed cookies").
 */
export function signingCredentials(querystring: string, headers: CloudFrontHeaders): SigningCredentials | undefined {
  const query = new Map<string, string>();
  for (const { name, value } of queryPairs(querystring)) if (!query.has(name)) query.set(name, value);
  if (SIGNED_URL_PARAMETERS.some((name) => query.has(name))) {
    return {
      source: "url",
      keyPairId: query.get("Key-Pair-Id"),
      signature: query.get("Signature"),
      expires: query.get("Expires"),
      policy: query.get("Policy"),
      hashAlgorithm: query.get("Hash-Algorithm"),
    };
  }
  const cookies = cookiePairs(headers);
  if (!SIGNING_COOKIES.some((name) => cookies.has(name))) return undefined;
  return {
    source: "cookies",
    keyPairId: cookies.get("CloudFront-Key-Pair-Id"),
    signature: cookies.get("CloudFront-Signature"),
    expires: cookies.get("CloudFront-Expires"),
    policy: cookies.get("CloudFront-Policy"),
    hashAlgorithm: cookies.get("CloudFront-Hash-Algorithm"),
  };
}

/** The raw query string without the signed-URL parameters, the others unchanged and in order. */
export function withoutSigningParameters(querystring: string): string {
  return queryPairs(querystring)
    .filter(({ name }) => !SIGNED_URL_PARAMETERS.includes(name))
    .map(({ raw }) => raw)
    .join("&");
}
