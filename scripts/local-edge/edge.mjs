// The local edge: one CloudFront distribution on this machine. For each viewer request it
// builds the origin-request event, runs the built function (dist/index.mjs) in a Lambda-like
// environment, validates the result as CloudFront does, puts the returned request on the wire
// to the origin and streams the answer back — and prints one access-log line.
import { createServer } from "node:http";
import { BUNDLE_PATH } from "./bundle.mjs";
import { createRedactor, credentialChain, credentialEnvironment, generateCredentials } from "./credentials.mjs";
import { EDGE_MESSAGES, errorPage, X_CACHE } from "./error-page.mjs";
import { buildOriginRequestEvent, cloudFrontRequestId, cloudFrontServerId, customOrigin, fakeDistribution, s3Origin } from "./event.mjs";
import { buildWireRequest, sendToOrigin } from "./forward.mjs";
import { FunctionRuntime } from "./function-runtime.mjs";
import { BodyTooLargeError, closeServer, listen, readBody, xmlUnescape } from "./http-util.mjs";
import { startLambdaUrlOrigin } from "./lambda-url-origin.mjs";
import { startS3Origin } from "./s3-origin.mjs";
import { validateFunctionResult } from "./validate.mjs";

export const DEFAULT_PORT = 8080;
export const EMBEDDED_REGION = "us-east-1";
export const DEMO_BUCKET = "demo";
const ALLOWED_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]);
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade", "trailer", "te"]);
const POP = "LCL1-P1";
const MAX_CAPTURED_ERROR_BODY = 64 * 1024;
const S3_REST_HOST = /(^|\.)s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;

/** CloudFront path patterns: `*` any characters, `?` one; case-sensitive, on the URI as received. */
export function pathPatternMatches(pattern, uri) {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "s",
  );
  return regex.test(uri);
}

function originHeaders(service, region, verbose) {
  const headers = {};
  if (service) headers["x-sigv4-service"] = service;
  if (region) headers["x-sigv4-region"] = region;
  // The function logs its canonical request and string to sign for origins with this header.
  if (verbose) headers["x-sigv4-debug"] = "1";
  return headers;
}

/** The distribution's origin for `--origin URL`: S3 REST endpoints as S3 origins, anything else as a custom origin. */
export function originFromUrl(url, { service, region, originPath, verbose }) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--origin ${url} is not a URL (example: https://abc123.lambda-url.eu-west-1.on.aws)`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error(`--origin ${url}: CloudFront origins speak http or https`);
  if (parsed.search || parsed.hash || parsed.username) throw new Error(`--origin ${url}: give the origin without query, fragment or credentials`);
  const domainName = parsed.hostname;
  if (!/^[A-Za-z0-9.-]+$/.test(domainName)) throw new Error(`--origin ${url}: the origin must be a host name or an IPv4 address`);
  const path = originPath ?? parsed.pathname.replace(/\/+$/, "");
  if (path !== "" && (!path.startsWith("/") || path.endsWith("/"))) throw new Error(`--origin-path ${path} must start with "/" and not end with "/"`);
  const protocol = parsed.protocol.slice(0, -1);
  const port = parsed.port ? Number(parsed.port) : protocol === "http" ? 80 : 443;
  const customHeaders = originHeaders(service, region, verbose);
  if (protocol === "https" && port === 443 && S3_REST_HOST.test(domainName.toLowerCase())) return s3Origin({ domainName, path, customHeaders });
  return customOrigin({ domainName, port, protocol, path, customHeaders });
}

function parseFunctionLogs(logs) {
  const summary = { lines: [] };
  for (const { level, line } of logs) {
    let record;
    try {
      record = JSON.parse(line);
    } catch {
      record = undefined;
    }
    summary.lines.push({ level, line, record });
    if (record && typeof record === "object") {
      if (record.service && record.region && record.outcome === "signed")
        Object.assign(summary, { service: record.service, region: record.region, payload: record.payload });
      if (record.outcome) summary.outcome = record.outcome;
      if (record.reason) summary.reason = record.reason;
      if (typeof record.canonicalRequest === "string") summary.canonicalRequest = record.canonicalRequest;
      if (typeof record.stringToSign === "string") summary.stringToSign = record.stringToSign;
    }
  }
  return summary;
}

