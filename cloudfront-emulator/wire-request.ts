// What CloudFront puts on the wire to the origin after an origin-request function returned a
// request (docs/interfaces.md, "What goes on the wire"):
// - the method; path = origin path + uri (as sent: still percent-encoded), `?querystring` when not empty;
// - the returned headers (several values of one header joined with ",", Cookie with "; "), then
//   the origin's custom headers, which replace viewer headers of the same name;
// - for custom origins `X-Amz-Cf-Id: <requestId>`;
// - `X-Forwarded-For` ending with the viewer's address (appended when the returned value does not
//   already end with it), `Via` naming the CloudFront server that talks to the origin (never the
//   event's), `User-Agent: Amazon CloudFront` when there is none, `Host` the origin's (with its
//   port when not the default) unless the function set one;
// - the FULL original body (the event holds only the first 1 MB when `inputTruncated`), or the
//   function's body when it replaced it (`action: "replace"`), with its Content-Length.
import { randomBytes } from "node:crypto";
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import { originHost, originTarget } from "./origin.ts";
import { decodeEventBody } from "./wire-body.ts";

export interface WireRequest {
  readonly protocol: "http" | "https";
  readonly hostname: string;
  readonly port: number;
  /** HTTP method, upper case as CloudFront gives it. */
  readonly method: string;
  /** `origin.path + uri`: the path exactly as sent. */
  readonly path: string;
  /** The raw query string as sent, without the "?"; "" when none. */
  readonly querystring: string;
  /** The request target of the request line: path plus `?querystring` when not empty. */
  readonly target: string;
  /** Header name (lower case) → value as sent. */
  readonly headers: Readonly<Record<string, string>>;
  /** Header name (lower case) → the name as written on the wire (`X-Amz-Cf-Id`). */
  readonly headerNames: Readonly<Record<string, string>>;
  /** The body bytes the origin receives. */
  readonly body: Buffer;
  readonly originKind: "s3" | "custom";
}

export interface WireOptions {
  /**
   * The whole viewer body. Required when the event's body is truncated (`inputTruncated`) and
   * when the trigger does not include the body: the origin receives all of it.
   */
  readonly fullBody?: Buffer;
  /** The 32 hex digits of the CloudFront server in Via (random by default; never the event's). */
  readonly viaId?: string;
}

const VIA_ID = /^[0-9a-f]{32}$/;

function joinValues(name: string, entries: CloudFrontHeaders[string]): string {
  // Several Cookie entries travel as one Cookie header separated by "; " (RFC 6265); every other
  // header is a comma-separated list (RFC 9110, section 5.3).
  return entries.map((entry) => entry.value).join(name === "cookie" ? "; " : ",");
}

function viaFor(id: string): string {
  return `1.1 ${id}.cloudfront.net (CloudFront)`;
}

/**
 * The request on the wire. `event` is the event the function was given (a copy taken *before*
 * the call: a function may change the request in place); `result` the request it returned.
 */
export function buildWireRequest(event: CloudFrontRequestEvent, result: CloudFrontRequest, options: WireOptions = {}): WireRequest {
  const record = event.Records[0];
  if (!record) throw new Error("wire request: the event has no record");
  const { config, request: original } = record.cf;
  const origin = result.origin ?? original.origin;
  if (!origin) throw new Error("wire request: no origin in the returned request nor in the event");
  const target = originTarget(origin);

  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  const headerNames: Record<string, string> = Object.create(null) as Record<string, string>;
  const put = (key: string, value: string): void => {
    headers[key.toLowerCase()] = value;
    headerNames[key.toLowerCase()] = key;
  };
  const returned = result.headers ?? {};
  for (const [name, entries] of Object.entries(returned)) {
    if (!Array.isArray(entries) || entries.length === 0 || name === "transfer-encoding" || name === "content-length") continue;
    put(entries[0]?.key ?? name, joinValues(name.toLowerCase(), entries));
  }
  for (const [name, entries] of Object.entries(target.customHeaders)) {
    if (Array.isArray(entries) && entries.length > 0) put(entries[0]?.key ?? name, joinValues(name.toLowerCase(), entries));
  }
  if (target.kind === "custom") put("X-Amz-Cf-Id", config.requestId);

  const xff = headers["x-forwarded-for"]?.trim();
  const last = xff?.split(",").pop()?.trim();
  put(headerNames["x-forwarded-for"] ?? "X-Forwarded-For", !xff ? original.clientIp : last === original.clientIp ? xff : `${xff}, ${original.clientIp}`);

  let viaId = options.viaId ?? randomBytes(16).toString("hex");
  if (!VIA_ID.test(viaId)) throw new Error("wire request: viaId must be 32 lower-case hex digits");
  const eventVia = original.headers?.via?.map((e) => e.value).join(",");
  while (viaFor(viaId) === eventVia || viaFor(viaId) === headers.via) viaId = randomBytes(16).toString("hex");
  put(headerNames.via ?? "Via", viaFor(viaId));
  if (headers["user-agent"] === undefined) put("User-Agent", "Amazon CloudFront");
  if (headers.host === undefined) put("Host", originHost(origin));

  let body: Buffer;
  if (result.body?.action === "replace") body = decodeEventBody(result.body);
  else if (options.fullBody) body = options.fullBody;
  else if (original.body?.inputTruncated)
    throw new Error("wire request: the event body is truncated; pass options.fullBody (the origin receives the whole body)");
  else body = original.body ? decodeEventBody(original.body) : Buffer.alloc(0);
  if (body.length > 0 || returned["content-length"] !== undefined || returned["transfer-encoding"] !== undefined) {
    put(returned["content-length"]?.[0]?.key ?? "Content-Length", String(body.length));
  }

  const path = target.path + result.uri;
  const querystring = result.querystring ?? "";
  return {
    protocol: target.protocol,
    hostname: target.domainName,
    port: target.port,
    method: result.method,
    path,
    querystring,
    target: querystring === "" ? path : `${path}?${querystring}`,
    headers,
    headerNames,
    body,
    originKind: target.kind,
  };
}
