// One event and what the function did with it, and the readings every property shares: the
// request the event held, the result as CloudFront judges it, whether the function signed it, and
// the request CloudFront then puts on the wire.
import type { CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import { buildWireRequest, type ResultVerdict, validateFunctionResult, type WireRequest } from "../../cloudfront-emulator/index.ts";
import type { PropertyCase } from "./arbitraries.ts";
import { type KnownOrigin, SECRETS } from "./known-origins.ts";
import { type Handler, type Run, runHandler } from "./run-handler.ts";

export interface Observation {
  /** The event as generated (the function ran on a copy). */
  readonly event: unknown;
  /** The origin the event was made for; absent for structural garbage. */
  readonly known?: KnownOrigin;
  /** The whole body the origin receives when the event does not hold it. */
  readonly fullBody?: Buffer;
  readonly run: Run;
}

/** Runs the handler on the case's event. */
export async function observe(handler: Handler, c: PropertyCase, boundMs?: number): Promise<Observation> {
  return { ...c, run: await runHandler(handler, c.event, boundMs) };
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** The event's request, when it has one with a header map. */
export function eventRequest(event: unknown): CloudFrontRequest | undefined {
  if (!isRecord(event) || !Array.isArray(event.Records)) return undefined;
  const record: unknown = event.Records[0];
  if (!isRecord(record) || !isRecord(record.cf) || !isRecord(record.cf.request) || !isRecord(record.cf.request.headers)) return undefined;
  return record.cf.request as unknown as CloudFrontRequest;
}

export function resultOf(o: Observation): unknown {
  return o.run.settled === "value" ? o.run.result : undefined;
}

const verdicts = new WeakMap<Observation, ResultVerdict | undefined>();

/** What CloudFront makes of the result, judged against the request the event held. */
export function verdictOf(o: Observation): ResultVerdict | undefined {
  if (verdicts.has(o)) return verdicts.get(o);
  let verdict: ResultVerdict | undefined;
  if (o.run.settled === "value") {
    // Lambda serializes the result; `undefined` travels as null.
    const json = JSON.stringify(o.run.result) ?? "null";
    verdict = validateFunctionResult(eventRequest(o.event) ?? ({ headers: {} } as unknown as CloudFrontRequest), json);
  }
  verdicts.set(o, verdict);
  return verdict;
}

/** A header's values, joined as on the wire. */
export function headerValue(headers: unknown, name: string): string | undefined {
  if (!isRecord(headers)) return undefined;
  const entries = headers[name];
  if (!Array.isArray(entries) || entries.length === 0) return undefined;
  return entries.map((e: unknown) => (isRecord(e) ? String(e.value) : "")).join(",");
}

/** The returned request, when the function forwards one. */
export function returnedRequest(o: Observation): CloudFrontRequest | undefined {
  const verdict = verdictOf(o);
  return verdict?.kind === "request" ? verdict.request : undefined;
}

export function isGeneratedResponse(o: Observation): boolean {
  return verdictOf(o)?.kind === "response";
}

/** The Authorization the function wrote with its credentials, when it signed. */
export function functionAuthorization(request: CloudFrontRequest | undefined): string | undefined {
  const value = request ? headerValue(request.headers, "authorization") : undefined;
  return value?.includes(`Credential=${SECRETS.accessKeyId}/`) ? value : undefined;
}

/** `Credential=<key>/<date>/<region>/<service>/aws4_request` read from an Authorization value. */
export function credentialScope(authorization: string): { date: string; region: string; service: string; terminator: string } | undefined {
  const m = /Credential=[^/,\s]+\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/([^/,\s]+)/.exec(authorization);
  return m ? { date: m[1] ?? "", region: m[2] ?? "", service: m[3] ?? "", terminator: m[4] ?? "" } : undefined;
}

// Several properties read the same wire request (the returned request is one object per observation).
const wires = new WeakMap<CloudFrontRequest, WireRequest | Error>();

/** The request CloudFront puts on the wire for a returned request (throws when it cannot: e.g. a body that is not base64). */
export function wireOf(o: Observation, request: CloudFrontRequest): WireRequest {
  let wire = wires.get(request);
  if (wire === undefined) {
    try {
      wire = buildWireRequest(o.event as CloudFrontRequestEvent, request, o.fullBody ? { fullBody: o.fullBody } : {});
    } catch (error) {
      wire = error instanceof Error ? error : new Error(String(error));
    }
    wires.set(request, wire);
  }
  if (wire instanceof Error) throw wire;
  return wire;
}

/** Bytes of the request line and headers on the wire, which CloudFront limits to 20,480. */
export function wireHeadBytes(wire: WireRequest): number {
  let bytes = Buffer.byteLength(`${wire.method} ${wire.target} HTTP/1.1\r\n`);
  for (const [name, value] of Object.entries(wire.headers)) bytes += Buffer.byteLength(`${name}: ${value}\r\n`);
  return bytes + 2;
}

export const MAX_HEAD_BYTES = 20_480;

const REDACTED = [SECRETS.secretAccessKey, SECRETS.sessionToken, SECRETS.viewerAuthorization, SECRETS.viewerCookie, SECRETS.viewerSessionToken];

/** A short description of a value for a failure message, the generators' secrets masked. */
export function brief(value: unknown, max = 300): string {
  let text = value instanceof Error ? `${value.name}: ${value.message}` : (JSON.stringify(value) ?? String(value));
  for (const secret of REDACTED) text = text.split(secret).join("<secret>");
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
