// The canonical request a service computes from what it received (SigV4 and SigV4A share it).
// Written from the SigV4 specification and pinned by the official test vectors: none of the
// function's code (src/) and no other signer is involved.
import { createHash } from "node:crypto";
import { awsDecode, canonicalQuery, uriEncode } from "./uri-encoding.ts";

/**
 * How a service canonicalizes the path:
 * - `s3` (S3, S3 Object Lambda): each segment decoded (`+` is a space) and encoded once per
 *   RFC 3986, an encoded slash read as `/`; no `.`/`..`/`//` normalization. A path already in
 *   canonical form (only unreserved characters and upper-case `%XX`) stays exactly as sent.
 *   Evidence that S3 decodes and re-encodes rather than taking the raw bytes: aws-sdk-js#853,
 *   boto#2849 (`/%7E` is canonicalized as `/~`), ceph#10919 and http4k#1280 (a raw `+` is a space).
 * - `standard` (every other service): RFC 3986 dot segments and empty segments removed, then
 *   each segment of the path as sent encoded once more (`%20` becomes `%2520`).
 */
export type PathRules = "s3" | "standard";

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The canonical URI line. Throws a URIError when S3 rules meet an escape that is not UTF-8. */
export function canonicalUri(path: string, rules: PathRules): string {
  if (path === "" || path === "/") return "/";
  if (rules === "s3") {
    const encoded = path
      .split("/")
      .map((segment) => uriEncode(awsDecode(segment)))
      .join("/");
    return (encoded.startsWith("/") ? encoded : `/${encoded}`).replace(/%2F/g, "/");
  }
  const segments: string[] = [];
  for (const segment of path.replace(/\/{2,}/g, "/").split("/")) {
    if (segment === "..") segments.pop();
    else if (segment !== ".") segments.push(uriEncode(segment));
  }
  const joined = segments.join("/");
  return joined.startsWith("/") ? joined : `/${joined}`;
}

/** `name:value` with the value trimmed and inner whitespace runs folded to one space. */
export function canonicalHeaderLine(name: string, value: string): string {
  return `${name}:${value.trim().replace(/\s+/g, " ")}`;
}

export interface CanonicalRequestParts {
  readonly method: string;
  readonly path: string;
  readonly querystring: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The SignedHeaders list of the Authorization header, as given. */
  readonly signedHeaders: readonly string[];
  /** The payload line: a hex SHA-256, or what x-amz-content-sha256 says for S3. */
  readonly payloadHash: string;
  readonly pathRules: PathRules;
}

/** The canonical request. Throws a URIError when the path or query cannot be decoded. */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  const headerLines = parts.signedHeaders.map((name) => `${canonicalHeaderLine(name, parts.headers[name] ?? "")}\n`).join("");
  return [
    parts.method,
    canonicalUri(parts.path, parts.pathRules),
    canonicalQuery(parts.querystring),
    headerLines,
    parts.signedHeaders.join(";"),
    parts.payloadHash,
  ].join("\n");
}

/** The string to sign: algorithm, request time, credential scope, hash of the canonical request. */
export function stringToSign(algorithm: string, amzDate: string, credentialScope: string, canonical: string): string {
  return [algorithm, amzDate, credentialScope, sha256Hex(canonical)].join("\n");
}

/** The canonical request with the session token's value masked, for error bodies and logs. */
export function redactCanonicalRequest(canonical: string): string {
  return canonical.replace(/^x-amz-security-token:.*$/m, "x-amz-security-token:<redacted>");
}
