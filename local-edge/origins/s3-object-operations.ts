// The embedded bucket origin's object requests: PUT (Content-MD5, metadata), GET and HEAD
// (Range, If-Match, If-None-Match), DELETE.
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Bucket, BucketContext } from "./s3-bucket-operations.ts";
import { methodNotAllowed, noSuchBucket, sendEmpty, sendError } from "./s3-responses.ts";

const STORED_HEADERS = ["content-type", "content-encoding", "content-disposition", "content-language", "cache-control", "expires"];

export function objectRequest(
  req: IncomingMessage,
  res: ServerResponse,
  context: BucketContext,
  target: { bucket: string; key: string },
  headers: Readonly<Record<string, string>>,
  body: Buffer,
) {
  const method = req.method ?? "GET";
  const bucket = context.store.get(target.bucket);
  if (!bucket) return noSuchBucket(res, method, target.bucket);
  if (Buffer.byteLength(target.key) > 1024) return sendError(res, method, 400, "KeyTooLongError", "Your key is too long", { Key: target.key });
  switch (method) {
    case "PUT":
      return putObject(res, context, bucket, target.key, headers, body);
    case "GET":
    case "HEAD":
      return getObject(res, method, bucket, target.key, headers);
    case "DELETE":
      bucket.objects.delete(target.key);
      return sendEmpty(res, 204);
    default:
      return methodNotAllowed(res, method, "OBJECT");
  }
}

function putObject(res: ServerResponse, context: BucketContext, bucket: Bucket, key: string, headers: Readonly<Record<string, string>>, body: Buffer) {
  if (headers["x-amz-copy-source"] !== undefined) {
    const message = "A header you provided implies functionality that is not implemented (the embedded bucket has no CopyObject)";
    return sendError(res, "PUT", 501, "NotImplemented", message, { Header: "x-amz-copy-source" });
  }
  const digest = checkedMd5(res, headers, body);
  if (!digest) return;
  const etag = `"${digest.toString("hex")}"`;
  bucket.objects.set(key, { body, headers: storedHeaders(headers), etag, lastModified: wholeSecond(context.now()) });
  res.setHeader("ETag", etag);
  sendEmpty(res, 200);
}

/** The body's MD5, or undefined after answering S3's error for a Content-MD5 that is invalid or does not match. */
export function checkedMd5(res: ServerResponse, headers: Readonly<Record<string, string>>, body: Buffer): Buffer | undefined {
  const digest = createHash("md5").update(body).digest();
  const contentMd5 = headers["content-md5"];
  if (contentMd5 === undefined) return digest;
  const given = Buffer.from(contentMd5, "base64");
  if (given.length !== 16) {
    sendError(res, "PUT", 400, "InvalidDigest", "The Content-MD5 you specified was invalid.", { "Content-MD5": contentMd5 });
    return undefined;
  }
  if (!given.equals(digest)) {
    sendError(res, "PUT", 400, "BadDigest", "The Content-MD5 you specified did not match what we received.", {
      ExpectedDigest: contentMd5,
      CalculatedDigest: digest.toString("base64"),
    });
    return undefined;
  }
  return digest;
}

/** The request headers S3 keeps with an object (content-*, cache-control, expires, x-amz-meta-*). */
export function storedHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const stored: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (STORED_HEADERS.includes(name) || name.startsWith("x-amz-meta-")) stored[name] = value;
  }
  stored["content-type"] ??= "binary/octet-stream";
  return stored;
}

/** S3's Last-Modified has whole seconds. */
export function wholeSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function getObject(res: ServerResponse, method: string, bucket: Bucket, key: string, headers: Readonly<Record<string, string>>) {
  const object = bucket.objects.get(key);
  if (!object) return sendError(res, method, 404, "NoSuchKey", "The specified key does not exist.", { Key: key });
  const ifMatch = headers["if-match"];
  if (ifMatch !== undefined && !etagMatches(ifMatch, object.etag)) {
    return sendError(res, method, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", { Condition: "If-Match" });
  }
  res.setHeader("ETag", object.etag);
  res.setHeader("Last-Modified", object.lastModified.toUTCString());
  const ifNoneMatch = headers["if-none-match"];
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, object.etag)) return sendEmpty(res, 304);
  res.setHeader("Accept-Ranges", "bytes");
  for (const [name, value] of Object.entries(object.headers)) res.setHeader(name, value);
  const size = object.body.length;
  const rangeHeader = headers.range;
  const range = rangeHeader === undefined ? undefined : parseRange(rangeHeader, size);
  if (range === "unsatisfiable") {
    res.removeHeader("Content-Type");
    return sendError(res, method, 416, "InvalidRange", "The requested range is not satisfiable", {
      RangeRequested: rangeHeader ?? "",
      ActualObjectSize: String(size),
    });
  }
  const slice = range ? object.body.subarray(range.start, range.end + 1) : object.body;
  if (range) res.setHeader("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
  res.setHeader("Content-Length", slice.length);
  res.writeHead(range ? 206 : 200);
  res.end(method === "HEAD" ? undefined : slice);
}

function etagMatches(condition: string, etag: string): boolean {
  return condition
    .split(",")
    .map((value) => value.trim())
    .some((value) => value === "*" || value === etag || `"${value}"` === etag || value.replace(/^W\//, "") === etag);
}

function parseRange(header: string, size: number): { start: number; end: number } | "unsatisfiable" | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  const first = match?.[1] ?? "";
  const second = match?.[2] ?? "";
  if (!match || (first === "" && second === "")) return undefined; // S3 ignores a range it cannot read
  if (first === "") {
    const suffix = Number(second);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return "unsatisfiable";
  const end = second === "" ? size - 1 : Math.min(Number(second), size - 1);
  return end < start ? undefined : { start, end };
}