function s3ErrorFields(body) {
  const field = (name) => {
    const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(body);
    return match ? xmlUnescape(match[1]) : undefined;
  };
  return { code: field("Code"), message: field("Message"), canonicalRequest: field("CanonicalRequest"), stringToSign: field("StringToSign") };
}

function indent(text, prefix = "    ") {
  return text
    .split("\n")
    .map((line) => `${prefix}${line}`)
    .join("\n");
}

function firstDifference(a, b) {
  const left = a.split("\n");
  const right = b.split("\n");
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i]) return `line ${i + 1}: function ${JSON.stringify(left[i] ?? "")} / origin ${JSON.stringify(right[i] ?? "")}`;
  }
  return undefined;
}

function formatBytes(bytes) {
  return bytes < 10 * 1024 ? `${bytes}B` : bytes < 10 * 1024 * 1024 ? `${(bytes / 1024).toFixed(0)}KB` : `${(bytes / 1024 / 1024).toFixed(1)}MB`;
}

/**
 * Starts the edge (and, without `origin`, the embedded origins).
 * @param options see scripts/local-edge/index.d.mts (LocalEdgeOptions)
 */
export async function startLocalEdge(options = {}) {
  const {
    host = "127.0.0.1",
    port = DEFAULT_PORT,
    handlerPath = BUNDLE_PATH,
    origin: originUrl,
    service,
    region,
    originPath,
    includeBody = true,
    verbose = false,
    print = (line) => process.stdout.write(`${line}\n`),
    onExchange,
    functionTimeoutMs = 30_000,
    maxEnvironments = 4,
    maxBodyBytes = 128 * 1024 * 1024,
  } = options;

  const closers = [];
  let secrets = [];
  const redact = createRedactor(() => secrets);
  const out = (line) => print(redact(line));
  const refusals = new Map();
  const onRefusal = (refusal) => {
    if (!refusal.amzCfId) return;
    refusals.set(refusal.amzCfId, refusal);
    setTimeout(() => refusals.delete(refusal.amzCfId), 60_000).unref();
  };

  try {
    let getCredentials;
    let behaviors;
    let originLines;
    if (originUrl === undefined) {
      const credentials = options.credentials ?? generateCredentials();
      secrets = [credentials.secretAccessKey, credentials.sessionToken];
      getCredentials = async () => credentials;
      const bucket = await startS3Origin({ credentials, region: EMBEDDED_REGION, buckets: [DEMO_BUCKET], host: "127.0.0.1", onRefusal });
      closers.push(bucket.close);
      const functionUrl = await startLambdaUrlOrigin({ credentials, region: EMBEDDED_REGION, host: "127.0.0.1", onRefusal });
      closers.push(functionUrl.close);
      behaviors = [
        {
          pathPattern: "/api/*",
          includeBody,
          origin: customOrigin({
            domainName: "127.0.0.1",
            port: functionUrl.port,
            protocol: "http",
            customHeaders: originHeaders("lambda", EMBEDDED_REGION, verbose),
          }),
          embedded: functionUrl,
        },
        {
          pathPattern: "*",
          includeBody,
          origin: customOrigin({ domainName: "127.0.0.1", port: bucket.port, protocol: "http", customHeaders: originHeaders("s3", EMBEDDED_REGION, verbose) }),
          embedded: bucket,
        },
      ];
      originLines = [
        `  /api/*  → ${functionUrl.url}  function-URL-style origin, IAM auth, echoes what it receives (signed as lambda/${EMBEDDED_REGION})`,
        `  /*      → ${bucket.url}  S3-style bucket origin, path-style, bucket "${DEMO_BUCKET}" (signed as s3/${EMBEDDED_REGION})`,
      ];
    } else {
      const origin = originFromUrl(originUrl, { service, region, originPath, verbose });
      const provider = options.credentials ? async () => options.credentials : await credentialChain();
      getCredentials = async () => {
        const credentials = await provider();
        secrets = [credentials.secretAccessKey, credentials.sessionToken];
        return credentials;
      };
      try {
        await getCredentials();
      } catch (error) {
        throw new Error(`no AWS credentials for --origin (the standard chain: environment, profile, SSO, ...): ${error.message}`);
      }
      behaviors = [{ pathPattern: "*", includeBody, origin }];
      const kind = origin.s3 ? "S3 origin" : "custom origin";
      const target = origin.s3 ?? origin.custom;
      const signing = service || region ? `signed as ${service ?? "(from the host)"}/${region ?? "(from the host)"}` : "service and region from the host name";
      originLines = [`  /*      → ${originUrl.replace(/\/+$/, "")}  ${kind}${target.path ? `, origin path ${target.path}` : ""} (${signing})`];
    }

    const runtime = new FunctionRuntime({
      handlerPath,
      timeoutMs: functionTimeoutMs,
      maxEnvironments,
      onLog: ({ line }) => verbose && out(`  function (outside an invocation): ${line}`),
    });
    closers.push(() => runtime.close());
    await runtime.start();

    const distribution = fakeDistribution();
    const edgeServerId = cloudFrontServerId();
    const originServerId = cloudFrontServerId();

    function edgeHeaders(requestId, xCache) {
      return { Server: "CloudFront", Via: `1.1 ${edgeServerId}.cloudfront.net (CloudFront)`, "X-Cache": xCache, "X-Amz-Cf-Pop": POP, "X-Amz-Cf-Id": requestId };
    }

    function sendPage(res, status, message, requestId, xCache) {
      const body = Buffer.from(errorPage(status, message, requestId), "latin1");
      res.writeHead(status, { ...edgeHeaders(requestId, xCache), "Content-Type": "text/html", "Content-Length": body.length, Date: new Date().toUTCString() });
      res.end(res.req.method === "HEAD" ? undefined : body);
      return body.length;
    }

    async function handleViewer(req, res) {
      const started = performance.now();
      const requestId = cloudFrontRequestId();
      const exchange = { requestId, method: req.method, target: req.url ?? "/" };
      const notes = [];
      let bytes = 0;
      let signedFor = "";
      try {
        if (!ALLOWED_METHODS.has(req.method)) {
          req.resume();
          signedFor = "method not allowed";
          bytes = sendPage(res, 403, EDGE_MESSAGES.methodNotAllowed, requestId, X_CACHE.error);
          return;
        }
        let target = req.url ?? "/";
        if (/^https?:\/\//i.test(target)) target = target.replace(/^https?:\/\/[^/?]*/i, "") || "/";
        if (!target.startsWith("/")) {
          req.resume();
          bytes = sendPage(res, 400, EDGE_MESSAGES.badRequest, requestId, X_CACHE.error);
          return;
        }
        let body;
        try {
          body = await readBody(req, maxBodyBytes);
        } catch (error) {
          if (!(error instanceof BodyTooLargeError)) throw error;
          bytes = sendPage(res, 413, EDGE_MESSAGES.bodyTooLarge, requestId, X_CACHE.error);
          return;
        }
        const uri = target.split("?")[0];
        const behavior = behaviors.find((b) => pathPatternMatches(b.pathPattern, uri));
        const viewer = {
          clientIp: (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""),
          clientPort: req.socket.remotePort ?? 0,
          method: req.method,
          target,
          rawHeaders: req.rawHeaders,
          httpVersion: req.httpVersion,
          body,
        };
        const event = buildOriginRequestEvent(viewer, behavior, { requestId, distribution, serverId: edgeServerId });
        const original = event.Records[0].cf.request;
        exchange.event = event;

        const credentials = await getCredentials();
        const invocation = await runtime.invoke(event, credentialEnvironment(credentials));
        const logs = parseFunctionLogs(invocation.logs);
        exchange.functionLogs = invocation.logs.map((entry) => ({ ...entry, line: redact(entry.line) }));
        if (logs.service) signedFor = `${logs.service}/${logs.region}`;
        if (verbose) {
          for (const { line, record } of logs.lines) {
            if (record && typeof record.canonicalRequest === "string") continue;
            notes.push(`  function log: ${line}`);
          }
          if (logs.canonicalRequest) notes.push(`  canonical request (signed by the function):\n${indent(logs.canonicalRequest)}`);
          if (logs.stringToSign) notes.push(`  string to sign (function):\n${indent(logs.stringToSign)}`);
        }
        if (!invocation.ok) {
          exchange.outcome = invocation.kind === "unserializable" ? "invalid" : "function-error";
          if (invocation.kind === "unserializable") {
            signedFor = "invalid function result";
            notes.push(`  function result is not JSON: ${invocation.error.message}`);
            bytes = sendPage(res, 502, "The Lambda function returned invalid JSON: The JSON output is not parsable.", requestId, X_CACHE.validation);
          } else {
            signedFor = invocation.kind === "timeout" ? "function timed out" : "function error";
            notes.push(`  function ${invocation.kind}: ${invocation.error.name}: ${invocation.error.message}`);
            bytes = sendPage(res, 503, EDGE_MESSAGES.functionError, requestId, X_CACHE.execution);
          }
          return;
        }
        const verdict = validateFunctionResult(original, invocation.json);
        exchange.result = JSON.parse(invocation.json);
        exchange.outcome = verdict.kind;
        if (verdict.kind === "invalid") {
          signedFor = `${signedFor ? `${signedFor}, ` : ""}result failed validation`;
          notes.push(`  ${verdict.message}\n  (${verdict.detail})`);
          bytes = sendPage(res, 502, verdict.message, requestId, X_CACHE.validation);
          return;
        }
        if (verdict.kind === "response") {
          const response = verdict.response;
          signedFor = `function answered${logs.reason ? `: ${logs.reason}` : ""}`;
          const payload = Buffer.from(response.body ?? "", response.bodyEncoding === "base64" ? "base64" : "utf8");
          const headers = { ...edgeHeaders(requestId, X_CACHE.generated) };
          for (const [name, entries] of Object.entries(response.headers ?? {})) {
            headers[entries[0]?.key ?? name] = entries.length === 1 ? entries[0].value : entries.map((entry) => entry.value);
          }
          headers["Content-Length"] = payload.length;
          const description =
            typeof response.statusDescription === "string" && /^[\t\x20-\x7e]*$/.test(response.statusDescription) ? response.statusDescription : undefined;
          if (description) res.writeHead(Number(response.status), description, headers);
          else res.writeHead(Number(response.status), headers);
          res.end(req.method === "HEAD" ? undefined : payload);
          bytes = payload.length;
          return;
        }

        const wire = buildWireRequest(verdict.request, { requestId, clientIp: viewer.clientIp, fullBody: body, serverId: originServerId });
        exchange.wire = {
          method: wire.method,
          target: wire.target,
          headers: Object.fromEntries([...wire.headers].map(([name, { value }]) => [name, redact(value)])),
          bodyLength: wire.body.length,
        };
        if (!signedFor) signedFor = logs.outcome === "forwarded" ? "forwarded unsigned" : "not signed";
        const readTimeoutMs = (verdict.request.origin.custom?.readTimeout ?? 30) * 1000;
        let upstream;
        try {
          upstream = await sendToOrigin(wire, { readTimeoutMs });
        } catch (error) {
          notes.push(`  origin ${wire.protocol}://${wire.hostname}:${wire.port}: ${error.message}`);
          bytes =
            error.kind === "timeout"
              ? sendPage(res, 504, EDGE_MESSAGES.originTimeout, requestId, X_CACHE.error)
              : sendPage(res, 502, EDGE_MESSAGES.originConnect, requestId, X_CACHE.error);
          return;
        }
        exchange.originStatus = upstream.statusCode;
        const headers = {};
        for (let i = 0; i < upstream.rawHeaders.length; i += 2) {
          const key = upstream.rawHeaders[i];
          const value = upstream.rawHeaders[i + 1];
          const name = key.toLowerCase();
          if (HOP_BY_HOP.has(name) || name === "via") continue;
          const existing = Object.keys(headers).find((k) => k.toLowerCase() === name);
          if (existing) headers[existing] = [headers[existing]].flat().concat(value);
          else headers[key] = value;
        }
        const upstreamVia = upstream.headers.via;
        // CloudFront keeps the origin's Server header and adds its own headers.
        const { Server: _server, ...added } = edgeHeaders(requestId, X_CACHE.miss);
        Object.assign(headers, added);
        if (upstreamVia) headers.Via = `${upstreamVia}, ${headers.Via}`;
        res.writeHead(upstream.statusCode ?? 502, headers);
        const refused = (upstream.statusCode ?? 0) >= 400;
        const captured = [];
        let capturedBytes = 0;
        upstream.on("data", (chunk) => {
          bytes += chunk.length;
          if (refused && verbose && capturedBytes < MAX_CAPTURED_ERROR_BODY) {
            captured.push(chunk);
            capturedBytes += chunk.length;
          }
        });
        await new Promise((resolve) => {
          upstream.pipe(res);
          upstream.on("end", resolve);
          upstream.on("error", resolve);
          res.on("close", () => {
            // The viewer went away: stop reading from the origin.
            if (!upstream.complete) upstream.destroy();
            resolve();
          });
        });
        if (refused) {
          const refusal = refusals.get(requestId);
          refusals.delete(requestId);
          const errorBody = Buffer.concat(captured).toString("utf8");
          exchange.originError = refusal ? { code: refusal.code, reason: refusal.reason } : undefined;
          if (verbose) {
            const fields = s3ErrorFields(errorBody);
            if (fields.code) notes.push(`  origin answered ${upstream.statusCode} ${fields.code}: ${fields.message ?? ""}`);
            else if (errorBody)
              notes.push(`  origin answered ${upstream.statusCode}:\n${indent(errorBody.length > 4000 ? `${errorBody.slice(0, 4000)}…` : errorBody)}`);
            if (refusal) notes.push(`  origin's reason: ${refusal.code}: ${refusal.reason}`);
            const originCanonical = fields.canonicalRequest ?? refusal?.canonicalRequest;
            const originStringToSign = fields.stringToSign ?? refusal?.stringToSign;
            if (originCanonical) notes.push(`  canonical request (computed by the origin):\n${indent(originCanonical)}`);
            if (originStringToSign) notes.push(`  string to sign (origin):\n${indent(originStringToSign)}`);
            const diff = logs.canonicalRequest && originCanonical ? firstDifference(logs.canonicalRequest, originCanonical) : undefined;
            if (diff) notes.push(`  first difference: ${diff}`);
            else if (fields.code && !originCanonical && errorBody) notes.push(indent(errorBody.length > 4000 ? `${errorBody.slice(0, 4000)}…` : errorBody));
          }
        }
      } catch (error) {
        notes.push(`  local edge error: ${error.stack ?? error}`);
        if (!res.headersSent) bytes = sendPage(res, 502, EDGE_MESSAGES.originConnect, requestId, X_CACHE.error);
        else res.destroy();
      } finally {
        const ms = Math.round(performance.now() - started);
        exchange.status = res.statusCode;
        out(`${req.method} ${exchange.target} ${res.statusCode} ${formatBytes(bytes)} ${ms}ms${signedFor ? ` ${signedFor}` : ""}`);
        for (const note of notes) out(note);
        onExchange?.(exchange);
      }
    }

    const server = createServer((req, res) => void handleViewer(req, res));
    server.keepAliveTimeout = 5_000;
    closers.push(() => closeServer(server));
    const actualPort = await listen(server, host, port);
    const url = `http://${host}:${actualPort}`;
    out(`edge-sigv4 local edge listening on ${url}`);
    for (const line of originLines) out(line);
    const credentials = await getCredentials();
    const keyHint = `${credentials.accessKeyId.slice(0, 4)}…${credentials.accessKeyId.slice(-4)}`;
    out(
      `  function: ${handlerPath}; credentials ${originUrl === undefined ? "generated for this run" : "from the AWS credential chain"} (${keyHint}), handed to it as AWS_* variables; include body ${includeBody ? "on" : "off"}${verbose ? "; verbose" : ""}`,
    );
    if (originUrl === undefined) out(`  try: curl -T file ${url}/${DEMO_BUCKET}/file && curl ${url}/${DEMO_BUCKET}/file`);

    return {
      url,
      port: actualPort,
      host,
      distribution,
      behaviors: behaviors.map(({ pathPattern, origin, embedded }) => ({ pathPattern, origin, url: embedded?.url })),
      close: async () => {
        for (const close of closers.reverse()) await close();
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => {});
    throw error;
  }
}
