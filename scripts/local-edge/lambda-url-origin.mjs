// A Lambda-function-URL-style origin on loopback with IAM auth: SigV4 checked from the wire
// (service "lambda", the path normalized and encoded once more, the payload hashed from the
// body received — UNSIGNED-PAYLOAD is not accepted), any failure answered as function URLs do,
// `403 {"Message":"Forbidden"}`. Its function echoes what it received as JSON.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { BodyTooLargeError, closeServer, listen, readBody } from "./http-util.mjs";
import { credentialLookup } from "./s3-origin.mjs";
import { parseAuthorization, queryPairs, receivedHeaders, sha256Hex, splitTarget, verifySigV4 } from "./sigv4-verify.mjs";

/** Function URLs refuse payloads over 6 MB (the synchronous invoke limit). */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Header values the echo never shows (it answers the viewer, and is printed by curl). */
const SECRET_HEADERS = new Set(["authorization", "x-amz-security-token", "cookie"]);

function sendJson(res, status, value, headers = {}) {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": body.length, "x-amzn-RequestId": randomUUID(), ...headers });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

/**
 * Starts the function-URL origin. Options: credentials (required), region ("us-east-1"), host,
 * port (0 = any free port), now (clock), onRefusal({ origin, method, target, status, code, reason,
 * canonicalRequest, stringToSign, amzCfId }).
 */
export async function startLambdaUrlOrigin(options) {
  const { credentials, region = "us-east-1", host = "127.0.0.1", port = 0, now = () => new Date(), onRefusal } = options;
  if (!credentials) throw new Error("startLambdaUrlOrigin: credentials are required");
  const lookup = credentialLookup(credentials);

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) sendJson(res, 500, { Message: "Internal Server Error" });
      else res.destroy(error);
      console.error(`lambda-url origin: ${error.stack ?? error}`);
    });
  });

  async function handle(req, res) {
    const { rawPath, rawQuery } = splitTarget(req.url ?? "/");
    let body;
    try {
      body = await readBody(req, MAX_PAYLOAD_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return sendJson(res, 413, { Message: `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation` });
    }
    const headers = receivedHeaders(req.rawHeaders);
    const verdict = verifySigV4(
      { method: req.method, rawPath, rawQuery, headers, body },
      { service: "lambda", region, pathRules: "standard", payload: "body", requireContentSha256: false, requireAmzHeadersSigned: false, lookup, now: now() },
    );
    if (!verdict.ok) {
      onRefusal?.({
        origin: "lambda",
        method: req.method,
        target: req.url,
        status: 403,
        code: verdict.code,
        reason: verdict.reason,
        canonicalRequest: verdict.canonicalRequest,
        stringToSign: verdict.stringToSign,
        amzCfId: headers.get("x-amz-cf-id"),
      });
      return sendJson(res, 403, { Message: "Forbidden" }, { "x-amzn-ErrorType": "AccessDeniedException" });
    }
    const parameters = {};
    for (const [name, value] of queryPairs(rawQuery)) {
      const previous = parameters[name];
      parameters[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
    const seen = {};
    for (const [name, value] of headers) seen[name] = SECRET_HEADERS.has(name) ? "<redacted>" : value;
    const auth = parseAuthorization(headers.get("authorization"));
    sendJson(res, 200, {
      method: req.method,
      path: rawPath,
      query: rawQuery,
      queryParameters: parameters,
      headers: seen,
      signedHeaders: auth.signedHeaders,
      credentialScope: `${auth.date}/${auth.region}/${auth.service}/${auth.terminator}`,
      body: { length: body.length, sha256: sha256Hex(body) },
    });
  }

  const actualPort = await listen(server, host, port);
  return { service: "lambda", region, host, port: actualPort, url: `http://${host}:${actualPort}`, close: () => closeServer(server) };
}
