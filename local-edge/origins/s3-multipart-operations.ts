// The embedded bucket origin's multipart upload requests, answered from the bookkeeping of
// ../s3-multipart.ts: CreateMultipartUpload (POST ?uploads), UploadPart (PUT ?partNumber=N&uploadId=ID),
// CompleteMultipartUpload (POST ?uploadId=ID, XML body) and AbortMultipartUpload (DELETE ?uploadId=ID).
// ListParts, ListMultipartUploads, UploadPartCopy and GET/HEAD ?partNumber are NotImplemented.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type MultipartUploads, parsePartNumber, type S3Failure } from "../s3-multipart.ts";
import { xmlEscape } from "../xml.ts";
import type { BucketContext } from "./s3-bucket-operations.ts";
import { checkedMd5, storedHeaders, wholeSecond } from "./s3-object-operations.ts";
import { noSuchBucket, sendEmpty, sendError, sendXml, XMLNS } from "./s3-responses.ts";

/** The query parameters that make a request a multipart one. */
export const MULTIPART_PARAMETERS: readonly string[] = ["uploads", "uploadId", "partNumber"];

export interface MultipartContext extends BucketContext {
  readonly uploads: MultipartUploads;
}

function sendFailure(res: ServerResponse, method: string, failure: S3Failure): void {
  sendError(res, method, failure.status, failure.code, failure.message, failure.fields);
}

function notImplemented(res: ServerResponse, method: string, what: string): void {
  sendError(
    res,
    method,
    501,
    "NotImplemented",
    `A header or query you provided implies functionality that is not implemented (the embedded bucket has no ${what})`,
  );
}

/** A request with `?uploads`, `?uploadId` or `?partNumber` (see MULTIPART_PARAMETERS). */
export function multipartRequest(
  req: IncomingMessage,
  res: ServerResponse,
  context: MultipartContext,
  target: { bucket: string; key: string },
  query: ReadonlyMap<string, string>,
  headers: Readonly<Record<string, string>>,
  body: Buffer,
) {
  const method = req.method ?? "GET";
  const { bucket, key } = target;
  const given = `${method} with ?${MULTIPART_PARAMETERS.filter((name) => query.has(name)).join("&")}`;
  if (key === "") return notImplemented(res, method, method === "GET" && query.has("uploads") ? "ListMultipartUploads" : `${given} on a bucket`);
  if (!context.store.has(bucket)) return noSuchBucket(res, method, bucket);
  const uploadId = query.get("uploadId");
  if (method === "POST" && query.has("uploads")) {
    const id = context.uploads.create(bucket, key, storedHeaders(headers));
    const result = `<Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${xmlEscape(id)}</UploadId>`;
    return sendXml(res, 200, `<InitiateMultipartUploadResult xmlns="${XMLNS}">${result}</InitiateMultipartUploadResult>`);
  }
  if (method === "PUT" && !query.has("uploads")) {
    if (headers["x-amz-copy-source"] !== undefined) return notImplemented(res, method, "UploadPartCopy");
    const partNumber = parsePartNumber(query.get("partNumber"));
    if (!partNumber.ok) return sendFailure(res, method, partNumber.failure);
    // Inferred: a part number without an upload id names no upload.
    if (uploadId === undefined) return sendError(res, method, 400, "InvalidArgument", "This operation needs an uploadId", { ArgumentName: "uploadId" });
    const digest = checkedMd5(res, headers, body);
    if (!digest) return;
    const part = context.uploads.uploadPart(bucket, key, uploadId, partNumber.value, body);
    if (!part.ok) return sendFailure(res, method, part.failure);
    res.setHeader("ETag", part.value);
    return sendEmpty(res, 200);
  }
  if (method === "POST" && uploadId !== undefined) {
    const completed = context.uploads.complete(bucket, key, uploadId, body.toString("utf8"));
    if (!completed.ok) return sendFailure(res, method, completed.failure);
    const { etag } = completed.value;
    context.store.get(bucket)?.objects.set(key, { ...completed.value, lastModified: wholeSecond(context.now()) });
    const path = [bucket, ...key.split("/")].map(encodeURIComponent).join("/");
    const location = `http://${headers.host ?? "127.0.0.1"}/${path}`;
    const result = `<Location>${xmlEscape(location)}</Location><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><ETag>${etag.replaceAll('"', "&quot;")}</ETag>`;
    return sendXml(res, 200, `<CompleteMultipartUploadResult xmlns="${XMLNS}">${result}</CompleteMultipartUploadResult>`);
  }
  if (method === "DELETE" && uploadId !== undefined) {
    const aborted = context.uploads.abort(bucket, key, uploadId);
    if (!aborted.ok) return sendFailure(res, method, aborted.failure);
    return sendEmpty(res, 204);
  }
  if ((method === "GET" || method === "HEAD") && query.has("partNumber")) return notImplemented(res, method, "GET ?partNumber (one part of an object)");
  if (method === "GET" && uploadId !== undefined) return notImplemented(res, method, "ListParts");
  return notImplemented(res, method, given);
}
