// One viewer request through the edge, step by step as CloudFront runs it on the origin-request
// path: accept the request, pick the cache behavior, check viewer access (signed URLs/cookies,
// when the behavior has a check), build the origin-request event, run the function, validate
// its result, put the request on the wire to the origin, and stream the answer back.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CloudFrontRequestEvent } from "aws-lambda";
import {
  buildOriginRequestEvent,
  buildWireRequest,
  cloudFrontRequestId,
  type Distribution,
  EDGE_MESSAGES,
  pathPatternMatches,
  type ValidatedRequest,
  type ViewerRequest,
  validateFunctionResult,
  X_CACHE,
} from "../cloudfront-emulator/index.ts";
import type { Behavior } from "./behaviors.ts";
import { type Credentials, credentialEnvironment } from "./credentials.ts";
import { summarizeFunctionLogs } from "./function-logs.ts";
import type { FunctionRuntime, LogEntry } from "./function-runtime.ts";
import { BodyTooLargeError, readBody } from "./http-util.ts";
import { type OriginAddress, OriginError, sendToOrigin } from "./origin-client.ts";
import type { OriginRefusal } from "./origins/embedded-origin.ts";
import { maskSignatureParameter } from "./redact-text.ts";
import { functionNotes, refusalNotes } from "./verbose-notes.ts";
import { edgeHeaders, relayOriginAnswer, sendAnswer, sendGenerated, sendPage } from "./viewer-responses.ts";

const ALLOWED_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]);

/** One request through the edge, reported once the viewer's answer is complete. */
export interface Exchange {
  readonly requestId: string;
  readonly method: string;
  readonly target: string;
  /** The event handed to the function. */
  event?: CloudFrontRequestEvent;
  /** The function's output, as Lambda serialized it. */
  result?: unknown;
  outcome?: "request" | "response" | "invalid" | "function-error" | "viewer-access";
  /** The function's console output during the invocation (secrets redacted). */
  functionLogs?: LogEntry[];
  /** What went on the wire to the origin (secret values redacted). */
  wire?: { method: string; target: string; headers: Record<string, string>; bodyLength: number };
  originStatus?: number;
  /** Embedded origins only: why the origin refused. */
  originError?: { code: string; reason: string };
  status: number;
}

/** What every request shares: the distribution, the function, the credentials, the output. */
export interface EdgeState {
  readonly behaviors: readonly Behavior[];
  readonly runtime: FunctionRuntime;
  readonly getCredentials: () => Promise<Credentials>;
  readonly redact: (text: string) => string;
  readonly verbose: boolean;
  readonly distribution: Distribution;
  /** Via ids: the edge server the viewer talks to, and the one that talks to the origin. */
  readonly edgeServerId: string;
  readonly originServerId: string;
  /** What an embedded origin reported about a refused request, by X-Amz-Cf-Id. */
  readonly takeRefusal: (requestId: string) => OriginRefusal | undefined;
  readonly maxBodyBytes: number;
  /** Origin host names played by local stand-ins → where the edge connects (its "DNS"). */
  readonly originAddresses?: ReadonlyMap<string, OriginAddress>;
}

/** The request being served: the access-log line is built from `summary`, `bytes` and `notes`. */
interface Transaction {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly exchange: Exchange;
  readonly notes: string[];
  bytes: number;
  /** What the function did (`s3/us-east-1`, `function answered: ...`), or why the edge answered. */
  summary: string;
  /** How the viewer passed the viewer-access check (`signed URL, key K2...`), if it had one. */
  viewerNote?: string;
}

function page(state: EdgeState, tx: Transaction, status: number, message: string, xCache: string): void {
  tx.bytes = sendPage(tx.res, edgeHeaders(state.edgeServerId, tx.exchange.requestId, xCache), status, message);
}

