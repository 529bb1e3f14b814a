/**
 * The origin's side of SigV4: given the request that arrives on the wire and what the origin knows
 * (its signing name and region, the caller's credentials, the clock), decide whether AWS would
 * accept it, and say why not.
 *
 * Independent oracle: nothing here comes from `src/`. The signature is recomputed with the `aws4`
 * npm package (mhart/aws4), fed only the signed headers with their wire values. Where aws4 cannot
 * express what the service does, that one part is computed here with plain Node and the reason is
 * written next to it:
 *
 * - aws4's `parsePath` runs `encodeURI(decodeURI(path))` on any path holding a character outside
 *   its "already encoded" set (`[`, a space, raw UTF-8, ...). That re-encodes the `%` of escapes
 *   `decodeURI` keeps (`%2B`, `%2F`, `%3F`, ...) into `%25..`, which no service does. We bypass it
 *   by handing aws4 the already split path and query (`parsedPath`) ourselves.
 * - aws4 applies its S3 path rules only when the signing name is exactly `s3`; S3 Object Lambda
 *   (`s3-object-lambda`) canonicalizes paths like S3. The canonical request does not depend on the
 *   signing name otherwise, so it is built by an aws4 signer set to `s3` and then signed by an aws4
 *   signer with the real name and region (its `canonicalString` is given that canonical request).
 * - aws4 keeps only the first value of a repeated query key for S3 (`firstValOnly`); S3, like every
 *   SigV4 service, signs all of them, sorted by name then value. For S3 with a repeated key the
 *   canonical query line is computed here (RFC 3986 encoding, byte order sort).
 *
 * How the services canonicalize the path (what the oracle reproduces):
 * - S3 (and S3 Object Lambda) decode the path they received and re-encode each segment once
 *   (RFC 3986, `/` kept, `+` read as a space): no double encoding, no `.`/`..`/`//` normalization.
 *   For a path already in canonical form (only unreserved characters and upper-case `%XX`) that is
 *   the path exactly as sent. Evidence that S3 does decode and re-encode rather than take the raw
 *   bytes: aws-sdk-js#853 (S3 expects `/%3Fa%3Db%20c` for a request to `/%3Fa=b%20c`), boto#2849
 *   (a path sent as `/%7E` is canonicalized as `/~`), ceph#10919 and http4k#1280 (a raw `+` in the
 *   path is a space for S3). This is exactly aws4's S3 path handling, so aws4 is used for it.
 * - Every other service normalizes the path (RFC 3986 dot segments, empty segments) and encodes
 *   each segment of the path as sent once more (`%20` → `%2520`), per the SigV4 specification and
 *   aws4's non-S3 handling.
 * - The query: split on `&`, name and value split on the first `=`, percent-decoded (`+` read as a
 *   space, as aws4 and Node's querystring do), re-encoded per RFC 3986, sorted.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createRequire } from "node:module";
import type { WireRequest } from "./wire-request.ts";

export interface OriginTruth {
  /** Signing name the origin expects (`s3`, `lambda`, `execute-api`, `es`, `aoss`, ...). */
  service: string;
  /** Signing region the origin expects (the bucket's region for S3). */
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The session token of the caller's temporary credentials, when they have one. */
  sessionToken?: string;
  /** The origin's clock (default: now). */
  now?: Date;
  /** The Host the origin answers to; when given, the wire Host must equal it. */
  host?: string;
  /** Path canonicalization rules; default `s3` for `s3`/`s3-object-lambda`, `standard` otherwise. */
  pathRules?: "s3" | "standard";
}

export interface VerifyResult {
  ok: boolean;
  errors: string[];
  /** The canonical request the origin computed (session token masked), when it got that far. */
  canonicalRequest?: string;
  /** The string to sign the origin computed, when it got that far. */
  stringToSign?: string;
}

interface Aws4Request {
  host: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  service: string;
  region: string;
  doNotModifyHeaders: boolean;
  extraHeadersToInclude: Record<string, boolean>;
  extraHeadersToIgnore: Record<string, boolean>;
}

interface Aws4Signer {
  datetime?: string;
  parsedPath?: { path: string; query: Record<string, string | string[]> | null };
  canonicalString(): string;
  stringToSign(): string;
  signature(): string;
  signedHeaders(): string;
}

interface Aws4Module {
  RequestSigner: new (request: Aws4Request, credentials: { accessKeyId: string; secretAccessKey: string }) => Aws4Signer;
}

