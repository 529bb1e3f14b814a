// A second, independent opinion on a signed wire request: the aws4 package computes the
// signature from what goes on the wire (method, path, query, the signed headers' values), and it
// must equal the one in Authorization. Used only where aws4 models the request as AWS does (see
// aws4Models); elsewhere the SigV4 oracle alone judges.
import aws4 from "aws4";
import type { WireRequest } from "../../cloudfront-emulator/index.ts";
import { SECRETS } from "./known-origins.ts";

// aws4 re-encodes the whole path when it holds a character outside this set (and then differs).
const AWS4_PATH_CHARACTERS = /^[0-9A-Za-z;,/?:@&=+$\-_.!~*'()#%]*$/;

function decodes(component: string): boolean {
  try {
    decodeURIComponent(component);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether aws4 canonicalizes this wire request as AWS does. It does not when: a query piece has
 * no name (aws4 drops it), a name is `__proto__` (aws4 collects the query in a plain object), S3
 * gets a repeated name (aws4 signs only its first value) or a `+` in the path (aws4 reads a space),
 * the target holds characters aws4 re-encodes first, the query has over 1,000 pieces, or the service
 * is S3 Object Lambda.
 */
export function aws4Models(wire: WireRequest, service: string): boolean {
  // aws4 gives S3's path rules to "s3" alone; S3 Object Lambda (signed by the S3 client) has them too.
  if (service === "s3-object-lambda" || !AWS4_PATH_CHARACTERS.test(wire.target)) return false;
  const names = wire.querystring === "" ? [] : wire.querystring.split("&").map((piece) => piece.split("=")[0] ?? "");
  // aws4 parses the query with Node's querystring, which stops at 1,000 pieces.
  if (names.length > 1_000) return false;
  if (names.some((name) => name === "" || !decodes(name) || decodeURIComponent(name) === "__proto__")) return false;
  if (service === "s3" && (new Set(names).size !== names.length || wire.path.includes("+") || !wire.path.split("/").every(decodes))) return false;
  return true;
}

/** The signature aws4 computes for the wire request, from the Authorization's own SignedHeaders and X-Amz-Date. */
export function aws4Signature(wire: WireRequest, service: string, region: string): string {
  const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(wire.headers.authorization ?? "")?.[1]?.split(";") ?? [];
  const headers: Record<string, string> = {};
  const include: Record<string, boolean> = {};
  for (const name of signedHeaders) {
    headers[name] = wire.headers[name] ?? "";
    include[name] = true;
  }
  const request = {
    host: wire.headers.host,
    method: wire.method,
    path: wire.target,
    service,
    region,
    headers,
    body: wire.body,
    doNotModifyHeaders: true,
    // aws4 skips a few headers (range, user-agent, ...) unless told to include them.
    extraHeadersToInclude: include,
  };
  const signer = new aws4.RequestSigner(request, {
    accessKeyId: SECRETS.accessKeyId,
    secretAccessKey: SECRETS.secretAccessKey,
    sessionToken: SECRETS.sessionToken,
  });
  signer.datetime = wire.headers["x-amz-date"] ?? "";
  return signer.signature();
}
