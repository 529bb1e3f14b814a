// A configurable fake origin-request function for the oracle's tests: signs with the hand-written
// signer (test/support/hand-signer.ts), correctly or with one of the classic bugs of edge signers.
import type { CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import { buildWireRequest, originHost, type WireRequest } from "../../cloudfront-emulator/index.ts";
import { type Expectations, sha256Hex, verifySignedRequest } from "../../sigv4-oracle/index.ts";
import { canonQuery, doubleEncoded, enc, type HandSign, handAuthorization as sign } from "./hand-signer.ts";
import { AMZ_DATE, CREDS } from "./oracle-events.ts";

/** The hand-written signer with the oracle tests' credentials. */
export function handAuthorization(s: Omit<HandSign, "accessKeyId" | "secretAccessKey">): string {
  return sign({ ...s, accessKeyId: CREDS.accessKeyId, secretAccessKey: CREDS.secretAccessKey });
}

export interface FakeOptions {
  service: string;
  region: string;
  /** viewer headers (present in the event) the buggy function also signs */
  alsoSign?: string[];
  /** sign x-amz-cf-id (= requestId) without writing it; default: true for custom origins */
  signCfId?: boolean;
  /** how the payload hash is computed */
  payload?: "full" | "utf8-decoded" | "event-bytes" | "unsigned" | "none";
  /** send x-amz-content-sha256 (default: for S3, and whenever there is a body) */
  sendContentSha?: boolean;
  /** host to sign and write (default: the origin's) */
  signHost?: string;
  /** canonical URI rules (default: correct for the service) */
  uriRules?: "s3" | "double" | "single-on-non-s3" | "double-on-s3";
  /** put the query into the path instead of the query line */
  queryInPath?: boolean;
  amzDate?: string;
  sessionToken?: string | null;
}

export function eventBodyBytes(req: CloudFrontRequest): Buffer {
  if (!req.body) return Buffer.alloc(0);
  return req.body.encoding === "base64" ? Buffer.from(req.body.data, "base64") : Buffer.from(req.body.data, "utf8");
}

/** A request as a (possibly buggy) signer would return it (query and headers left as they came). */
export function fakeFunction(event: CloudFrontRequestEvent, opts: FakeOptions, fullBody?: Buffer): CloudFrontRequest {
  const req = structuredClone(event.Records[0]!.cf.request);
  const origin = req.origin!;
  const isCustom = origin.custom !== undefined;
  const host = opts.signHost ?? originHost(origin);
  const wirePath = (origin.s3?.path ?? origin.custom?.path ?? "") + req.uri;
  const s3 = opts.service === "s3" || opts.service === "s3-object-lambda";
  const rules = opts.uriRules ?? (s3 ? "s3" : "double");
  const canonicalUri = rules === "s3" || rules === "single-on-non-s3" ? wirePath : doubleEncoded(wirePath);
  const bytes = fullBody ?? eventBodyBytes(req);
  const payload = opts.payload ?? "full";
  const payloadHash =
    payload === "unsigned"
      ? "UNSIGNED-PAYLOAD"
      : payload === "utf8-decoded"
        ? sha256Hex(Buffer.from(bytes.toString("utf8"), "utf8"))
        : payload === "event-bytes"
          ? sha256Hex(eventBodyBytes(req))
          : sha256Hex(bytes);

  const toSign: Record<string, string> = { host, "x-amz-date": opts.amzDate ?? AMZ_DATE };
  const token = opts.sessionToken === null ? undefined : (opts.sessionToken ?? CREDS.sessionToken);
  if (token !== undefined) toSign["x-amz-security-token"] = token;
  const sendSha = opts.sendContentSha ?? (s3 || bytes.length > 0);
  if (sendSha && payload !== "none") toSign["x-amz-content-sha256"] = payloadHash;
  if (opts.signCfId ?? isCustom) toSign["x-amz-cf-id"] = event.Records[0]!.cf.config.requestId;
  for (const name of opts.alsoSign ?? []) {
    const entries = req.headers[name];
    if (entries) toSign[name] = entries.map((e) => e.value).join(",");
  }
  const authorization = handAuthorization({
    method: req.method,
    canonicalUri: opts.queryInPath && req.querystring ? `${canonicalUri}%3F${enc(req.querystring)}` : canonicalUri,
    canonicalQuery: opts.queryInPath ? "" : canonQuery(req.querystring),
    headers: toSign,
    payloadHash: payload === "none" ? sha256Hex(bytes) : payloadHash,
    service: opts.service,
    region: opts.region,
  });
  for (const [name, value] of Object.entries(toSign)) {
    if (name === "x-amz-cf-id") continue; // CloudFront adds it; a function may not write X-Amz-Cf-*
    req.headers[name] = [{ key: name, value }];
  }
  req.headers.authorization = [{ key: "Authorization", value: authorization }];
  return req;
}

/** The fake function on the event, its request put on the wire, judged by the oracle. */
export function run(
  event: CloudFrontRequestEvent,
  opts: FakeOptions,
  t: Expectations,
  fullBody?: Buffer,
): { wire: WireRequest; ok: boolean; errors: readonly string[] } {
  const before = structuredClone(event);
  const result = fakeFunction(event, opts, fullBody);
  const wire = buildWireRequest(before, result, fullBody ? { fullBody } : {});
  const r = verifySignedRequest(wire, t);
  return { wire, ok: r.ok, errors: r.errors };
}
