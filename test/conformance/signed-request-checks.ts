// What a signed request must satisfy on the wire (cloudfront-emulator/ rebuilds it, sigv4-oracle/
// judges it), and the scan for secrets in what the function logs or answers.
import type { CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import { expect } from "vitest";
import {
  buildWireRequest,
  decodeBase64Strict,
  headersSetAfterFunction,
  isDisallowedHeader,
  originHost,
  READ_ONLY_HEADERS,
} from "../../cloudfront-emulator/index.ts";
import { verifySignedRequest } from "../../sigv4-oracle/index.ts";
import type { CatalogEntry } from "../events/catalog.ts";
import { CREDENTIALS } from "./bundle-under-test.ts";

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
export function isRequest(x: unknown): x is CloudFrontRequest {
  return isRecord(x) && typeof x.uri === "string" && isRecord(x.headers) && !("status" in x);
}
export function eventRequest(event: unknown): CloudFrontRequest | undefined {
  if (!isRecord(event) || !Array.isArray(event.Records)) return undefined;
  const rec: unknown = event.Records[0];
  if (!isRecord(rec) || !isRecord(rec.cf) || !isRecord(rec.cf.request)) return undefined;
  return rec.cf.request as unknown as CloudFrontRequest;
}
export function eventRequestId(event: unknown): string | undefined {
  if (!isRecord(event) || !Array.isArray(event.Records)) return undefined;
  const rec: unknown = event.Records[0];
  if (!isRecord(rec) || !isRecord(rec.cf) || !isRecord(rec.cf.config)) return undefined;
  const id = rec.cf.config.requestId;
  return typeof id === "string" ? id : undefined;
}
export function headerValues(headers: unknown, name: string): string[] {
  if (!isRecord(headers)) return [];
  const entries = headers[name];
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((e: unknown) => (isRecord(e) && typeof e.value === "string" ? [e.value] : []));
}

/** Values that must never be logged or answered: credentials, Authorization values, cookies, viewer tokens. */
export function secretsOf(event: unknown, result: unknown): string[] {
  const secrets = [CREDENTIALS.secretAccessKey, CREDENTIALS.sessionToken];
  const req = eventRequest(event);
  for (const source of [req?.headers, isRecord(result) ? result.headers : undefined]) {
    for (const auth of headerValues(source, "authorization")) {
      secrets.push(auth);
      const sig = /Signature=([0-9a-f]{64,})/.exec(auth)?.[1]; // SigV4: 64 hex; SigV4A: a DER signature, about 140
      if (sig) secrets.push(sig);
    }
    secrets.push(...headerValues(source, "x-amz-security-token"));
    for (const cookie of headerValues(source, "cookie")) {
      secrets.push(cookie);
      for (const pair of cookie.split(";")) {
        const v = pair.slice(pair.indexOf("=") + 1).trim();
        if (v.length >= 8) secrets.push(v);
      }
    }
  }
  return [...new Set(secrets.filter((s) => s.length >= 8))];
}

export function expectNoSecrets(where: string, texts: string[], secrets: string[]): void {
  const joined = texts.join("\n");
  const leaked = secrets.filter((s) => joined.includes(s)).map((s) => `${s.slice(0, 6)}… (${s.length} chars)`);
  expect(leaked, `${where} contains secret values`).toEqual([]);
}

function fullBodyOf(req: CloudFrontRequest, fullBody: Buffer | undefined): Buffer {
  if (fullBody) return fullBody;
  if (!req.body) return Buffer.alloc(0);
  return req.body.encoding === "base64" ? decodeBase64Strict(req.body.data) : Buffer.from(req.body.data, "utf8");
}

export function checkSigned(
  path: string,
  entry: Extract<CatalogEntry, { outcome: "signed" }>,
  original: CloudFrontRequestEvent,
  result: unknown,
  fullBody: Buffer | undefined,
): void {
  expect(isRequest(result), `${path}: expected the request back, got ${JSON.stringify(result)?.slice(0, 300)}`).toBe(true);
  if (!isRequest(result)) return;
  const before = original.Records[0]!.cf.request;
  const origin = before.origin!;

  const wire = buildWireRequest(original, result, fullBody ? { fullBody } : {});
  const verdict = verifySignedRequest(wire, {
    service: entry.service,
    region: entry.region,
    algorithm: entry.algorithm ?? "sigv4",
    credentials: CREDENTIALS,
    now: new Date(),
    host: entry.host ?? originHost(origin),
  });
  expect(verdict.errors, `${path}: the origin refuses the wire request\n${verdict.canonicalRequest ?? ""}`).toEqual([]);
  if (entry.regionSet !== undefined) expect(wire.headers["x-amz-region-set"], `${path}: X-Amz-Region-Set`).toBe(entry.regionSet);

  // Never signed: headers CloudFront rewrites, and viewer data the origin does not need.
  const signed = /SignedHeaders=([^,\s]+)/.exec(wire.headers.authorization ?? "")?.[1]?.split(";") ?? [];
  const changedByCloudFront = headersSetAfterFunction("s3");
  const neverSigned = signed.filter((n) => changedByCloudFront.includes(n) || ["user-agent", "cookie"].includes(n) || n.startsWith("cloudfront-"));
  expect(neverSigned, `${path}: headers that must never be signed`).toEqual([]);

  // The origin gets the whole original body, untouched.
  expect(wire.body.equals(fullBodyOf(before, fullBody)), `${path}: the body on the wire is not the viewer's body`).toBe(true);

  for (const name of entry.absentOnWire ?? []) {
    expect(wire.headers[name], `${path}: ${name} must not reach the origin`).toBeUndefined();
  }

  // Read-only headers untouched; no disallowed header added; method unchanged.
  expect(result.method).toBe(before.method);
  for (const name of READ_ONLY_HEADERS) {
    expect(result.headers[name], `${path}: read-only header ${name} changed`).toEqual(before.headers[name]);
  }
  const added = Object.keys(result.headers).filter((n) => !(n in before.headers));
  const forbidden = added.filter(isDisallowedHeader);
  expect(forbidden, `${path}: disallowed headers added`).toEqual([]);
  for (const name of Object.keys(result.headers)) {
    expect(name, `${path}: header map keys are lower case`).toBe(name.toLowerCase());
  }

  // CloudFront limits the request line plus headers to 20,480 bytes (field notes).
  const head = `${wire.method} ${wire.target} HTTP/1.1\r\n${Object.entries(wire.headers)
    .map(([n, v]) => `${n}: ${v}\r\n`)
    .join("")}\r\n`;
  expect(Buffer.byteLength(head), `${path}: request line + headers over CloudFront's limit`).toBeLessThanOrEqual(20_480);

  // The Host written back says the origin (AllViewer sends the distribution's domain).
  const hostBack = headerValues(result.headers, "host");
  if (hostBack.length > 0) {
    expect([originHost(origin), origin.custom?.domainName ?? origin.s3?.domainName], `${path}: Host written back`).toContain(hostBack[0]);
  }
}
