// An S3-style bucket origin on loopback: path-style requests (`/<bucket>/<key>`), objects kept in
// memory, and in front of them SigV4 checked from the wire the way S3 does (sigv4-verify.mjs),
// answered with S3's own error XML. Enough of S3 for an edge in front of it: PUT/GET/HEAD/DELETE
// objects (Range, If-Match, If-None-Match, Content-MD5, metadata), list, create and delete
// buckets, GetBucketLocation.
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { awsRequestId, BodyTooLargeError, closeServer, listen, readBody, xmlEscape } from "./http-util.mjs";
import { awsDecode, queryPairs, receivedHeaders, splitTarget, verifySigV4 } from "./sigv4-verify.mjs";

const XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const STORED_HEADERS = ["content-type", "content-encoding", "content-disposition", "content-language", "cache-control", "expires"];
// Sub-resources the embedded bucket does not implement: answered NotImplemented, not ignored.
const SUBRESOURCES = new Set([
  "accelerate",
  "acl",
  "analytics",
  "attributes",
  "cors",
  "delete",
  "encryption",
  "intelligent-tiering",
  "inventory",
  "legal-hold",
  "lifecycle",
  "logging",
  "metrics",
  "notification",
  "object-lock",
  "ownershipControls",
  "partNumber",
  "policy",
  "policyStatus",
  "publicAccessBlock",
  "replication",
  "requestPayment",
  "restore",
  "retention",
  "select",
  "tagging",
  "torrent",
  "uploadId",
  "uploads",
  "versionId",
  "versioning",
  "versions",
  "website",
]);

export const DEFAULT_MAX_OBJECT_BYTES = 64 * 1024 * 1024;

/** Credentials the origin trusts: one `{accessKeyId, secretAccessKey, sessionToken?}` or a list. */
export function credentialLookup(credentials) {
  const list = Array.isArray(credentials) ? credentials : [credentials];
  const byKey = new Map(list.map((c) => [c.accessKeyId, c]));
  return (accessKeyId) => byKey.get(accessKeyId);
}

function httpDate(date) {
  return date.toUTCString();
}

function isoDate(date) {
  return date.toISOString();
}

/**
 * Starts the bucket origin. Options: credentials (required), region ("us-east-1"), buckets
 * (["demo"]), host ("127.0.0.1"), port (0 = any free port), now (clock), maxObjectBytes,
 * onRefusal({ requestId, method, target, status, code, reason, canonicalRequest, stringToSign, amzCfId }).
 */
