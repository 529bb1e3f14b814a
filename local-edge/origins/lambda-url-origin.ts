// A Lambda-function-URL-style origin on loopback with IAM auth: SigV4 checked from the wire
// (service "lambda": the path normalized and encoded once more, the payload hashed from the body
// received, UNSIGNED-PAYLOAD and raw brackets refused), any failure answered as function URLs
// do, `403 {"Message":"Forbidden"}`. Its function echoes what it received as JSON.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { queryPairs, sha256Hex } from "../../sigv4-oracle/index.ts";
import { BodyTooLargeError, closeServer, listen, readBody } from "../http-util.ts";
import { checkSignature, type EmbeddedOrigin, type EmbeddedOriginOptions, receivedRequest } from "./embedded-origin.ts";

/** Function URLs refuse payloads over 6 MB (the synchronous invoke limit). */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Header values the echo never shows (it answers the viewer, and is printed by curl). */
const SECRET_HEADERS = new Set(["authorization", "x-amz-security-token", "cookie"]);

function sendJson(res: ServerResponse, method: string, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": body.length, "x-amzn-RequestId": randomUUID(), ...headers });
  res.end(method === "HEAD" ? undefined : body);
}

export async function startLambdaUrlOrigin(options: EmbeddedOriginOptions): Promise<EmbeddedOrigin> {
  const { region = "us-east-1", host = "127.0.0.1", port = 0 } = options;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    let body: Buffer;
    try {
      body = await readBody(req, MAX_PAYLOAD_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return sendJson(res, method, 413, { Message: `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation` });
    }
    const request = receivedRequest(req, body);
    const verdict = checkSignature(request, "lambda", { ...options, region });
    if (!verdict.ok) return sendJson(res, method, 403, { Message: "Forbidden" }, { "x-amzn-ErrorType": "AccessDeniedException" });
    const parameters = Object.create(null) as Record<string, string | string[]>;
    for (const [name, value] of queryPairs(request.querystring)) {
      const previous = parameters[name];
      parameters[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
    const seen: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) seen[name] = SECRET_HEADERS.has(name) ? "<redacted>" : value;
    sendJson(res, method, 200, {
      method,
      path: request.path,
      query: request.querystring,
      queryParameters: parameters,
      headers: seen,
      algorithm: verdict.algorithm,
      ...(verdict.regionSet === undefined ? {} : { regionSet: verdict.regionSet }),
      signedHeaders: verdict.signedHeaders,
      credentialScope: verdict.credentialScope,
      body: { length: body.length, sha256: sha256Hex(body) },
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, req.method ?? "GET", 500, { Message: "Internal Server Error" });
      else res.destroy();
      console.error(`lambda-url origin: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  const actualPort = await listen(server, host, port);
  return { service: "lambda", region, host, port: actualPort, url: `http://${host}:${actualPort}`, close: () => closeServer(server) };
}
