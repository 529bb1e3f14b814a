/**
 * The STS stand-in's check of an AssumeRole call's own SigV4 signature, from the raw wire: the
 * request line's path, the signed headers as received and the body as received. The signature is
 * recomputed with the `aws4` package (nothing of the function's signer), after the checks STS
 * makes first (known key and session token, scope, date), each refused with STS's code.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { createRequire } from "node:module";

export interface StsCaller {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Session credentials (a Lambda execution role's are): calls must carry it, and are role chaining. */
  readonly sessionToken?: string;
  /** Shown in AccessDenied messages, as STS names the caller. */
  readonly arn?: string;
}
/** A refusal in STS's terms: HTTP status, error code, message. */
export interface StsRefusal {
  readonly refused: true;
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export interface StsAuthOptions {
  /** The Region the endpoint plays: calls must be signed for it. */
  readonly region: string;
  readonly callers: readonly StsCaller[];
}

interface Aws4Signer {
  datetime?: string;
  canonicalString(): string;
  stringToSign(): string;
  signature(): string;
  signedHeaders(): string;
}
type Aws4 = { RequestSigner: new (request: object, credentials: { accessKeyId: string; secretAccessKey: string }) => Aws4Signer };
const aws4 = createRequire(import.meta.url)("aws4") as Aws4;

const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export const refuse = (status: number, code: string, message: string): StsRefusal => ({ refused: true, status, code, message });
export const isRefusal = (value: object): value is StsRefusal => "refused" in value;
/** Comparison of secrets in constant time. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Header name → value as received (repeated headers joined by ","), from the raw header list. */
function wireHeaders(request: IncomingMessage): Map<string, string> {
  const headers = new Map<string, string>();
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] ?? "").toLowerCase();
    const value = request.rawHeaders[i + 1] ?? "";
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous},${value}`);
  }
  return headers;
}

/** The caller whose signature this is, or the refusal STS would give. */
export function authenticateStsCall(request: IncomingMessage, body: Buffer, options: StsAuthOptions, now: number): StsCaller | StsRefusal {
  const headers = wireHeaders(request);
  const authorization = headers.get("authorization");
  if (authorization === undefined) return refuse(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
  const match = AUTHORIZATION.exec(authorization);
  if (!match) return refuse(400, "IncompleteSignature", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.");
  const [, accessKeyId = "", date, region, service, signedHeaders = "", signature = ""] = match;
  const caller = options.callers.find((c) => c.accessKeyId === accessKeyId);
  const token = headers.get("x-amz-security-token");
  const tokenOk = caller?.sessionToken === undefined ? token === undefined : token !== undefined && sameText(token, caller.sessionToken);
  if (!caller || !tokenOk) return refuse(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  if (service !== "sts") return refuse(403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'.");
  if (region !== options.region) return refuse(403, "SignatureDoesNotMatch", `Credential should be scoped to a valid region, not '${region}'.`);
  const names = signedHeaders.split(";");
  const amzDate = headers.get("x-amz-date") ?? "";
  const d = AMZ_DATE.exec(amzDate)?.slice(1).map(Number);
  if (!d || !names.includes("x-amz-date") || !names.includes("host") || names.some((n) => !headers.has(n))) {
    return refuse(400, "IncompleteSignature", "The request must sign host and x-amz-date, and every signed header must be present.");
  }
  if (amzDate.slice(0, 8) !== date) {
    return refuse(
      403,
      "SignatureDoesNotMatch",
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}'`,
    );
  }
  const signedAt = Date.UTC(d[0] ?? 0, (d[1] ?? 1) - 1, d[2], d[3], d[4], d[5]);
  if (Math.abs(signedAt - now) > MAX_SKEW_MS) {
    return refuse(
      403,
      "SignatureDoesNotMatch",
      `Signature expired or not yet current: ${amzDate} is more than 15 minutes from ${new Date(now).toISOString()}.`,
    );
  }
  const signer = new aws4.RequestSigner(
    {
      method: request.method,
      path: request.url,
      host: headers.get("host"),
      headers: Object.fromEntries(names.map((n) => [n, headers.get(n) ?? ""])),
      body,
      service: "sts",
      region: options.region,
      doNotModifyHeaders: true,
      extraHeadersToInclude: Object.fromEntries(names.map((n) => [n, true])),
    },
    { accessKeyId, secretAccessKey: caller.secretAccessKey },
  );
  signer.datetime = amzDate;
  if (signer.signedHeaders() !== signedHeaders || !sameText(signer.signature(), signature)) {
    // As several AWS services do, the message shows the canonical request (token included): a
    // client must never pass such a message on as is.
    return refuse(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. " +
        `Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${signer.canonicalString()}'\n\n` +
        `The String-to-Sign should have been\n'${signer.stringToSign()}'\n`,
    );
  }
  return caller;
}