export async function startS3Origin(options) {
  const {
    credentials,
    region = "us-east-1",
    buckets = ["demo"],
    host = "127.0.0.1",
    port = 0,
    now = () => new Date(),
    onRefusal,
    maxObjectBytes = DEFAULT_MAX_OBJECT_BYTES,
  } = options;
  if (!credentials) throw new Error("startS3Origin: credentials are required");
  const lookup = credentialLookup(credentials);
  /** bucket name → { created: Date, objects: Map<key, object> } */
  const store = new Map(buckets.map((name) => [name, { created: now(), objects: new Map() }]));

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) sendError(res, req.method, 500, "InternalError", `We encountered an internal error. Please try again. (${error.message})`);
      else res.destroy(error);
    });
  });

  async function handle(req, res) {
    res.setHeader("x-amz-request-id", awsRequestId());
    res.setHeader("x-amz-id-2", randomBytes(48).toString("base64"));
    res.setHeader("Server", "AmazonS3");
    const { rawPath, rawQuery } = splitTarget(req.url ?? "/");
    let body;
    try {
      body = await readBody(req, maxObjectBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return sendError(res, req.method, 400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", {
        MaxSizeAllowed: String(maxObjectBytes),
      });
    }
    const headers = receivedHeaders(req.rawHeaders);
    const verdict = verifySigV4(
      { method: req.method, rawPath, rawQuery, headers, body },
      { service: "s3", region, pathRules: "s3", payload: "header", requireContentSha256: true, requireAmzHeadersSigned: true, lookup, now: now() },
    );
    if (!verdict.ok) {
      onRefusal?.({
        origin: "s3",
        method: req.method,
        target: req.url,
        status: verdict.status,
        code: verdict.code,
        reason: verdict.reason,
        canonicalRequest: verdict.canonicalRequest,
        stringToSign: verdict.stringToSign,
        amzCfId: headers.get("x-amz-cf-id"),
      });
      return sendError(res, req.method, verdict.status, verdict.code, verdict.message, verdict.fields);
    }
    let bucketName;
    let key;
    let query;
    try {
      const rest = rawPath.slice(1);
      const slash = rest.indexOf("/");
      bucketName = awsDecode(slash === -1 ? rest : rest.slice(0, slash));
      key = slash === -1 ? "" : awsDecode(rest.slice(slash + 1));
      query = new Map(queryPairs(rawQuery));
    } catch {
      return sendError(res, req.method, 400, "InvalidURI", "Couldn't parse the specified URI.", { URI: rawPath });
    }
    const subresource = [...query.keys()].find((name) => SUBRESOURCES.has(name));
    if (subresource) {
      return sendError(
        res,
        req.method,
        501,
        "NotImplemented",
        `A header or query you provided implies functionality that is not implemented (the embedded bucket has no ?${subresource})`,
      );
    }
    if (bucketName === "") return serviceRequest(req, res);
    if (key === "") return bucketRequest(req, res, bucketName, query);
    return objectRequest(req, res, bucketName, key, headers, body);
  }

  function serviceRequest(req, res) {
    if (req.method !== "GET") return methodNotAllowed(res, req.method, "SERVICE");
    const list = [...store]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, bucket]) => `<Bucket><Name>${xmlEscape(name)}</Name><CreationDate>${isoDate(bucket.created)}</CreationDate></Bucket>`)
      .join("");
    sendXml(
      res,
      200,
      `<ListAllMyBucketsResult xmlns="${XMLNS}"><Owner><ID>local-edge</ID><DisplayName>local-edge</DisplayName></Owner><Buckets>${list}</Buckets></ListAllMyBucketsResult>`,
    );
  }

  function bucketRequest(req, res, name, query) {
    const bucket = store.get(name);
    if (req.method === "PUT") {
      if (!BUCKET_NAME.test(name)) return sendError(res, req.method, 400, "InvalidBucketName", "The specified bucket is not valid.", { BucketName: name });
      if (bucket)
        return sendError(
          res,
          req.method,
          409,
          "BucketAlreadyOwnedByYou",
          "Your previous request to create the named bucket succeeded and you already own it.",
          { BucketName: name },
        );
      store.set(name, { created: now(), objects: new Map() });
      res.setHeader("Location", `/${name}`);
      return sendEmpty(res, 200);
    }
    if (!bucket) return noSuchBucket(res, req.method, name);
    if (req.method === "HEAD") {
      res.setHeader("x-amz-bucket-region", region);
      return sendEmpty(res, 200);
    }
    if (req.method === "DELETE") {
      if (bucket.objects.size > 0)
        return sendError(res, req.method, 409, "BucketNotEmpty", "The bucket you tried to delete is not empty", { BucketName: name });
      store.delete(name);
      return sendEmpty(res, 204);
    }
    if (req.method !== "GET") return methodNotAllowed(res, req.method, "BUCKET");
    if (query.has("location")) {
      return sendXml(res, 200, `<LocationConstraint xmlns="${XMLNS}">${region === "us-east-1" ? "" : xmlEscape(region)}</LocationConstraint>`);
    }
    return listObjects(res, name, bucket, query);
  }

  function listObjects(res, name, bucket, query) {
    const v2 = query.get("list-type") === "2";
    const prefix = query.get("prefix") ?? "";
    const delimiter = query.get("delimiter") ?? "";
    const maxKeys = Math.max(0, Math.min(1000, Number.parseInt(query.get("max-keys") ?? "1000", 10) || 0));
    const token = query.get("continuation-token");
    const after = v2 ? (token ? Buffer.from(token, "base64").toString("utf8") : (query.get("start-after") ?? "")) : (query.get("marker") ?? "");
    const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const contents = [];
    const prefixes = new Set();
    let last;
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
        return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${isoDate(object.lastModified)}</LastModified><ETag>${object.etag.replace(/"/g, "&quot;")}</ETag><Size>${object.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join("");
    const common = [...prefixes].map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`).join("");
    const paging = v2
      ? `<KeyCount>${contents.length + prefixes.size}</KeyCount>${token ? `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>` : ""}${
          truncated && last !== undefined ? `<NextContinuationToken>${Buffer.from(last).toString("base64")}</NextContinuationToken>` : ""
        }`
      : `<Marker>${xmlEscape(after)}</Marker>${truncated && delimiter && last !== undefined ? `<NextMarker>${xmlEscape(last)}</NextMarker>` : ""}`;
    sendXml(
      res,
      200,
      `<ListBucketResult xmlns="${XMLNS}"><Name>${xmlEscape(name)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>${paging}<MaxKeys>${maxKeys}</MaxKeys>${
        delimiter ? `<Delimiter>${xmlEscape(delimiter)}</Delimiter>` : ""
      }<IsTruncated>${truncated}</IsTruncated>${entries}${common}</ListBucketResult>`,
    );
  }

  function objectRequest(req, res, bucketName, key, headers, body) {
    const bucket = store.get(bucketName);
    if (!bucket) return noSuchBucket(res, req.method, bucketName);
    if (Buffer.byteLength(key) > 1024) return sendError(res, req.method, 400, "KeyTooLongError", "Your key is too long", { Key: key });
    switch (req.method) {
      case "PUT":
        return putObject(req, res, bucket, key, headers, body);
      case "GET":
      case "HEAD":
        return getObject(req, res, bucket, key, headers);
      case "DELETE":
        bucket.objects.delete(key);
        return sendEmpty(res, 204);
      default:
        return methodNotAllowed(res, req.method, "OBJECT");
    }
  }

  function putObject(req, res, bucket, key, headers, body) {
    if (headers.has("x-amz-copy-source")) {
      return sendError(
        res,
        req.method,
        501,
        "NotImplemented",
        "A header you provided implies functionality that is not implemented (the embedded bucket has no CopyObject)",
        { Header: "x-amz-copy-source" },
      );
    }
    const md5 = createHash("md5").update(body);
    const digest = md5.digest();
    const contentMd5 = headers.get("content-md5");
    if (contentMd5 !== undefined) {
      const given = Buffer.from(contentMd5, "base64");
      if (given.length !== 16)
        return sendError(res, req.method, 400, "InvalidDigest", "The Content-MD5 you specified was invalid.", { "Content-MD5": contentMd5 });
      if (!given.equals(digest))
        return sendError(res, req.method, 400, "BadDigest", "The Content-MD5 you specified did not match what we received.", {
          ExpectedDigest: contentMd5,
          CalculatedDigest: digest.toString("base64"),
        });
    }
    const stored = {};
    for (const [name, value] of headers) {
      if (STORED_HEADERS.includes(name) || name.startsWith("x-amz-meta-")) stored[name] = value;
    }
    stored["content-type"] ??= "binary/octet-stream";
    const etag = `"${digest.toString("hex")}"`;
    bucket.objects.set(key, { body, headers: stored, etag, lastModified: new Date(Math.floor(now().getTime() / 1000) * 1000) });
    res.setHeader("ETag", etag);
    return sendEmpty(res, 200);
  }

  function getObject(req, res, bucket, key, headers) {
    const object = bucket.objects.get(key);
    if (!object) return sendError(res, req.method, 404, "NoSuchKey", "The specified key does not exist.", { Key: key });
    const ifMatch = headers.get("if-match");
    if (ifMatch !== undefined && !etagMatches(ifMatch, object.etag)) {
      return sendError(res, req.method, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", { Condition: "If-Match" });
    }
    const ifNoneMatch = headers.get("if-none-match");
    res.setHeader("ETag", object.etag);
    res.setHeader("Last-Modified", httpDate(object.lastModified));
    if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, object.etag)) return sendEmpty(res, 304);
    res.setHeader("Accept-Ranges", "bytes");
    for (const [name, value] of Object.entries(object.headers)) res.setHeader(name, value);
    const size = object.body.length;
    const range = headers.has("range") ? parseRange(headers.get("range"), size) : undefined;
    if (range === "unsatisfiable") {
      res.removeHeader("Content-Type");
      return sendError(res, req.method, 416, "InvalidRange", "The requested range is not satisfiable", {
        RangeRequested: headers.get("range"),
        ActualObjectSize: String(size),
      });
    }
    const slice = range ? object.body.subarray(range.start, range.end + 1) : object.body;
    if (range) res.setHeader("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
    res.setHeader("Content-Length", slice.length);
    res.writeHead(range ? 206 : 200);
    res.end(req.method === "HEAD" ? undefined : slice);
  }

  function noSuchBucket(res, method, name) {
    return sendError(res, method, 404, "NoSuchBucket", "The specified bucket does not exist", { BucketName: name });
  }

  function methodNotAllowed(res, method, resourceType) {
    res.setHeader("Allow", resourceType === "SERVICE" ? "GET" : "HEAD, DELETE, GET, PUT");
    return sendError(res, method, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.", {
      Method: method,
      ResourceType: resourceType,
    });
  }

  const actualPort = await listen(server, host, port);
  return {
    service: "s3",
    region,
    host,
    port: actualPort,
    url: `http://${host}:${actualPort}`,
    /** The buckets and their objects (bucket → { objects: Map<key, { body, headers, etag }> }). */
    store,
    close: () => closeServer(server),
  };
}

function etagMatches(condition, etag) {
  return condition
    .split(",")
    .map((value) => value.trim())
    .some((value) => value === "*" || value === etag || `"${value}"` === etag || value.replace(/^W\//, "") === etag);
}

function parseRange(header, size) {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return undefined; // S3 ignores a range it cannot read
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  if (start >= size) return "unsatisfiable";
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  return end < start ? undefined : { start, end };
}

function sendEmpty(res, status) {
  res.setHeader("Content-Length", 0);
  res.writeHead(status);
  res.end();
}

function sendXml(res, status, xml) {
  const body = Buffer.from(XML_DECLARATION + xml);
  res.writeHead(status, { "Content-Type": "application/xml", "Content-Length": body.length });
  res.end(body);
}

/** S3's error document; HEAD answers carry no body, as S3's do. */
export function sendError(res, method, status, code, message, fields = {}) {
  const extra = Object.entries(fields)
    .map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`)
    .join("");
  const requestId = res.getHeader("x-amz-request-id") ?? awsRequestId();
  const hostId = res.getHeader("x-amz-id-2") ?? "";
  const body = Buffer.from(
    `${XML_DECLARATION}<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${extra}<RequestId>${requestId}</RequestId><HostId>${xmlEscape(hostId)}</HostId></Error>`,
  );
  res.setHeader("Content-Type", "application/xml");
  if (method === "HEAD") {
    res.writeHead(status);
    res.end();
    return;
  }
  res.setHeader("Content-Length", body.length);
  res.writeHead(status);
  res.end(body);
}
