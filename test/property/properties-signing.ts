// The properties about signing: a signed request verifies, independently, on the wire; the origin
// alone chooses whether and for what the request is signed; an AWS-bound request is never
// forwarded unsigned; and the function answers instead of forwarding only for a reason the event
// gives.
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { CloudFrontRequest } from "aws-lambda";
import { originHost } from "../../cloudfront-emulator/index.ts";
import { verifySignedRequest } from "../../sigv4-oracle/index.ts";
import { aws4Models, aws4Signature } from "./aws4-signature.ts";
import { SECRETS } from "./known-origins.ts";
import {
  brief,
  credentialScope,
  eventRequest,
  functionAuthorization,
  headerValue,
  type Observation,
  resultOf,
  returnedRequest,
  verdictOf,
  wireOf,
} from "./observation.ts";
import type { Property } from "./properties-edge.ts";

const CREDENTIALS = { accessKeyId: SECRETS.accessKeyId, secretAccessKey: SECRETS.secretAccessKey, sessionToken: SECRETS.sessionToken };
const isS3Family = (service: string): boolean => service === "s3" || service === "s3-object-lambda";
const LOWER_HEX_SHA256 = /^[0-9a-f]{64}$/;

/** The event holds only part of the body (truncated), or none of one the origin receives (body not included). */
function incompleteBody(request: CloudFrontRequest): "truncated" | "not-included" | undefined {
  if (request.body) return request.body.inputTruncated ? "truncated" : undefined;
  const length = headerValue(request.headers, "content-length");
  return (length !== undefined && length.trim() !== "0") || headerValue(request.headers, "transfer-encoding") !== undefined ? "not-included" : undefined;
}

/** The viewer's x-amz-content-sha256, when it is a usable SHA-256 (what a function without the whole body must rely on). */
function viewerHash(request: CloudFrontRequest): string | undefined {
  const value = headerValue(request.headers, "x-amz-content-sha256")?.trim();
  return value !== undefined && LOWER_HEX_SHA256.test(value) ? value : undefined;
}

/** Counts of signed results judged, for the suite to check that the sample is not empty. */
export interface SignatureStats {
  oracle: number;
  aws4: number;
}

