import { createHash } from "node:crypto";
import type { CloudFrontRequest } from "aws-lambda";
import { EdgeError } from "./errors.ts";
import { headerValue } from "./headers.ts";
import { isS3Service } from "./signing-target.ts";

export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface PayloadHash {
  /** The value of x-amz-content-sha256, and the last line of the canonical request. */
  readonly hash: string;
  readonly source: "empty" | "body" | "unsigned" | "viewer";
}

// Base64 is decoded in slices into one reused buffer and hashed slice by slice: no 1 MB
// allocation per request (and its page faults), and each slice is hashed while still in cache.
const SLICE_CHARS = 64 * 1024; // a multiple of 4: every slice decodes on its own
const scratch = Buffer.allocUnsafe((SLICE_CHARS / 4) * 3);

function invalidBase64(): EdgeError {
  return new EdgeError(400, "the request body is not valid base64");
}

/**
 * SHA-256 of a base64 body's bytes, decoded strictly. Node's decoder skips characters outside
 * the alphabet and accepts the URL-safe one; a body that does not decode exactly would be
 * hashed as different bytes than the origin receives. Checked without a pass of our own over
 * the string: any skipped character or early padding shortens a slice's output.
 */
export function sha256OfBase64(data: string): { hex: string; bytes: number } {
  const last = data.slice(-4);
  if (data.length % 4 !== 0 || data.includes("-") || data.includes("_") || Buffer.from(last, "base64").toString("base64") !== last) {
    throw invalidBase64();
  }
  const hash = createHash("sha256");
  let bytes = 0;
  for (let start = 0; start < data.length; start += SLICE_CHARS) {
    const slice = data.slice(start, start + SLICE_CHARS);
    const written = scratch.write(slice, 0, "base64");
    const final = start + SLICE_CHARS >= data.length;
    const expected = final ? Buffer.byteLength(slice, "base64") : scratch.length;
    if (written !== expected) throw invalidBase64();
    hash.update(scratch.subarray(0, written));
    bytes += written;
  }
  return { hex: hash.digest("hex"), bytes };
}

function bodyHash(body: NonNullable<CloudFrontRequest["body"]>): PayloadHash {
  if (body.data.length === 0) return { hash: EMPTY_SHA256, source: "empty" };
  const hash = body.encoding === "base64" ? sha256OfBase64(body.data).hex : createHash("sha256").update(body.data, "utf8").digest("hex");
  return { hash, source: "body" };
}

function hasBodyOnTheWire(request: CloudFrontRequest): boolean {
  const length = headerValue(request.headers, "content-length");
  return (length !== undefined && length.trim() !== "0") || headerValue(request.headers, "transfer-encoding") !== undefined;
}

/**
 * The hash of the body the origin will receive. The event's body is only the first 1 MB when
 * `inputTruncated` is set (CloudFront still forwards all of it), and absent when the trigger
 * does not include the body: then S3 gets UNSIGNED-PAYLOAD and other services need the hash
 * from the viewer (as CloudFront's OAC asks viewers to send for Lambda URLs).
 */
export function resolvePayloadHash(request: CloudFrontRequest, service: string, viewerHash: string | undefined): PayloadHash {
  const body = request.body;
  const complete = body ? !body.inputTruncated : !hasBodyOnTheWire(request);
  if (complete) return body ? bodyHash(body) : { hash: EMPTY_SHA256, source: "empty" };
  if (isS3Service(service)) return { hash: UNSIGNED_PAYLOAD, source: "unsigned" };
  const candidate = viewerHash?.trim();
  if (candidate !== undefined && SHA256_HEX.test(candidate)) return { hash: candidate, source: "viewer" };
  if (body) {
    throw new EdgeError(
      413,
      `the body is larger than the 1 MB CloudFront hands to the function, and ${service} does not accept UNSIGNED-PAYLOAD: ` +
        "the viewer must send x-amz-content-sha256 with the body's SHA-256 (64 lowercase hex characters)",
    );
  }
  throw new EdgeError(
    502,
    `the request has a body but the event does not include it: turn on "Include body" on the origin-request trigger ` +
      "(or have the viewer send x-amz-content-sha256)",
  );
}
