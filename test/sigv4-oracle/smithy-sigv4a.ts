// Requests signed by the official JavaScript SigV4A signer (@smithy/signature-v4a: its own key
// derivation and its own pure-JS elliptic curve), as an origin receives them: the second
// implementation the oracle's SigV4A side is checked against.
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4a } from "@smithy/signature-v4a";
import { type Credentials, queryPairs, type SignedRequest } from "../../sigv4-oracle/index.ts";

export const SIGNED_AT = new Date("2026-11-22T12:34:56Z");
export const MRAP_HOST = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com";
export const WEB_FUNCTION_HOST = "k3vq7x2m9p4n6b8c.lambda-web.global.on.aws";

export interface SmithyRequest {
  readonly method: string;
  readonly host: string;
  /** The path as it goes on the wire (percent-encoded). */
  readonly path: string;
  /** The query as it goes on the wire, without "?". */
  readonly querystring?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface SmithySigning {
  readonly service: string;
  readonly regionSet: string;
  readonly credentials: Credentials;
}

/** The query map smithy takes: decoded values, arrays for repeated names. */
function queryMap(querystring: string): Record<string, string | string[]> {
  const map: Record<string, string | string[]> = {};
  for (const [name, value] of queryPairs(querystring)) {
    const previous = map[name];
    map[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return map;
}

/** Signs with @smithy/signature-v4a (S3 paths are not encoded again) and returns what goes on the wire. */
export async function smithySigned(request: SmithyRequest, signing: SmithySigning): Promise<SignedRequest> {
  const signer = new SignatureV4a({
    credentials: signing.credentials,
    region: signing.regionSet,
    service: signing.service,
    sha256: Sha256,
    uriEscapePath: signing.service !== "s3",
  });
  const querystring = request.querystring ?? "";
  const signed = (await signer.sign(
    new HttpRequest({
      method: request.method,
      hostname: request.host,
      path: request.path,
      query: queryMap(querystring),
      headers: { host: request.host, ...request.headers },
      ...(request.body === undefined ? {} : { body: request.body }),
    }),
    { signingDate: SIGNED_AT },
  )) as HttpRequest;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = String(value);
  return { method: request.method, path: request.path, querystring, headers, body: Buffer.from(request.body ?? "", "utf8") };
}
