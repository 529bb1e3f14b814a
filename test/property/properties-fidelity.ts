// A signed request is still the viewer's request: signing may add the signature and drop what
// must not reach an AWS origin, and nothing else. (Without this, a function that dropped the
// query, a header or the body would pass every other property.)
import type { CloudFrontRequest } from "aws-lambda";
import type { WireRequest } from "../../cloudfront-emulator/index.ts";
import { eventRequest, functionAuthorization, returnedRequest, wireOf } from "./observation.ts";
import type { Property } from "./properties-edge.ts";

/** SigV4's query-authentication parameters: a viewer's would make the request a presigned one. */
const QUERY_AUTH_PARAMETERS = new Set([
  "x-amz-algorithm",
  "x-amz-credential",
  "x-amz-date",
  "x-amz-expires",
  "x-amz-signedheaders",
  "x-amz-signature",
  "x-amz-security-token",
]);

/** A component as AWS reads it: `+` is a space, a `%` that starts no escape is a `%`. */
function decode(component: string): string {
  return decodeURIComponent(component.replace(/\+/g, "%20").replace(/%(?![0-9A-Fa-f]{2})/g, "%25"));
}

function pairs(querystring: string): Array<readonly [string, string]> {
  return querystring
    .split("&")
    .filter((piece) => piece !== "")
    .map((piece) => {
      const equals = piece.indexOf("=");
      return equals === -1 ? [decode(piece), ""] : [decode(piece.slice(0, equals)), decode(piece.slice(equals + 1))];
    });
}

/** Headers the signature may replace or remove: the credentials' and the configuration's, and every viewer x-amz-* (allowed only by configuration). */
function signingMayChange(name: string): boolean {
  return name === "host" || name === "authorization" || name.startsWith("x-sigv4-") || name.startsWith("x-amz-");
}

const sameList = (a: ReadonlyArray<readonly [string, string]>, b: ReadonlyArray<readonly [string, string]>): boolean =>
  a.length === b.length && a.every(([n, v], i) => b[i]?.[0] === n && b[i]?.[1] === v);

export const VIEWER_REQUEST_KEPT: Property = {
  name: "8. a signed request is still the viewer's: same path, query parameters, headers and body, less only what must not reach AWS",
  check: (o) => {
    const original = eventRequest(o.event);
    const request = returnedRequest(o);
    if (o.known?.expect.kind !== "signed" || !original || !request || !functionAuthorization(request)) return undefined;
    const s3 = o.known.expect.service === "s3" || o.known.expect.service === "s3-object-lambda";
    let signed: WireRequest;
    let unsigned: WireRequest;
    try {
      signed = wireOf(o, request);
      // What CloudFront would have sent had the function returned the request untouched.
      unsigned = wireOf(o, structuredClone(original) as CloudFrontRequest);
    } catch {
      return undefined; // property 3 reports a signed request that cannot go on the wire
    }
    try {
      return difference(signed, unsigned, s3);
    } catch (error) {
      return `the request sent cannot be read as AWS reads it: ${error instanceof Error ? error.message : String(error)}`;
    }
  },
};

function difference(signed: WireRequest, unsigned: WireRequest, s3: boolean): string | undefined {
  const sentPath = s3 ? signed.path.split("/").map(decode).join("/") : signed.path;
  const askedPath = s3 ? unsigned.path.split("/").map(decode).join("/") : unsigned.path;
  if (sentPath !== askedPath) return `the path sent is ${signed.path}, the viewer asked for ${unsigned.path}`;

  const kept = pairs(unsigned.querystring).filter(([name]) => !QUERY_AUTH_PARAMETERS.has(name.toLowerCase()) && !(s3 && /^response-/i.test(name)));
  if (!sameList(pairs(signed.querystring), kept)) return `the query sent is "${signed.querystring}", the viewer's was "${unsigned.querystring}"`;

  const changed = Object.keys(unsigned.headers).filter((name) => !signingMayChange(name) && name !== "via" && signed.headers[name] !== unsigned.headers[name]);
  if (changed.length > 0) return `viewer headers changed or lost: ${changed.join(", ")}`;
  if (!signed.body.equals(unsigned.body)) return `the body sent (${signed.body.length} bytes) is not the viewer's (${unsigned.body.length} bytes)`;
  return undefined;
}
