/**
 * Rebuild the HTTP request CloudFront puts on the wire to the origin *after* an origin-request
 * function returned, from the original event and the request object the function returned.
 *
 * This is part of the independent oracle: it knows nothing about `src/`. It follows the contract in
 * docs/interfaces.md ("What goes on the wire") and the field notes:
 * - method; path = origin.path + uri (as sent: still percent-encoded), `?querystring` when not empty;
 * - the returned headers (several values of one header joined with ","), then the origin's custom
 *   headers (they overwrite viewer headers of the same name);
 * - for custom origins `x-amz-cf-id: <config.requestId>`;
 * - `x-forwarded-for` with the viewer IP appended, `via` rewritten, `user-agent: Amazon CloudFront`
 *   when none. CloudFront does this towards every origin kind; applying it to S3 origins too can
 *   only make the oracle stricter (a signer must never sign Via or X-Forwarded-For anyway);
 * - Host: the origin's domain, with `:port` for a custom origin on a non-default port;
 * - the FULL original body (the event only holds the first 1 MB when `inputTruncated`), or the
 *   function's body when it replaced it (`action: "replace"`).
 */
import { randomBytes } from "node:crypto";
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";

export interface WireRequest {
  /** HTTP method, upper case as CloudFront gives it. */
  method: string;
  /** `origin.path + uri`: the path exactly as sent (percent-encoded as on the wire). */
  path: string;
  /** The raw query string as sent, without the leading "?"; "" when none. */
  querystring: string;
  /** Request target of the request line: path plus `?querystring` when not empty. */
  target: string;
  /** Header name (lower case) → value as sent. */
  headers: Record<string, string>;
  /** The body bytes the origin receives. */
  body: Buffer;
  /** The origin kind of the returned request. */
  originKind: "s3" | "custom";
}

export interface RebuildOptions {
  /**
   * The full original body. Required when the event's body is truncated (`inputTruncated`): the
   * origin receives all of it while the event only carries the first 1 MB.
   */
  fullBody?: Buffer;
  /** The 32-hex-digit id CloudFront writes into the rewritten Via (random by default). */
  viaId?: string;
}

/** Headers CloudFront handles itself; the rebuild recomputes or rewrites these. */
const VIA_RE = /^[0-9a-f]{32}$/;

type OriginSettings = NonNullable<CloudFrontRequest["origin"]>;

function originParts(origin: OriginSettings): {
  kind: "s3" | "custom";
  domainName: string;
  path: string;
  customHeaders: CloudFrontHeaders;
  port?: number;
  protocol?: "http" | "https";
} {
  if (origin.s3) {
    return { kind: "s3", domainName: origin.s3.domainName, path: origin.s3.path ?? "", customHeaders: origin.s3.customHeaders ?? {} };
  }
  if (origin.custom) {
    return {
      kind: "custom",
      domainName: origin.custom.domainName,
      path: origin.custom.path ?? "",
      customHeaders: origin.custom.customHeaders ?? {},
      port: origin.custom.port,
      protocol: origin.custom.protocol,
    };
  }
  throw new Error("wire rebuild: the request has neither an s3 nor a custom origin");
}

/**
 * The Host CloudFront sends to an origin: its domain name, plus `:port` for a custom origin on a
 * port that is not the default one for its protocol.
 */
export function originHost(origin: OriginSettings): string {
  const o = originParts(origin);
  if (o.kind === "custom" && o.port !== undefined) {
    const defaultPort = o.protocol === "http" ? 80 : 443;
    if (o.port !== defaultPort) return `${o.domainName}:${o.port}`;
  }
  return o.domainName;
}

/** Strict RFC 4648 base64 (what CloudFront produces); Node's decoder silently skips junk. */
export function decodeBase64Strict(data: string): Buffer {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(data)) {
    throw new Error("wire rebuild: body data is not valid base64");
  }
  return Buffer.from(data, "base64");
}

function decodeEventBody(body: NonNullable<CloudFrontRequest["body"]>): Buffer {
  if (body.encoding === "base64") return decodeBase64Strict(body.data);
  if (body.encoding === "text") return Buffer.from(body.data, "utf8");
  throw new Error(`wire rebuild: unknown body encoding ${String(body.encoding)}`);
}

function joinValues(name: string, entries: CloudFrontHeaders[string]): string {
  const values = entries.map((e) => e.value);
  // Several Cookie entries travel as one Cookie header separated by "; " (RFC 6265); every other
  // header is a comma-separated list (RFC 9110 §5.3).
  return values.join(name === "cookie" ? "; " : ",");
}

/**
 * Rebuild the wire request. `event` is the event the function was given (pass a copy taken
 * *before* the call: the function may modify the request in place); `result` is the request the
 * function returned.
 */
export function rebuildWireRequest(event: CloudFrontRequestEvent, result: CloudFrontRequest, opts: RebuildOptions = {}): WireRequest {
  const record = event.Records[0];
  if (!record) throw new Error("wire rebuild: the event has no record");
  const { config, request: original } = record.cf;
  const origin = result.origin ?? original.origin;
  if (!origin) throw new Error("wire rebuild: no origin in the returned request nor in the event");
  const o = originParts(origin);

  const headers: Record<string, string> = {};
  for (const [name, entries] of Object.entries(result.headers ?? {})) {
    if (!Array.isArray(entries) || entries.length === 0) continue;
    headers[name.toLowerCase()] = joinValues(name.toLowerCase(), entries);
  }
  for (const [name, entries] of Object.entries(o.customHeaders)) {
    if (!Array.isArray(entries) || entries.length === 0) continue;
    headers[name.toLowerCase()] = joinValues(name.toLowerCase(), entries);
  }

  if (o.kind === "custom") headers["x-amz-cf-id"] = config.requestId;

  const xff = headers["x-forwarded-for"];
  headers["x-forwarded-for"] = xff !== undefined && xff.trim() !== "" ? `${xff}, ${original.clientIp}` : original.clientIp;

  let viaId = opts.viaId ?? randomBytes(16).toString("hex");
  if (!VIA_RE.test(viaId)) throw new Error("wire rebuild: viaId must be 32 lower-case hex digits");
  let via = `1.1 ${viaId}.cloudfront.net (CloudFront)`;
  const eventVia = original.headers?.via?.map((e) => e.value).join(",");
  while (via === eventVia || via === headers.via) {
    viaId = randomBytes(16).toString("hex");
    via = `1.1 ${viaId}.cloudfront.net (CloudFront)`;
  }
  headers.via = via;

  if (headers["user-agent"] === undefined) headers["user-agent"] = "Amazon CloudFront";

  headers.host = originHost(origin);

  let body: Buffer;
  if (result.body && result.body.action === "replace") {
    body = decodeEventBody(result.body);
  } else if (opts.fullBody) {
    body = opts.fullBody;
  } else if (original.body) {
    if (original.body.inputTruncated) {
      throw new Error("wire rebuild: the event body is truncated; pass opts.fullBody (the origin receives the whole body)");
    }
    body = decodeEventBody(original.body);
  } else {
    body = Buffer.alloc(0);
  }
  if (body.length > 0 || headers["content-length"] !== undefined) headers["content-length"] = String(body.length);

  const path = o.path + result.uri;
  const querystring = result.querystring ?? "";
  return {
    method: result.method,
    path,
    querystring,
    target: querystring === "" ? path : `${path}?${querystring}`,
    headers,
    body,
    originKind: o.kind,
  };
}
