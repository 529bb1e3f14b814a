// What the edge sends back to the viewer: CloudFront's own pages, a response the function
// generated, or the origin's answer streamed through, each with CloudFront's headers.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { CloudFrontResultResponse } from "aws-lambda";
import { errorPage } from "../cloudfront-emulator/index.ts";

const POP = "LCL1-P1";
const MAX_CAPTURED_ERROR_BODY = 64 * 1024;
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade", "trailer", "te"]);

/** The headers CloudFront adds to every answer it sends. */
export function edgeHeaders(serverId: string, requestId: string, xCache: string): Record<string, string> {
  return { Server: "CloudFront", Via: `1.1 ${serverId}.cloudfront.net (CloudFront)`, "X-Cache": xCache, "X-Amz-Cf-Pop": POP, "X-Amz-Cf-Id": requestId };
}

/** CloudFront's error page; returns the bytes of the body. */
export function sendPage(res: ServerResponse, headers: Record<string, string>, status: number, message: string): number {
  const requestId = headers["X-Amz-Cf-Id"] ?? "";
  const body = Buffer.from(errorPage(status, message, requestId), "latin1");
  res.writeHead(status, { ...headers, "Content-Type": "text/html", "Content-Length": body.length, Date: new Date().toUTCString() });
  res.end(res.req.method === "HEAD" ? undefined : body);
  return body.length;
}

/** An answer with a given status, headers and body (a generated response, a viewer-access refusal). */
export function sendAnswer(res: ServerResponse, status: number, description: string | undefined, headers: OutgoingHttpHeaders, payload: Buffer): number {
  const all = { ...headers, "Content-Length": payload.length };
  if (description !== undefined && /^[\t\x20-\x7e]*$/.test(description)) res.writeHead(status, description, all);
  else res.writeHead(status, all);
  res.end(res.req.method === "HEAD" ? undefined : payload);
  return payload.length;
}

/** The response object a function returned, as CloudFront sends it. */
export function sendGenerated(res: ServerResponse, edge: Record<string, string>, response: CloudFrontResultResponse): number {
  const payload = Buffer.from(response.body ?? "", response.bodyEncoding === "base64" ? "base64" : "utf8");
  const headers: OutgoingHttpHeaders = { ...edge };
  for (const [name, entries] of Object.entries(response.headers ?? {})) {
    const first = entries[0];
    if (!first) continue;
    headers[first.key ?? name] = entries.length === 1 ? first.value : entries.map((entry) => entry.value);
  }
  return sendAnswer(res, Number(response.status), response.statusDescription, headers, payload);
}

/**
 * Streams the origin's answer to the viewer with CloudFront's headers (the origin's Server is
 * kept, its Via extended). Resolves with the bytes sent and, for an error answer, its first 64 KB.
 */
export async function relayOriginAnswer(
  res: ServerResponse,
  edge: Record<string, string>,
  upstream: IncomingMessage,
): Promise<{ bytes: number; errorBody: string }> {
  const headers: Record<string, string | string[]> = {};
  const names = new Map<string, string>();
  for (let i = 0; i + 1 < upstream.rawHeaders.length; i += 2) {
    const key = upstream.rawHeaders[i] ?? "";
    const value = upstream.rawHeaders[i + 1] ?? "";
    const name = key.toLowerCase();
    if (HOP_BY_HOP.has(name) || name === "via") continue;
    const existing = names.get(name);
    if (existing !== undefined) headers[existing] = [headers[existing] ?? []].flat().concat(value);
    else {
      names.set(name, key);
      headers[key] = value;
    }
  }
  const { Server: _server, ...added } = edge;
  Object.assign(headers, added);
  const upstreamVia = upstream.headers.via;
  if (upstreamVia) headers.Via = `${upstreamVia}, ${added.Via ?? ""}`;
  res.writeHead(upstream.statusCode ?? 502, headers);
  const refused = (upstream.statusCode ?? 0) >= 400;
  const captured: Buffer[] = [];
  let bytes = 0;
  let capturedBytes = 0;
  upstream.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
    if (refused && capturedBytes < MAX_CAPTURED_ERROR_BODY) {
      captured.push(chunk);
      capturedBytes += chunk.length;
    }
  });
  await new Promise<void>((resolve) => {
    upstream.pipe(res);
    upstream.on("end", resolve);
    upstream.on("error", () => resolve());
    res.on("close", () => {
      // The viewer went away: stop reading from the origin.
      if (!upstream.complete) upstream.destroy();
      resolve();
    });
  });
  return { bytes, errorBody: Buffer.concat(captured).toString("utf8") };
}