export function signatureVerifies(stats: SignatureStats): Property {
  return {
    name: "3. every signed result verifies on the rebuilt wire request (SigV4 oracle; aws4 on a sample)",
    check: (o) => {
      const request = returnedRequest(o);
      const authorization = functionAuthorization(request);
      if (o.known?.expect.kind !== "signed" || !request || !authorization) return undefined;
      const { service, region } = o.known.expect;
      let wire: ReturnType<typeof wireOf>;
      try {
        wire = wireOf(o, request);
      } catch (error) {
        return `signed a request CloudFront cannot send as it was signed: ${brief(error)}`;
      }
      const verdict = verifySignedRequest(wire, { service, region, credentials: CREDENTIALS, now: new Date(), host: originHost(o.known.origin) });
      const original = eventRequest(o.event);
      const hash = original ? viewerHash(original) : undefined;
      const viewerLied = original && !isS3Family(service) && incompleteBody(original) && hash !== undefined && hash !== sha256(wire.body);
      if (viewerLied) {
        // The function had to trust the viewer's hash; the origin then refuses the payload, and only it.
        const other = verdict.findings
          .filter((f) => f.code !== "SignatureDoesNotMatch" && f.code !== "XAmzContentSHA256Mismatch")
          .map((f) => `${f.code}: ${f.detail}`);
        return other.length > 0 ? `besides the viewer's wrong payload hash, the origin finds: ${other.join("; ")}` : undefined;
      }
      if (!verdict.ok) return `the origin refuses the signed request: ${verdict.errors.join("; ")}\n${verdict.canonicalRequest ?? ""}`;
      stats.oracle++;
      if (aws4Models(wire, service)) {
        stats.aws4++;
        const expected = aws4Signature(wire, service, region);
        const actual = /Signature=([0-9a-f]+)/.exec(authorization)?.[1];
        if (actual !== expected) return `aws4 computes another signature for the wire request ${wire.method} ${wire.target}`;
      }
      return undefined;
    },
  };
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export const ORIGIN_DECIDES: Property = {
  name: "4. the origin alone chooses the signing target: no viewer header or query changes service, region, host, debug logging or S3's response headers",
  check: (o) => {
    if (!o.known) return undefined;
    const debugByOrigin = headerValue(o.known.origin.custom?.customHeaders ?? o.known.origin.s3?.customHeaders, "x-sigv4-debug") === "1";
    if (!debugByOrigin && o.run.logs.some((line) => line.includes("canonicalRequest")))
      return "the signing explanation was logged without the origin's x-sigv4-debug";
    const expect = o.known.expect;
    const verdict = verdictOf(o);
    if (!verdict || verdict.kind === "invalid") return undefined; // properties 1 and 2
    if (expect.kind === "refused") return verdict.kind === "response" ? undefined : `origin ${o.known.name} must be refused, the request was forwarded`;
    if (expect.kind === "unsigned") {
      const result = resultOf(o);
      if (verdict.kind !== "request") return `a non-AWS origin's request was answered: ${brief(result)}`;
      const sent = JSON.stringify(result);
      if (sent.includes(SECRETS.sessionToken) || sent.includes(SECRETS.accessKeyId)) return "credentials were sent to a non-AWS origin";
      return isDeepStrictEqual(result, eventRequest(o.event)) ? undefined : `a non-AWS origin's request was changed: ${brief(result)}`;
    }
    if (expect.kind !== "signed" || verdict.kind !== "request") return undefined;
    const authorization = functionAuthorization(verdict.request);
    if (!authorization) return undefined; // property 6
    const scope = credentialScope(authorization);
    if (scope?.service !== expect.service || scope.region !== expect.region) {
      return `signed for ${scope?.service}/${scope?.region}; origin ${o.known.name} implies ${expect.service}/${expect.region}`;
    }
    let wire: ReturnType<typeof wireOf>;
    try {
      wire = wireOf(o, verdict.request);
    } catch {
      return undefined; // property 3
    }
    const configHeaders = Object.keys(wire.headers).filter((name) => name.startsWith("x-sigv4-"));
    if (configHeaders.length > 0) return `configuration headers reach the origin: ${configHeaders.join(", ")}`;
    if (wire.headers.host !== originHost(o.known.origin)) return `Host on the wire is ${wire.headers.host}, the origin is ${originHost(o.known.origin)}`;
    // S3 honours response-* overrides only on signed requests: a viewer's would choose how S3 serves the object.
    const overrides = isS3Family(expect.service) ? wire.querystring.split("&").filter((piece) => /^response-/i.test(piece)) : [];
    if (overrides.length > 0) return `the viewer's S3 response overrides were signed: ${overrides.join("&")}`;
    return undefined;
  },
};

export const AWS_NEVER_UNSIGNED: Property = {
  name: "6. an AWS-bound request is signed with the function's credentials or answered, never forwarded unsigned",
  check: (o) => {
    if (!o.known || o.known.expect.kind === "unsigned") return undefined;
    const request = returnedRequest(o);
    if (!request) return undefined; // answered, or properties 1 and 2
    let headers: Readonly<Record<string, string | undefined>>;
    try {
      headers = wireOf(o, request).headers;
    } catch {
      headers = Object.fromEntries(Object.keys(request.headers).map((name) => [name, headerValue(request.headers, name)]));
    }
    const authorization = headers.authorization ?? "";
    if (!/^AWS4-(HMAC-SHA256|ECDSA-P256-SHA256) Credential=/.test(authorization) || !authorization.includes(`Credential=${SECRETS.accessKeyId}/`)) {
      return `origin ${o.known.name} gets a request without the function's signature (Authorization: ${authorization ? "another one" : "none"})`;
    }
    if (headers["x-amz-security-token"] !== SECRETS.sessionToken) return "the signed request does not carry the session token";
    if (!headers["x-amz-date"]) return "the signed request has no x-amz-date";
    return undefined;
  },
};

/** Escapes that are not UTF-8 (a `%` that starts no escape is a literal `%`). */
function hasNonUtf8Escape(text: string): boolean {
  try {
    decodeURIComponent(text.replace(/%(?![0-9A-Fa-f]{2})/g, "%25"));
    return false;
  } catch {
    return true;
  }
}

/** Bytes of the request line and headers the event already holds (the function adds its signature to them). */
function eventHeadBytes(request: CloudFrontRequest): number {
  const origin = request.origin?.s3 ?? request.origin?.custom;
  let bytes = Buffer.byteLength(`${request.method} ${origin?.path ?? ""}${request.uri}?${request.querystring} HTTP/1.1\r\n`);
  for (const headers of [request.headers, origin?.customHeaders ?? {}]) {
    for (const [name, entries] of Object.entries(headers)) for (const e of entries) bytes += Buffer.byteLength(`${name}: ${e.value}\r\n`);
  }
  return bytes;
}

/** Room the function's own headers may take (Authorization, X-Amz-*, with these short test credentials). */
const SIGNATURE_ROOM = 2_048;

/** The statuses a function may answer with instead of signing, for reasons this event gives. */
export function allowedAnswers(o: Observation): Set<number> {
  const allowed = new Set<number>();
  const request = eventRequest(o.event);
  if (!request || o.known?.expect.kind !== "signed") return allowed;
  const s3 = isS3Family(o.known.expect.service);
  const body = request.body;
  if (body?.encoding === "base64" && Buffer.from(body.data, "base64").toString("base64") !== body.data) for (const s of [400, 502]) allowed.add(s);
  const originPath = (request.origin?.s3 ?? request.origin?.custom)?.path ?? "";
  if (hasNonUtf8Escape(request.querystring) || (s3 && hasNonUtf8Escape(originPath + request.uri))) allowed.add(400);
  const incomplete = incompleteBody(request);
  if (incomplete && !s3 && viewerHash(request) === undefined) allowed.add(incomplete === "truncated" ? 413 : 502);
  if (eventHeadBytes(request) > 20_480 - SIGNATURE_ROOM) allowed.add(502);
  return allowed;
}

export const ANSWERS_WITH_REASON: Property = {
  name: "7. a request for a signing origin is answered instead of signed only for a reason the event gives",
  check: (o) => {
    const verdict = verdictOf(o);
    if (o.known?.expect.kind !== "signed" || verdict?.kind !== "response") return undefined;
    const status = Number(verdict.response.status);
    const allowed = allowedAnswers(o);
    return allowed.has(status) ? undefined : `answered ${status} (${brief(verdict.response.body)}); this event allows ${[...allowed].join(", ") || "none"}`;
  },
};
