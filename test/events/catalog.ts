/**
 * What each recorded CloudFront origin-request event under test/events/ must produce, decided from
 * AWS's documentation (the project's field notes) and docs/interfaces.md (never from the implementation). Each entry says
 * why in `why`.
 *
 * Outcomes:
 * - `signed`: the function returns the request; the request CloudFront then puts on the wire must be
 *   accepted by an origin that expects `service`/`region` (see sigv4-oracle/). With `algorithm:
 *   "sigv4a"` the origin requires SigV4A, serves in `region`, and must receive `regionSet` signed.
 *   `host` is the Host the origin answers to (default: the origin's domain); `absentOnWire` lists
 *   headers that must not reach the origin.
 * - `forwarded`: the function returns the request unchanged.
 * - `response`: the function answers itself with this status.
 *
 * Big bodies are not committed: an event whose body is cut at 1 MB holds placeholders
 * (`@generated:...`) that `loadCatalogEvent` fills from `fullBody` (a deterministic byte pattern).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const EVENTS_DIR = dirname(fileURLToPath(import.meta.url));

/** The first 1 MB of the full body, base64: what CloudFront puts into a truncated event. */
export const GENERATED_TRUNCATED_DATA = "@generated:base64(first-1048576-bytes-of-fullBody)";
/** The SHA-256 (lower-case hex) of the full body, as a well-behaved viewer sends it. */
export const GENERATED_FULL_BODY_SHA256 = "@generated:sha256-hex(fullBody)";
/** How much of the body an origin-request event holds (1 MB). */
export const TRUNCATED_BYTES = 1024 * 1024;

/** `bytes` bytes of a 32-bit LCG (x = x * 1103515245 + 12345), top byte each step, from `seed`. */
export interface PatternBody {
  kind: "pattern";
  bytes: number;
  seed: number;
}

interface Common {
  /** The field-note or contract point this expectation comes from. */
  why: string;
  /** The full body the viewer sent (the event only holds its first 1 MB). */
  fullBody?: PatternBody;
  /**
   * `no-credentials`: run with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN unset.
   * `sts-unreachable`: the global fetch fails as it does when STS cannot be reached (no test ever
   * sends a request to AWS).
   */
  environment?: "no-credentials" | "sts-unreachable";
  /** The expectation is a judgement call the notes do not settle; see `why`. */
  unsure?: true;
}

export type CatalogEntry =
  | (Common & {
      outcome: "signed";
      service: string;
      region: string;
      algorithm?: "sigv4" | "sigv4a";
      regionSet?: string;
      host?: string;
      absentOnWire?: string[];
    })
  | (Common & { outcome: "forwarded" })
  | (Common & { outcome: "response"; status: "400" | "413" | "500" | "502" });

const SIGV4_CONFIG_HEADERS = ["x-sigv4-service", "x-sigv4-region", "x-sigv4-debug"];

