// The embedded bucket origin's service and bucket requests: ListBuckets, CreateBucket,
// HeadBucket, DeleteBucket, GetBucketLocation, ListObjects (v1 and v2).
import type { IncomingMessage, ServerResponse } from "node:http";
import { xmlEscape } from "../xml.ts";
import { methodNotAllowed, noSuchBucket, sendEmpty, sendError, sendXml, XMLNS } from "./s3-responses.ts";

export interface StoredObject {
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly etag: string;
  readonly lastModified: Date;
}

export interface Bucket {
  readonly created: Date;
  readonly objects: Map<string, StoredObject>;
}

/** What a bucket request needs from its origin. */
export interface BucketContext {
  readonly store: Map<string, Bucket>;
  readonly region: string;
  readonly now: () => Date;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function serviceRequest(req: IncomingMessage, res: ServerResponse, context: BucketContext) {
  const method = req.method ?? "GET";
  if (method !== "GET") return methodNotAllowed(res, method, "SERVICE");
  const list = [...context.store]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, bucket]) => `<Bucket><Name>${xmlEscape(name)}</Name><CreationDate>${bucket.created.toISOString()}</CreationDate></Bucket>`)
    .join("");
  sendXml(
    res,
    200,
    `<ListAllMyBucketsResult xmlns="${XMLNS}"><Owner><ID>local-edge</ID><DisplayName>local-edge</DisplayName></Owner><Buckets>${list}</Buckets></ListAllMyBucketsResult>`,
  );
}

export function bucketRequest(req: IncomingMessage, res: ServerResponse, context: BucketContext, name: string, query: ReadonlyMap<string, string>) {
  const method = req.method ?? "GET";
  const bucket = context.store.get(name);
  if (method === "PUT") {
    if (!BUCKET_NAME.test(name)) return sendError(res, method, 400, "InvalidBucketName", "The specified bucket is not valid.", { BucketName: name });
    if (bucket) {
      const message = "Your previous request to create the named bucket succeeded and you already own it.";
      return sendError(res, method, 409, "BucketAlreadyOwnedByYou", message, { BucketName: name });
    }
    context.store.set(name, { created: context.now(), objects: new Map() });
    res.setHeader("Location", `/${name}`);
    return sendEmpty(res, 200);
  }
  if (!bucket) return noSuchBucket(res, method, name);
  if (method === "HEAD") {
    res.setHeader("x-amz-bucket-region", context.region);
    return sendEmpty(res, 200);
  }
  if (method === "DELETE") {
    if (bucket.objects.size > 0) return sendError(res, method, 409, "BucketNotEmpty", "The bucket you tried to delete is not empty", { BucketName: name });
    context.store.delete(name);
    return sendEmpty(res, 204);
  }
  if (method !== "GET") return methodNotAllowed(res, method, "BUCKET");
  if (query.has("location")) {
    const constraint = context.region === "us-east-1" ? "" : xmlEscape(context.region);
    return sendXml(res, 200, `<LocationConstraint xmlns="${XMLNS}">${constraint}</LocationConstraint>`);
  }
  listObjects(res, name, bucket, query);
}

function listObjects(res: ServerResponse, name: string, bucket: Bucket, query: ReadonlyMap<string, string>) {
  const v2 = query.get("list-type") === "2";
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? "";
  const maxKeys = Math.max(0, Math.min(1000, Number.parseInt(query.get("max-keys") ?? "1000", 10) || 0));
  const token = query.get("continuation-token");
  const after = v2 ? (token ? Buffer.from(token, "base64").toString("utf8") : (query.get("start-after") ?? "")) : (query.get("marker") ?? "");
  const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
  const contents: string[] = [];
  const prefixes = new Set<string>();
  let last: string | undefined;
  let truncated = false;
  for (const k of keys) {
    const rolled = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
    const common = rolled === -1 ? undefined : k.slice(0, rolled + delimiter.length);
    if (common !== undefined && prefixes.has(common)) continue;
    if (contents.length + prefixes.size >= maxKeys) {
      truncated = true;
      break;
    }
    if (common !== undefined) prefixes.add(common);
    else contents.push(k);
    last = common ?? k;
  }
  const entries = contents
    .map((k) => {
      const object = bucket.objects.get(k);
      if (!object) return "";
      const etag = object.etag.replace(/"/g, "&quot;");
      return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${object.lastModified.toISOString()}</LastModified><ETag>${etag}</ETag><Size>${object.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    })
    .join("");
  const common = [...prefixes].map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`).join("");
  const next = truncated && last !== undefined;
  const paging = v2
    ? `<KeyCount>${contents.length + prefixes.size}</KeyCount>${token ? `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>` : ""}${
        next ? `<NextContinuationToken>${Buffer.from(last ?? "").toString("base64")}</NextContinuationToken>` : ""
      }`
    : `<Marker>${xmlEscape(after)}</Marker>${next && delimiter ? `<NextMarker>${xmlEscape(last ?? "")}</NextMarker>` : ""}`;
  sendXml(
    res,
    200,
    `<ListBucketResult xmlns="${XMLNS}"><Name>${xmlEscape(name)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>${paging}<MaxKeys>${maxKeys}</MaxKeys>${
      delimiter ? `<Delimiter>${xmlEscape(delimiter)}</Delimiter>` : ""
    }<IsTruncated>${truncated}</IsTruncated>${entries}${common}</ListBucketResult>`,
  );
}