const aws4 = createRequire(import.meta.url)("aws4") as Aws4Module;

const S3_FAMILY = new Set(["s3", "s3-object-lambda"]);
/** Services that refuse a request without `x-amz-content-sha256`. */
const CONTENT_SHA256_REQUIRED = new Set(["s3", "s3-object-lambda", "aoss"]);
const MAX_SKEW_MS = 15 * 60 * 1000;
const AMZ_DATE_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const HEX64_RE = /^[0-9a-f]{64}$/;

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** RFC 3986 percent-encoding of everything but unreserved characters (SigV4's UriEncode). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string;
  signature: string;
}

function parseAuthorization(value: string, errors: string[]): ParsedAuthorization | undefined {
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(value.trim());
  if (!m || m[1] === undefined) {
    errors.push("IncompleteSignature: Authorization does not start with 'AWS4-HMAC-SHA256 '");
    return undefined;
  }
  const fields = new Map<string, string>();
  for (const part of m[1].split(",")) {
    const p = part.trim();
    const eq = p.indexOf("=");
    if (eq <= 0) {
      errors.push(`IncompleteSignature: malformed Authorization component '${p.slice(0, 40)}'`);
      return undefined;
    }
    const key = p.slice(0, eq);
    if (fields.has(key)) {
      errors.push(`IncompleteSignature: Authorization component ${key} appears twice`);
      return undefined;
    }
    fields.set(key, p.slice(eq + 1));
  }
  const credential = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (credential === undefined || signedHeaders === undefined || signature === undefined || fields.size !== 3) {
    errors.push("IncompleteSignature: Authorization needs exactly Credential, SignedHeaders and Signature");
    return undefined;
  }
  const scope = credential.split("/");
  if (scope.length !== 5 || scope[4] !== "aws4_request" || !/^\d{8}$/.test(scope[1] ?? "")) {
    errors.push("AuthorizationHeaderMalformed: Credential must be <key>/<yyyymmdd>/<region>/<service>/aws4_request");
    return undefined;
  }
  if (!HEX64_RE.test(signature)) {
    errors.push("IncompleteSignature: Signature must be 64 lower-case hex digits");
    return undefined;
  }
  const [accessKeyId = "", date = "", region = "", service = ""] = scope;
  return { accessKeyId, date, region, service, signedHeaders, signature };
}

type QueryPairs = Array<[string, string]>;

/** The query as the service reads it: names and values decoded. Undefined when not decodable. */
function parseQuery(querystring: string): QueryPairs | undefined {
  const pairs: QueryPairs = [];
  for (const piece of querystring.split("&")) {
    if (piece === "") continue;
    const eq = piece.indexOf("=");
    const rawName = eq < 0 ? piece : piece.slice(0, eq);
    const rawValue = eq < 0 ? "" : piece.slice(eq + 1);
    try {
      const name = decodeURIComponent(rawName.replace(/\+/g, " "));
      const value = decodeURIComponent(rawValue.replace(/\+/g, " "));
      // Services ignore parameters without a name (aws4 drops them too).
      if (name !== "") pairs.push([name, value]);
    } catch {
      return undefined;
    }
  }
  return pairs;
}

