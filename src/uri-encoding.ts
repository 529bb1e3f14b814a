import { EdgeError } from "./errors.ts";

/** SigV4's UriEncode: everything but the RFC 3986 unreserved characters is percent-encoded. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const LONE_PERCENT = /%(?![0-9A-Fa-f]{2})/g;

/**
 * Decodes a path segment or query component the way AWS reads it from the wire: `+` is a
 * space (S3 treats a raw `+` in a key as a space too), and a `%` that starts no escape is a
 * literal `%`. Escapes that are not UTF-8 cannot be signed: the viewer gets a 400.
 */
export function percentDecode(component: string, where: string): string {
  if (!component.includes("%") && !component.includes("+")) return component;
  try {
    return decodeURIComponent(component.replace(/\+/g, "%20").replace(LONE_PERCENT, "%25"));
  } catch (error) {
    throw new EdgeError(400, `the ${where} has percent-escapes that are not UTF-8`, { cause: error });
  }
}
