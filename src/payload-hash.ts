import type { CloudFrontRequest } from "aws-lambda";
import { EdgeError } from "./errors.js";
import { headerValue } from "./headers.js";
import { sha256Hex } from "./sha256.js";
import { isS3Service } from "./signing-target.js";

export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface PayloadHash {
  /** The value of x-amz-content-sha256, and the last line of the canonical request. */
  readonly hash: string;
  readonly source: "empty" | "body" | "unsigned" | "viewer";
}

/**
 * Node's base64 decoder skips characters outside the alphabet and accepts the URL-safe one.
 * A body that does not decode exactly would be hashed as different bytes than the origin gets.
 * Checked without a pass over the string: any skipped character shortens the output.
 */
export function decodeBase64Strict(data: string): Buffer {
  const bytes = Buffer.from(data, "base64");
  const last = data.slice(-4);
  if (
    data.length % 4 !== 0 ||
    bytes.length !== Buffer.byteLength(data, "base64") ||
    data.includes("-") ||
    data.includes("_") ||
    Buffer.from(last, "base64").toString("base64") !== last
  ) {
    throw new EdgeError(400, "the request body is not valid base64");
  }
  return bytes;
}

function decodeBody(body: NonNullable<CloudFrontRequest["body"]>): Buffer {
  return body.encoding === "base64" ? decodeBase64Strict(body.data) : Buffer.from(body.data, "utf8");
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
  if (complete) {
    const bytes = body ? decodeBody(body) : undefined;
    return bytes && bytes.length > 0 ? { hash: sha256Hex(bytes), source: "body" } : { hash: EMPTY_SHA256, source: "empty" };
  }
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