export const EVENT_CATALOG: Record<string, CatalogEntry> = {
  // ------------------------------------------------------------------ S3
  "s3/regional-get.json": { outcome: "signed", service: "s3", region: "eu-west-1", why: "b.s3.<r>.amazonaws.com; If-None-Match is read-only and stays" },
  "s3/dashed-region.json": { outcome: "signed", service: "s3", region: "eu-west-1", why: "older dashed form b.s3-<r>.amazonaws.com" },
  "s3/dualstack.json": { outcome: "signed", service: "s3", region: "ap-southeast-2", why: "b.s3.dualstack.<r>.amazonaws.com" },
  "s3/legacy-global.json": { outcome: "signed", service: "s3", region: "us-east-1", why: "legacy global b.s3.amazonaws.com without origin.s3.region: us-east-1" },
  "s3/legacy-global-oai-region.json": {
    outcome: "signed", service: "s3", region: "eu-west-1",
    why: "origin.s3.region (OAI) is the bucket's region and wins over the legacy global host (else AuthorizationHeaderMalformed expecting 'eu-west-1')",
  },
  "s3/dotted-bucket.json": { outcome: "signed", service: "s3", region: "eu-central-1", why: "bucket name with dots: split('.')[2] is wrong" },
  "s3/path-style-custom-origin.json": {
    outcome: "signed", service: "s3", region: "eu-west-2",
    why: "path-style s3.<r>.amazonaws.com with the bucket in the origin path; a custom origin, so x-amz-cf-id must be signed",
  },
  "s3/access-point.json": { outcome: "signed", service: "s3", region: "us-west-2", why: "access point <name>-<account>.s3-accesspoint.<r>.amazonaws.com (custom origin)" },
  "s3/object-lambda.json": { outcome: "signed", service: "s3-object-lambda", region: "us-east-2", why: "S3 Object Lambda access point: signing name s3-object-lambda" },
  "s3/rest-endpoint-custom-origin.json": {
    outcome: "signed", service: "s3", region: "eu-west-1",
    why: "S3 REST endpoint as a custom origin: CloudFront adds x-amz-cf-id, S3 refuses it unsigned (SSE-KMS blog)",
  },
  "s3/put-binary-base64.json": { outcome: "signed", service: "s3", region: "eu-west-1", why: "binary PUT: hash the decoded bytes, never a UTF-8 string" },
  "s3/put-truncated-1mb.json": {
    outcome: "signed", service: "s3", region: "eu-west-1", fullBody: { kind: "pattern", bytes: 3 * 1024 * 1024, seed: 1 },
    why: "body cut at 1 MB, CloudFront forwards all 3 MiB: S3 takes UNSIGNED-PAYLOAD (a hash of the cut body is wrong)",
  },
  "s3/key-special-chars.json": {
    outcome: "signed", service: "s3", region: "eu-west-1",
    why: "key with %20, %2B, UTF-8 and %28/%29 in canonical form: S3 signs the path as sent, no double encoding",
  },
  "s3/key-encoded-slash.json": {
    outcome: "signed", service: "s3", region: "eu-west-1",
    why: "%2F in a key is a '/' of the key: S3 decodes the path and signs the key's slashes unencoded",
  },
  "s3/key-raw-plus-subdelims.json": {
    outcome: "signed", service: "s3", region: "eu-west-1", unsure: true,
    why: "raw '+', '(', ')', '!' in the key: S3 decodes the path ('+' = space) and re-encodes it once, so the function must sign that (or rewrite the uri to that form); the oracle's S3 path model decides",
  },
  "s3/get-with-query.json": { outcome: "signed", service: "s3", region: "eu-west-1", why: "query with encoded reserved characters: parsed into decoded values, re-encoded by the signer" },
  "s3/conditional-range-get.json": { outcome: "signed", service: "s3", region: "eu-west-1", why: "Range / If-Modified-Since / If-None-Match are read-only: left untouched" },
  "s3/viewer-amz-headers.json": {
    outcome: "signed", service: "s3", region: "eu-west-1",
    absentOnWire: ["x-amz-acl", "x-amz-server-side-encryption", "x-amz-grant-full-control"],
    why: "viewer Authorization and x-amz-* (ACL, encryption, grants) are dropped unless allowlisted: a viewer must not choose an ACL",
  },
  "s3/head-object.json": { outcome: "signed", service: "s3", region: "eu-west-1", why: "HEAD: any method" },
  "s3/mrap.json": {
    outcome: "signed", service: "s3", region: "eu-west-1", algorithm: "sigv4a", regionSet: "*",
    why: "Multi-Region Access Point <alias>.accesspoint.s3-global.amazonaws.com: SigV4A, region set '*', scope without a region",
  },
  "s3/mrap-get-oai-region.json": {
    outcome: "signed", service: "s3", region: "us-east-1", algorithm: "sigv4a", regionSet: "*",
    why: "an MRAP host decides the algorithm: origin.s3.region (us-east-1) must not downgrade it to SigV4",
  },
  "s3/mrap-put-custom-origin.json": {
    outcome: "signed", service: "s3", region: "ap-northeast-1", algorithm: "sigv4a", regionSet: "*", absentOnWire: ["x-amz-acl"],
    why: "MRAP as a custom origin: SigV4A with x-amz-cf-id signed (S3 refuses unsigned x-amz-* headers); the viewer's ACL is dropped",
  },

  // ------------------------------------------------------------------ Lambda Web Functions
  "lambda-web/global-post-json.json": {
    outcome: "signed", service: "lambda", region: "eu-central-1", algorithm: "sigv4a", regionSet: "*",
    why: "global endpoint *.lambda-web.global.on.aws: SigV4A (MultiRegion), the JSON body hashed as for function URLs",
  },
  "lambda-web/regional-get.json": {
    outcome: "signed", service: "lambda", region: "us-east-1",
    why: "regional endpoint *.lambda-web.<r>.on.aws (extra labels allowed): SigV4 for that region",
  },

  // ------------------------------------------------------------------ Lambda function URLs
  "lambda-url/get-simple.json": { outcome: "signed", service: "lambda", region: "eu-west-1", why: "<id>.lambda-url.<r>.on.aws; cookies never signed" },
  "lambda-url/get-query-repeated-keys.json": { outcome: "signed", service: "lambda", region: "eu-west-1", why: "repeated keys kept (all values signed, sorted) and an empty value" },
  "lambda-url/get-query-brackets.json": {
    outcome: "signed", service: "lambda", region: "eu-west-1",
    why: "CloudFront forwards [ ] raw and Lambda URLs reject them: the querystring must be written back in RFC 3986 form, exactly as signed",
  },
  "lambda-url/get-query-unicode-empty.json": { outcome: "signed", service: "lambda", region: "eu-west-1", why: "UTF-8 values, an empty value and a key without '='" },
  "lambda-url/get-query-plus.json": {
    outcome: "signed", service: "lambda", region: "eu-west-1",
    why: "a raw '+' in the query: whatever it is read as, the querystring sent must be the one signed",
  },
  "lambda-url/get-encoded-path.json": { outcome: "signed", service: "lambda", region: "eu-west-1", why: "non-S3 path: the wire path is encoded once more in the canonical request" },
  "lambda-url/post-json-text.json": { outcome: "signed", service: "lambda", region: "eu-west-1", why: "text-encoded body: hash of its UTF-8 bytes" },
  "lambda-url/post-form-urlencoded.json": { outcome: "signed", service: "lambda", region: "eu-west-1", why: "text body with '+' and %XX: hashed as bytes, not decoded" },
  "lambda-url/post-binary-base64.json": { outcome: "signed", service: "lambda", region: "eu-west-1", why: "binary POST: hash of the decoded bytes" },
  "lambda-url/post-empty-body.json": { outcome: "signed", service: "lambda", region: "eu-west-1", why: "included but empty body: hash of zero bytes" },
  "lambda-url/post-truncated-valid-sha.json": {
    outcome: "signed", service: "lambda", region: "eu-west-1", fullBody: { kind: "pattern", bytes: 2 * 1024 * 1024 + 333, seed: 2 },
    why: "body cut at 1 MB, the viewer sent a valid x-amz-content-sha256 of the full body (as OAC asks): use it",
  },
  "lambda-url/post-truncated-no-sha.json": {
    outcome: "response", status: "413", fullBody: { kind: "pattern", bytes: 2 * 1024 * 1024 + 333, seed: 3 },
    why: "body cut at 1 MB for a non-S3 origin and no viewer x-amz-content-sha256: Lambda URLs refuse UNSIGNED-PAYLOAD -> 413",
  },
  "lambda-url/post-truncated-unsigned-payload.json": {
    outcome: "response", status: "413", fullBody: { kind: "pattern", bytes: 1536 * 1024, seed: 4 },
    why: "viewer x-amz-content-sha256 is not 64 lower-case hex (UNSIGNED-PAYLOAD) on a truncated non-S3 body -> 413",
  },
  "lambda-url/post-viewer-wrong-sha.json": {
    outcome: "signed", service: "lambda", region: "eu-west-1",
    why: "complete body with a wrong viewer x-amz-content-sha256: replaced by the computed hash (the signer trusts the header otherwise)",
  },
  "lambda-url/viewer-auth-headers.json": {
    outcome: "signed", service: "lambda", region: "eu-west-1", absentOnWire: ["x-amz-acl"],
    why: "viewer Authorization, X-Amz-Security-Token, X-Amz-Date and other x-amz-* are removed / replaced",
  },
  "lambda-url/allviewer-host.json": {
    outcome: "signed", service: "lambda", region: "eu-west-1",
    why: "AllViewer policy: Host arrives as the distribution's domain; sign and send the origin's domain",
  },
  "lambda-url/origin-path.json": { outcome: "signed", service: "lambda", region: "eu-west-1", why: "the origin receives origin.path + uri" },
  "lambda-url/delete-method.json": { outcome: "signed", service: "lambda", region: "eu-west-1", why: "any method" },
  "lambda-url/oversized-headers.json": {
    outcome: "response", status: "502", unsure: true,
    why: "viewer headers just under CloudFront's 20,480-byte request-line-plus-headers limit; the signing headers (with a ~1 KB session token) push it over, so it cannot be sent: an origin that cannot be signed -> 502",
  },
  "lambda-url/cross-account-role-arn.json": {
    outcome: "response", status: "502", environment: "sts-unreachable",
    why: "x-sigv4-role-arn: the origin is signed with an assumed role; when STS cannot be reached the viewer gets a clear 502, never an unsigned or wrongly signed request",
  },
  "lambda-url/no-credentials.json": {
    outcome: "response", status: "500", environment: "no-credentials",
    why: "no credentials in the environment: fail closed with a generated 500",
  },

  // ------------------------------------------------------------------ API Gateway
  "apigw/execute-api-get.json": { outcome: "signed", service: "execute-api", region: "eu-west-1", why: "<id>.execute-api.<r>.amazonaws.com with a stage as origin path" },
  "apigw/execute-api-post-json.json": { outcome: "signed", service: "execute-api", region: "eu-west-1", why: "POST JSON to execute-api" },
  "apigw/custom-domain-custom-headers.json": {
    outcome: "signed", service: "execute-api", region: "eu-central-1", absentOnWire: SIGV4_CONFIG_HEADERS,
    why: "custom domain configured by origin custom headers x-sigv4-service/x-sigv4-region, removed before the origin",
  },
  "apigw/viewer-sends-sigv4-headers.json": {
    outcome: "signed", service: "execute-api", region: "eu-west-1",
    why: "x-sigv4-* sent by the viewer change nothing: configuration is read only from origin custom headers",
  },
  "apigw/custom-domain-viewer-config-ignored.json": {
    outcome: "forwarded",
    why: "a custom domain with no origin configuration is unknown; the viewer's x-sigv4-* headers cannot configure it",
  },
  "apigw/debug-custom-header.json": {
    outcome: "signed", service: "execute-api", region: "eu-west-1", absentOnWire: SIGV4_CONFIG_HEADERS,
    why: "x-sigv4-debug: 1 adds debug log lines (still no secret) and is removed before the origin",
  },

  // ------------------------------------------------------------------ OpenSearch
  "opensearch/es-search-get.json": { outcome: "signed", service: "es", region: "eu-west-1", why: "*.<r>.es.amazonaws.com; raw '*' in the path and ':' in the query" },
  "opensearch/es-bulk-post.json": { outcome: "signed", service: "es", region: "eu-west-1", why: "NDJSON body to es" },
  "opensearch/aoss-search-post.json": { outcome: "signed", service: "aoss", region: "us-east-1", why: "*.<r>.aoss.amazonaws.com; aoss requires x-amz-content-sha256" },
  "opensearch/aoss-get-doc.json": { outcome: "signed", service: "aoss", region: "us-east-1", why: "aoss requires x-amz-content-sha256 even without a body" },

  // ------------------------------------------------------------------ other custom origins
  "custom/sigv4a-configured.json": {
    outcome: "signed", service: "execute-api", region: "eu-west-1", algorithm: "sigv4a", regionSet: "eu-west-1,us-east-1",
    absentOnWire: ["x-sigv4-service", "x-sigv4-algorithm", "x-sigv4-region-set"],
    why: "x-sigv4-algorithm: sigv4a with x-sigv4-region-set on a configured origin: SigV4A for that set, the configuration headers never forwarded",
  },
  "custom/unknown-origin.json": { outcome: "forwarded", why: "neither AWS nor configured: forwarded unchanged" },
  "custom/unknown-http-8080.json": { outcome: "forwarded", why: "neither AWS nor configured (http, port 8080): forwarded unchanged" },
  "custom/alb-origin.json": { outcome: "forwarded", why: "an ALB (*.elb.amazonaws.com) is not IAM-protected and not a signable service: forwarded unchanged" },
  "custom/lookalike-host.json": { outcome: "forwarded", why: "s3.<r>.amazonaws.com.attacker.example is not an AWS host: forwarded unchanged" },
  "custom/port-8443-configured.json": {
    outcome: "signed", service: "es", region: "eu-west-1", host: "search.internal.example.net:8443", absentOnWire: SIGV4_CONFIG_HEADERS,
    why: "custom origin on port 8443 configured by custom headers: the Host on the wire (and signed) carries the port",
  },

  // ------------------------------------------------------------------ malformed
  "malformed/no-records.json": { outcome: "response", status: "502", why: "malformed event: no Records" },
  "malformed/empty-records.json": { outcome: "response", status: "502", why: "malformed event: empty Records" },
  "malformed/null-event.json": { outcome: "response", status: "502", why: "malformed event: null" },
  "malformed/no-cf.json": { outcome: "response", status: "502", why: "malformed event: record without cf" },
  "malformed/no-origin.json": { outcome: "response", status: "502", why: "malformed event: request without origin" },
  "malformed/headers-array.json": { outcome: "response", status: "502", why: "malformed event: headers is an array, not a map" },
  "malformed/headers-string.json": { outcome: "response", status: "502", why: "malformed event: headers is a string" },
  "malformed/header-value-not-string.json": { outcome: "response", status: "502", why: "malformed event: a header value is a number" },
  "malformed/missing-uri.json": { outcome: "response", status: "502", why: "malformed event: no uri" },
  "malformed/missing-method.json": { outcome: "response", status: "502", why: "malformed event: no method" },
  "malformed/missing-domain-name.json": { outcome: "response", status: "502", why: "malformed event: custom origin without domainName" },
  "malformed/both-origins.json": { outcome: "response", status: "502", unsure: true, why: "malformed event: origin has both s3 and custom (exactly one is allowed)" },
  "malformed/invalid-base64-body.json": { outcome: "response", status: "400", why: "body is not valid base64 (Node would silently skip the junk): the viewer's input cannot be signed" },
  "malformed/unknown-body-encoding.json": {
    outcome: "response", status: "502", unsure: true,
    why: "body encoding is neither base64 nor text: a malformed event (CloudFront's field, not the viewer's input) -> 502",
  },
  "malformed/malformed-query-encoding.json": { outcome: "response", status: "400", why: "query with a broken %-escape: malformed query encoding -> 400" },
};