/** Step 1: a method CloudFront allows, an origin-form target, the whole body. */
async function acceptViewer(state: EdgeState, tx: Transaction): Promise<ViewerRequest | undefined> {
  const { req } = tx;
  const method = req.method ?? "GET";
  if (!ALLOWED_METHODS.has(method)) {
    req.resume();
    tx.summary = "method not allowed";
    page(state, tx, 403, EDGE_MESSAGES.methodNotAllowed, X_CACHE.error);
    return undefined;
  }
  let target = req.url ?? "/";
  if (/^https?:\/\//i.test(target)) target = target.replace(/^https?:\/\/[^/?]*/i, "") || "/";
  if (!target.startsWith("/")) {
    req.resume();
    page(state, tx, 400, EDGE_MESSAGES.badRequest, X_CACHE.error);
    return undefined;
  }
  let body: Buffer;
  try {
    body = await readBody(req, state.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    page(state, tx, 413, EDGE_MESSAGES.bodyTooLarge, X_CACHE.error);
    return undefined;
  }
  const clientIp = (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
  return { clientIp, clientPort: req.socket.remotePort ?? 0, method, target, rawHeaders: req.rawHeaders, httpVersion: req.httpVersion, body };
}

/**
 * Step 3: the behavior's viewer-access check, before the function runs. Resolves with the request
 * CloudFront goes on with (signed-URL parameters removed), or undefined when it answered 403.
 */
async function checkViewerAccess(behavior: Behavior, viewer: ViewerRequest, state: EdgeState, tx: Transaction): Promise<ViewerRequest | undefined> {
  if (!behavior.viewerAccess) return viewer;
  const decision = await behavior.viewerAccess(viewer);
  if (decision.allow) {
    if (decision.note) tx.viewerNote = decision.note;
    return decision.forward ?? viewer;
  }
  tx.exchange.outcome = "viewer-access";
  tx.summary = `viewer access refused: ${decision.reason}`;
  const headers = { ...edgeHeaders(state.edgeServerId, tx.exchange.requestId, X_CACHE.error), ...decision.headers };
  tx.bytes = sendAnswer(tx.res, decision.status, undefined, headers, Buffer.from(decision.body));
  return undefined;
}

/** Steps 4 to 6: the event, the function in its Lambda-like environment, CloudFront's validation of its result. */
async function runFunction(
  state: EdgeState,
  tx: Transaction,
  behavior: Behavior,
  viewer: ViewerRequest,
): Promise<{ request: ValidatedRequest; event: CloudFrontRequestEvent; canonicalRequest?: string } | undefined> {
  const { exchange } = tx;
  const event = buildOriginRequestEvent(viewer, behavior, { requestId: exchange.requestId, distribution: state.distribution, serverId: state.edgeServerId });
  const before = structuredClone(event);
  exchange.event = event;
  const invocation = await state.runtime.invoke(event, credentialEnvironment(await state.getCredentials()));
  const logs = summarizeFunctionLogs(invocation.logs);
  exchange.functionLogs = invocation.logs.map((entry) => ({ ...entry, line: state.redact(entry.line) }));
  if (logs.signedFor) tx.summary = logs.signedFor;
  if (state.verbose) tx.notes.push(...functionNotes(logs));
  if (!invocation.ok) {
    exchange.outcome = invocation.kind === "unserializable" ? "invalid" : "function-error";
    if (invocation.kind === "unserializable") {
      tx.summary = "invalid function result";
      tx.notes.push(`  function result is not JSON: ${invocation.error.message}`);
      page(state, tx, 502, "The Lambda function returned invalid JSON: The JSON output is not parsable.", X_CACHE.validation);
    } else {
      tx.summary = invocation.kind === "timeout" ? "function timed out" : "function error";
      tx.notes.push(`  function ${invocation.kind}: ${invocation.error.name}: ${invocation.error.message}`);
      page(state, tx, 503, EDGE_MESSAGES.functionError, X_CACHE.execution);
    }
    return undefined;
  }
  const original = before.Records[0]?.cf.request;
  if (!original) throw new Error("the event has no request");
  const verdict = validateFunctionResult(original, invocation.json);
  exchange.result = JSON.parse(invocation.json) as unknown;
  exchange.outcome = verdict.kind;
  if (verdict.kind === "invalid") {
    tx.summary = `${tx.summary ? `${tx.summary}, ` : ""}result failed validation`;
    tx.notes.push(`  ${verdict.message}\n  (${verdict.detail})`);
    page(state, tx, 502, verdict.message, X_CACHE.validation);
    return undefined;
  }
  if (verdict.kind === "response") {
    tx.summary = `function answered${logs.reason ? `: ${logs.reason}` : ""}`;
    tx.bytes = sendGenerated(tx.res, edgeHeaders(state.edgeServerId, exchange.requestId, X_CACHE.generated), verdict.response);
    return undefined;
  }
  if (!tx.summary) tx.summary = verdict.request.headers.authorization ? "signed" : "forwarded unsigned";
  return { request: verdict.request, event: before, ...(logs.canonicalRequest ? { canonicalRequest: logs.canonicalRequest } : {}) };
}

/** Step 7: the request CloudFront puts on the wire, the origin's answer streamed back. */
async function forwardToOrigin(
  state: EdgeState,
  tx: Transaction,
  viewer: ViewerRequest,
  forwarded: { request: ValidatedRequest; event: CloudFrontRequestEvent; canonicalRequest?: string },
): Promise<void> {
  const { exchange } = tx;
  const wire = buildWireRequest(forwarded.event, forwarded.request, { fullBody: viewer.body, viaId: state.originServerId });
  const redactedHeaders = Object.fromEntries(Object.entries(wire.headers).map(([name, value]) => [name, state.redact(value)]));
  exchange.wire = { method: wire.method, target: wire.target, headers: redactedHeaders, bodyLength: wire.body.length };
  const readTimeoutMs = (forwarded.request.origin.custom?.readTimeout ?? 30) * 1000;
  let upstream: IncomingMessage;
  try {
    upstream = await sendToOrigin(wire, readTimeoutMs, state.originAddresses?.get(wire.hostname));
  } catch (error) {
    tx.notes.push(`  origin ${wire.protocol}://${wire.hostname}:${wire.port}: ${error instanceof Error ? error.message : String(error)}`);
    const timeout = error instanceof OriginError && error.kind === "timeout";
    page(state, tx, timeout ? 504 : 502, timeout ? EDGE_MESSAGES.originTimeout : EDGE_MESSAGES.originConnect, X_CACHE.error);
    return;
  }
  exchange.originStatus = upstream.statusCode ?? 0;
  const { bytes, errorBody } = await relayOriginAnswer(tx.res, edgeHeaders(state.edgeServerId, exchange.requestId, X_CACHE.miss), upstream);
  tx.bytes = bytes;
  if ((upstream.statusCode ?? 0) < 400) return;
  const refusal = state.takeRefusal(exchange.requestId);
  if (refusal) exchange.originError = { code: refusal.code, reason: refusal.reason };
  if (state.verbose) {
    const logs = forwarded.canonicalRequest ? { lines: [], canonicalRequest: forwarded.canonicalRequest } : { lines: [] };
    tx.notes.push(...refusalNotes(upstream.statusCode ?? 0, errorBody, refusal, logs));
  }
}

function formatBytes(bytes: number): string {
  return bytes < 10 * 1024 ? `${bytes}B` : bytes < 10 * 1024 * 1024 ? `${(bytes / 1024).toFixed(0)}KB` : `${(bytes / 1024 / 1024).toFixed(1)}MB`;
}

/** Serves one viewer request; prints its access-log line (and notes) and reports the exchange. */
export async function handleViewer(
  state: EdgeState,
  req: IncomingMessage,
  res: ServerResponse,
  out: (line: string) => void,
  onExchange?: (exchange: Exchange) => void,
): Promise<void> {
  const started = performance.now();
  const exchange: Exchange = { requestId: cloudFrontRequestId(), method: req.method ?? "GET", target: req.url ?? "/", status: 0 };
  const tx: Transaction = { req, res, exchange, notes: [], bytes: 0, summary: "" };
  try {
    const received = await acceptViewer(state, tx);
    if (!received) return;
    const uri = received.target.split("?")[0] ?? "/";
    const behavior = state.behaviors.find((b) => pathPatternMatches(b.pathPattern, uri));
    if (!behavior) throw new Error(`no cache behavior matches ${uri}`);
    const viewer = await checkViewerAccess(behavior, received, state, tx);
    if (!viewer) return;
    const forwarded = await runFunction(state, tx, behavior, viewer);
    if (forwarded) await forwardToOrigin(state, tx, viewer, forwarded);
  } catch (error) {
    tx.notes.push(`  local edge error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (!res.headersSent) page(state, tx, 502, EDGE_MESSAGES.originConnect, X_CACHE.error);
    else res.destroy();
  } finally {
    const ms = Math.round(performance.now() - started);
    exchange.status = res.statusCode;
    const summary = [tx.summary, tx.viewerNote && `(${tx.viewerNote})`].filter(Boolean).join(" ");
    out(`${exchange.method} ${maskSignatureParameter(exchange.target)} ${res.statusCode} ${formatBytes(tx.bytes)} ${ms}ms${summary ? ` ${summary}` : ""}`);
    for (const note of tx.notes) out(note);
    onExchange?.(exchange);
  }
}
