// What CloudFront puts on the wire after an origin-request function returned a request
// (docs/interfaces.md, "What goes on the wire"), and the round trip to the origin.
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { originHost } from "./event.mjs";

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

function joined(name, entries) {
  // Several Cookie entries travel as one header separated by "; ", other headers by ",".
  return entries.map((entry) => entry.value).join(name === "cookie" ? "; " : ",");
}

function decodeBody(body) {
  return body.encoding === "base64" ? Buffer.from(body.data, "base64") : Buffer.from(body.data, "utf8");
}

/**
 * @param request the validated request the function returned
 * @param context { requestId, clientIp, fullBody (the whole viewer body), serverId (Via id of the server that talks to the origin) }
 * @returns { protocol, hostname, port, method, target, headers: Map<lower name, { key, value }>, body }
 */
export function buildWireRequest(request, context) {
  const { origin } = request;
  const target = origin.custom ?? origin.s3;
  const headers = new Map();
  const put = (key, value) => headers.set(key.toLowerCase(), { key, value });
  for (const [name, entries] of Object.entries(request.headers)) {
    if (entries.length === 0 || name === "transfer-encoding" || name === "content-length") continue;
    put(entries[0].key ?? name, joined(name, entries));
  }
  // The origin's custom headers replace viewer headers of the same name.
  for (const [name, entries] of Object.entries(target.customHeaders ?? {})) {
    if (entries.length > 0) put(entries[0].key ?? name, joined(name, entries));
  }
  if (origin.custom) put("X-Amz-Cf-Id", context.requestId);
  // The event's X-Forwarded-For already ends with the viewer's address; CloudFront appends it when it does not.
  const xff = headers.get("x-forwarded-for")?.value.trim();
  const last = xff?.split(",").pop()?.trim();
  put("X-Forwarded-For", !xff ? context.clientIp : last === context.clientIp ? xff : `${xff}, ${context.clientIp}`);
  put("Via", `1.1 ${context.serverId}.cloudfront.net (CloudFront)`);
  if (!headers.has("user-agent")) put("User-Agent", "Amazon CloudFront");
  if (!headers.has("host")) put("Host", originHost(origin));

  const body = request.body?.action === "replace" ? decodeBody(request.body) : context.fullBody;
  const hadLength = request.headers["content-length"] !== undefined || request.headers["transfer-encoding"] !== undefined;
  if (body.length > 0 || hadLength) put("Content-Length", String(body.length));

  const protocol = origin.custom ? origin.custom.protocol : "https";
  const port = origin.custom ? Number(origin.custom.port) : 443;
  const path = (target.path ?? "") + request.uri;
  return {
    protocol,
    hostname: target.domainName,
    port,
    method: request.method,
    target: request.querystring ? `${path}?${request.querystring}` : path,
    headers,
    body,
  };
}

/**
 * Sends the wire request. Resolves with the origin's response (a readable stream), or rejects with
 * an error whose `kind` is "connect" (no connection) or "timeout" (no answer within readTimeoutMs).
 */
export function sendToOrigin(wire, { readTimeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {};
    for (const { key, value } of wire.headers.values()) headers[key] = value;
    const send = wire.protocol === "https" ? httpsRequest : httpRequest;
    let connected = false;
    const req = send({
      host: wire.hostname,
      port: wire.port,
      method: wire.method,
      path: wire.target,
      headers,
      agent: agents[wire.protocol],
      servername: wire.protocol === "https" ? wire.hostname : undefined,
      setHost: false,
    });
    req.setTimeout(readTimeoutMs, () => {
      const error = new Error(`the origin did not answer within ${readTimeoutMs / 1000} s`);
      error.kind = "timeout";
      req.destroy(error);
    });
    req.on("socket", (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once("connect", () => (connected = true));
    });
    req.on("response", resolve);
    req.on("error", (error) => {
      error.kind ??= connected ? "timeout" : "connect";
      reject(error);
    });
    req.end(wire.body.length > 0 ? wire.body : undefined);
  });
}