/** The bytes of a pattern body (deterministic, mostly invalid UTF-8). */
export function patternBody(spec: PatternBody): Buffer {
  const b = Buffer.alloc(spec.bytes);
  let x = spec.seed >>> 0;
  for (let i = 0; i < spec.bytes; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

function fill(value: unknown, data: string, sha: string): unknown {
  if (value === GENERATED_TRUNCATED_DATA) return data;
  if (value === GENERATED_FULL_BODY_SHA256) return sha;
  if (Array.isArray(value)) return value.map((v) => fill(v, data, sha));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fill(v, data, sha);
    return out;
  }
  return value;
}

/**
 * Read a catalog event (path relative to test/events/) and fill its generated parts. Returns the
 * event (untyped: malformed ones are not CloudFront events) and the full body when the catalog has
 * one.
 */
export function loadCatalogEvent(relPath: string): { event: unknown; fullBody?: Buffer } {
  const entry = EVENT_CATALOG[relPath];
  if (!entry) throw new Error(`no catalog entry for ${relPath}`);
  const raw: unknown = JSON.parse(readFileSync(join(EVENTS_DIR, relPath), "utf8"));
  if (!entry.fullBody) return { event: raw };
  const fullBody = patternBody(entry.fullBody);
  const data = fullBody.subarray(0, TRUNCATED_BYTES).toString("base64");
  const sha = createHash("sha256").update(fullBody).digest("hex");
  return { event: fill(raw, data, sha), fullBody };
}