function canonicalQueryIndependent(pairs: QueryPairs): string {
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return pairs
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

function amzDateToMs(value: string): number | undefined {
  const m = AMZ_DATE_RE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  if (y === undefined || mo === undefined || d === undefined || h === undefined || mi === undefined || s === undefined) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isNaN(ms) ? undefined : ms;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verify a wire request as the origin would. Never prints or returns a secret: messages name the
 * failing check, not the token or key values.
 */
export function verifyWireRequest(wire: WireRequest, truth: OriginTruth): VerifyResult {
  const errors: string[] = [];
  const h = wire.headers;
  const s3Rules = (truth.pathRules ?? (S3_FAMILY.has(truth.service) ? "s3" : "standard")) === "s3";
  const s3Checks = S3_FAMILY.has(truth.service);
  const now = (truth.now ?? new Date()).getTime();
  const mask = (text: string): string => (truth.sessionToken ? text.split(truth.sessionToken).join("<session-token>") : text);

  // --- Host the origin answers to
  const host = h.host;
  if (host === undefined || host === "") errors.push("MissingHost: no Host header on the wire");
  else if (truth.host !== undefined && host !== truth.host) errors.push(`WrongHost: Host is '${host}', the origin is '${truth.host}'`);

  // --- Authorization
  const authorization = h.authorization;
  if (authorization === undefined) {
    errors.push("MissingAuthenticationToken: no Authorization header on the wire");
    return { ok: false, errors };
  }
  const auth = parseAuthorization(authorization, errors);
  if (!auth) return { ok: false, errors };

  if (auth.accessKeyId !== truth.accessKeyId) errors.push(`InvalidAccessKeyId: signed with access key '${auth.accessKeyId}'`);
  if (auth.region !== truth.region) {
    errors.push(`AuthorizationHeaderMalformed: the region '${auth.region}' is wrong; expecting '${truth.region}'`);
  }
  if (auth.service !== truth.service) {
    errors.push(`SignatureDoesNotMatch: credential scope service '${auth.service}' is wrong; expecting '${truth.service}'`);
  }

  // --- Signed headers: canonical form, presence, mandatory members
  const signedNames = auth.signedHeaders.split(";");
  const signedSet = new Set(signedNames);
  if (auth.signedHeaders === "" || signedNames.some((n) => n === "" || n !== n.toLowerCase())) {
    errors.push(`AuthorizationHeaderMalformed: SignedHeaders '${auth.signedHeaders}' is not a ';'-list of lower-case names`);
  }
  if (signedSet.size !== signedNames.length) errors.push("AuthorizationHeaderMalformed: SignedHeaders lists a header twice");
  if (signedNames.join(";") !== [...signedNames].sort().join(";")) errors.push("AuthorizationHeaderMalformed: SignedHeaders is not sorted");
  if (!signedSet.has("host")) errors.push("SignatureDoesNotMatch: host is not signed");
  const missing = signedNames.filter((n) => h[n] === undefined);
  for (const n of missing) errors.push(`SignatureDoesNotMatch: signed header '${n}' is not on the wire`);
  for (const n of signedNames) {
    if (n === "authorization") errors.push("SignatureDoesNotMatch: authorization cannot be a signed header");
  }

  // --- Date
  const amzDate = h["x-amz-date"];
  let dateOk = false;
  if (amzDate === undefined) {
    errors.push("MissingAuthenticationToken: no x-amz-date on the wire");
  } else {
    const ms = amzDateToMs(amzDate);
    if (ms === undefined) errors.push(`AuthorizationHeaderMalformed: x-amz-date '${amzDate}' is not yyyymmddThhmmssZ`);
    else {
      dateOk = true;
      if (Math.abs(ms - now) > MAX_SKEW_MS) errors.push(`RequestTimeTooSkewed: x-amz-date ${amzDate} is more than 15 minutes from the origin's clock`);
      if (amzDate.slice(0, 8) !== auth.date) errors.push(`AuthorizationHeaderMalformed: credential date ${auth.date} differs from x-amz-date ${amzDate}`);
    }
    if (!signedSet.has("x-amz-date")) errors.push("SignatureDoesNotMatch: x-amz-date is not signed");
  }

  // --- Session token
  const token = h["x-amz-security-token"];
  if (truth.sessionToken !== undefined) {
    if (token === undefined) errors.push("InvalidClientTokenId: temporary credentials used without x-amz-security-token");
    else if (!sameSecret(token, truth.sessionToken)) errors.push("InvalidToken: x-amz-security-token is not the caller's session token");
  } else if (token !== undefined) {
    errors.push("InvalidToken: x-amz-security-token sent with long-term credentials");
  }
  if (token !== undefined && !signedSet.has("x-amz-security-token")) {
    // Some services tolerate an unsigned token; this project signs it (issue 2), and S3 refuses it anyway.
    errors.push("HeadersNotSigned: x-amz-security-token is not signed");
  }

  // --- x-amz-* headers that are not signed
  const unsignedAmz = Object.keys(h).filter((n) => n.startsWith("x-amz-") && !signedSet.has(n));
  if (s3Checks) {
    for (const n of unsignedAmz) errors.push(`HeadersNotSigned: S3 refuses the unsigned header '${n}'`);
  } else if (unsignedAmz.includes("x-amz-content-sha256")) {
    errors.push("HeadersNotSigned: x-amz-content-sha256 is not signed");
  }

  // --- Payload
  const bodyHash = sha256Hex(wire.body);
  const contentSha = h["x-amz-content-sha256"];
  if (contentSha === undefined) {
    if (CONTENT_SHA256_REQUIRED.has(truth.service)) errors.push(`InvalidRequest: ${truth.service} requires x-amz-content-sha256`);
  } else if (contentSha === "UNSIGNED-PAYLOAD") {
    if (!s3Checks) errors.push(`InvalidSignatureException: ${truth.service} does not accept UNSIGNED-PAYLOAD`);
  } else if (contentSha.startsWith("STREAMING-")) {
    errors.push(`InvalidRequest: x-amz-content-sha256 ${contentSha} (chunked signing) does not match a plain body`);
  } else if (!HEX64_RE.test(contentSha)) {
    errors.push(`InvalidArgument: x-amz-content-sha256 '${contentSha.slice(0, 80)}' is not a lower-case hex SHA-256`);
  } else if (contentSha !== bodyHash) {
    errors.push(`XAmzContentSHA256Mismatch: x-amz-content-sha256 ${contentSha} is not the SHA-256 of the ${wire.body.length}-byte body (${bodyHash})`);
  }

  // --- Query as the service reads it
  const pairs = parseQuery(wire.querystring);
  if (!pairs) {
    errors.push("InvalidQueryString: the query string is not valid percent-encoded UTF-8");
  }
  if (truth.service === "lambda" && /[[\]]/.test(wire.querystring)) {
    // Field notes (pwrdrvr/lambda-url-signing): Lambda function URLs reject raw '[' and ']'.
    errors.push("BadRequest: Lambda function URLs reject raw '[' or ']' in the query string");
  }

  if (missing.length > 0 || !pairs || !dateOk || amzDate === undefined) {
    return { ok: false, errors };
  }

  // --- Signature, recomputed by aws4 from the wire values of the signed headers only
  const signedHeaders: Record<string, string> = {};
  const include: Record<string, boolean> = {};
  for (const n of signedNames) {
    signedHeaders[n] = h[n] ?? "";
    include[n] = true; // aws4 would otherwise skip e.g. user-agent or range even when they were signed
  }
  const ignore: Record<string, boolean> = signedSet.has("host") ? {} : { host: true };
  const keys = { accessKeyId: truth.accessKeyId, secretAccessKey: truth.secretAccessKey };
  const base = {
    host: host ?? "",
    method: wire.method,
    path: wire.path,
    headers: signedHeaders,
    body: wire.body,
    region: truth.region,
    doNotModifyHeaders: true,
    extraHeadersToInclude: include,
    // aws4 adds a Host header when none is given; do not let it sign one the request did not sign.
    extraHeadersToIgnore: ignore,
  };
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of pairs) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const hasRepeatedKey = Object.values(query).some((v) => Array.isArray(v));

  let canonicalRequest: string;
  try {
    // A signer whose only job is the canonical request, under the path rules of the service.
    const canonicalSigner = new aws4.RequestSigner({ ...base, service: s3Rules ? "s3" : "service" }, keys);
    canonicalSigner.datetime = amzDate;
    canonicalSigner.parsedPath = { path: wire.path === "" ? "/" : wire.path, query: pairs.length > 0 ? query : null };
    canonicalRequest = canonicalSigner.canonicalString();
    if (s3Rules && hasRepeatedKey) {
      const lines = canonicalRequest.split("\n");
      lines[2] = canonicalQueryIndependent(pairs);
      canonicalRequest = lines.join("\n");
    }
    if (canonicalSigner.signedHeaders() !== auth.signedHeaders) {
      errors.push(`SignatureDoesNotMatch: the origin signs '${canonicalSigner.signedHeaders()}' where the request says '${auth.signedHeaders}'`);
    }
  } catch (e) {
    errors.push(`InvalidURI: the path cannot be canonicalized (${e instanceof Error ? e.message : String(e)})`);
    return { ok: false, errors };
  }

  const signer = new aws4.RequestSigner({ ...base, service: truth.service }, keys);
  signer.datetime = amzDate;
  signer.parsedPath = { path: "/", query: null };
  signer.canonicalString = () => canonicalRequest;
  const stringToSign = signer.stringToSign();
  const expected = signer.signature();
  if (expected !== auth.signature) {
    errors.push(`SignatureDoesNotMatch: the signature the origin computes (${expected}) differs from the one sent (${auth.signature})`);
  }

  return { ok: errors.length === 0, errors, canonicalRequest: mask(canonicalRequest), stringToSign };
}
