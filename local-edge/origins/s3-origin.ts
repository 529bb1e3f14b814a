// An S3-style bucket origin on loopback: path-style requests (`/<bucket>/<key>`), objects kept in
// memory, and in front of them SigV4 checked from the wire as S3 does (sigv4-oracle/),
// answered with S3's own error XML.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { awsDecode, queryPairs } from "../../sigv4-oracle/index.ts";
import { BodyTooLargeError, closeServer, listen, readBody } from "../http-util.ts";
import { MultipartUploads } from "../s3-multipart.ts";
import { checkSignature, type EmbeddedOrigin, type EmbeddedOriginOptions, receivedRequest } from "./embedded-origin.ts";
import { type Bucket, type BucketContext, bucketRequest, serviceRequest } from "./s3-bucket-operations.ts";
import { MULTIPART_PARAMETERS, multipartRequest } from "./s3-multipart-operations.ts";
import { objectRequest } from "./s3-object-operations.ts";
import { awsRequestId, sendError } from "./s3-responses.ts";

export const DEFAULT_MAX_OBJECT_BYTES = 64 * 1024 * 1024;

// Sub-resources the embedded bucket does not implement: answered NotImplemented, not ignored.
// (Multipart uploads, ?uploads, ?uploadId and ?partNumber, go to s3-multipart-operations.ts.)
const SUBRESOURCES = new Set(
  (
    "accelerate acl analytics attributes cors delete encryption intelligent-tiering inventory legal-hold lifecycle logging metrics notification " +
    "object-lock ownershipControls policy policyStatus publicAccessBlock replication requestPayment restore retention select tagging " +
    "torrent versionId versioning versions website"
  ).split(" "),
);

export interface S3OriginOptions extends EmbeddedOriginOptions {
  /** The buckets that exist at start (default `["demo"]`). */
  readonly buckets?: readonly string[];
  readonly maxObjectBytes?: number;
  /**
   * Virtual-hosted style for this one bucket (a Multi-Region Access Point's, whose host names
   * it): the whole path is the key. Default: path-style, `/<bucket>/<key>`.
   */
  readonly hostBucket?: string;
}

export interface S3Origin extends EmbeddedOrigin {
  /** The buckets and their objects. */
  readonly store: Map<string, Bucket>;
}

export async function startS3Origin(options: S3OriginOptions): Promise<S3Origin> {
  const { region = "us-east-1", host = "127.0.0.1", port = 0, maxObjectBytes = DEFAULT_MAX_OBJECT_BYTES } = options;
  const now = options.now ?? (() => new Date());
  const { hostBucket } = options;
  const names = hostBucket ? [hostBucket] : (options.buckets ?? ["demo"]);
  const store = new Map<string, Bucket>(names.map((name) => [name, { created: now(), objects: new Map() }]));
  const context: BucketContext = { store, region, now };
  const uploads = new MultipartUploads();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    res.setHeader("x-amz-request-id", awsRequestId());
    res.setHeader("x-amz-id-2", randomBytes(48).toString("base64"));
    res.setHeader("Server", "AmazonS3");
    let body: Buffer;
    try {
      body = await readBody(req, maxObjectBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      const message = "Your proposed upload exceeds the maximum allowed size";
      return sendError(res, method, 400, "EntityTooLarge", message, { MaxSizeAllowed: String(maxObjectBytes) });
    }
    const request = receivedRequest(req, body);
    const verdict = checkSignature(request, "s3", { ...options, region, now });
    const first = verdict.findings[0];
    if (first) return sendError(res, method, first.status, first.s3Code, first.message, first.fields);

    let bucket: string;
    let key: string;
    let query: Map<string, string>;
    try {
      const rest = hostBucket ? `${hostBucket}${request.path}` : request.path.slice(1);
      const slash = rest.indexOf("/");
      bucket = awsDecode(slash === -1 ? rest : rest.slice(0, slash));
      key = slash === -1 ? "" : awsDecode(rest.slice(slash + 1));
      query = new Map(queryPairs(request.querystring));
    } catch {
      return sendError(res, method, 400, "InvalidURI", "Couldn't parse the specified URI.", { URI: request.path });
    }
    const subresource = [...query.keys()].find((name) => SUBRESOURCES.has(name));
    if (subresource) {
      const message = `A header or query you provided implies functionality that is not implemented (the embedded bucket has no ?${subresource})`;
      return sendError(res, method, 501, "NotImplemented", message);
    }
    if (bucket !== "" && MULTIPART_PARAMETERS.some((name) => query.has(name))) {
      return multipartRequest(req, res, { ...context, uploads }, { bucket, key }, query, request.headers, body);
    }
    if (bucket === "") return serviceRequest(req, res, context);
    if (key === "") return bucketRequest(req, res, context, bucket, query);
    return objectRequest(req, res, context, { bucket, key }, request.headers, body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = `We encountered an internal error. Please try again. (${error instanceof Error ? error.message : String(error)})`;
      if (!res.headersSent) sendError(res, req.method ?? "GET", 500, "InternalError", message);
      else res.destroy();
    });
  });
  const actualPort = await listen(server, host, port);
  return { service: "s3", region, host, port: actualPort, url: `http://${host}:${actualPort}`, store, close: () => closeServer(server) };
}
