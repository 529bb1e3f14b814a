// The embedded origins' side of SigV4: given what arrived on the wire (method, raw path, raw
// query, the received headers, the received body), decide as AWS would whether the request is
// signed by a known key, and say why not in AWS's own terms.
//
// Nothing here comes from the function (src/). The signature is recomputed with the `aws4`
// package (mhart/aws4), fed from the wire:
// - aws4 canonicalizes the path (S3 rules: each segment decoded, `+` read as a space, encoded
//   once, `%2F` kept as `/`, no normalization; other services: `.`/`..`/`//` normalized and each
//   segment encoded once more), the headers (lower case, trimmed, inner whitespace folded,
//   sorted) and the signed-header list, then builds the string to sign and the HMAC chain.
// - Two lines of aws4's canonical request are replaced, because aws4 is a *client* and differs
//   from the services there: the query line (aws4 keeps only the first value of a repeated key
//   for S3 and drops empty names; services sign every pair, decoded then RFC 3986-encoded,
//   sorted by name then value) and the payload line (aws4 takes x-amz-content-sha256 from the
//   headers when present; non-S3 services hash the body they received, whatever the header says).
// - aws4's own path parser (`parsePath`, which runs encodeURI(decodeURI(path))) is bypassed: the
//   raw path from the request line is handed over as already parsed.
import { createHash, timingSafeEqual } from "node:crypto";
import aws4 from "aws4";

export const MAX_SKEW_MS = 15 * 60 * 1000;
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
const ALGORITHM = "AWS4-HMAC-SHA256";
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export function sha256Hex(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Received headers by lower-case name; repeated headers joined with "," as SigV4 does. */
export function receivedHeaders(rawHeaders) {
  const headers = new Map();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    const value = rawHeaders[i + 1];
    headers.set(name, headers.has(name) ? `${headers.get(name)},${value}` : value);
  }
  return headers;
}

/** Splits a request target into the raw path and raw query, exactly as sent. */
export function splitTarget(target) {
  const question = target.indexOf("?");
  return question === -1 ? { rawPath: target, rawQuery: "" } : { rawPath: target.slice(0, question), rawQuery: target.slice(question + 1) };
}

/** Percent-decoding as AWS reads a query component or an S3 key: `+` is a space, a lone `%` is literal. */
export function awsDecode(component) {
  return decodeURIComponent(component.replace(/\+/g, "%20").replace(/%(?![0-9A-Fa-f]{2})/g, "%25"));
}

export function rfc3986(value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Decoded query pairs in order (repeated names kept). Throws URIError on escapes that are not UTF-8. */
export function queryPairs(rawQuery) {
  if (rawQuery === "") return [];
  return rawQuery
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const equals = pair.indexOf("=");
      return equals === -1 ? [awsDecode(pair), ""] : [awsDecode(pair.slice(0, equals)), awsDecode(pair.slice(equals + 1))];
    });
}

/** The canonical query string a service computes from the raw query it received. */
export function canonicalQuery(rawQuery) {
  const pairs = queryPairs(rawQuery).map(([name, value]) => [rfc3986(name), rfc3986(value)]);
  pairs.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join("&");
}

/** `AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex` */
export function parseAuthorization(value) {
  const space = value.indexOf(" ");
  const algorithm = space === -1 ? value : value.slice(0, space);
  if (algorithm !== ALGORITHM) return { error: "unsupported", algorithm };
  const fields = {};
  for (const part of value.slice(space + 1).split(",")) {
    const equals = part.indexOf("=");
    if (equals === -1) continue;
    fields[part.slice(0, equals).trim()] = part.slice(equals + 1).trim();
  }
  const { Credential: credential, SignedHeaders: signedHeaders, Signature: signature } = fields;
  if (!credential || !signedHeaders || !signature) {
    const missing = ["Credential", "SignedHeaders", "Signature"].filter((name) => !fields[name]);
    return { error: "malformed", reason: `the authorization header requires '${missing[0]}' parameter` };
  }
  const scope = credential.split("/");
  if (scope.length !== 5) {
    return { error: "malformed", reason: `the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".` };
  }
  const [accessKeyId, date, region, service, terminator] = scope;
  return { accessKeyId, date, region, service, terminator, signedHeaders: signedHeaders.split(";"), signature };
}

function amzDateToTime(amzDate) {
  const m = AMZ_DATE.exec(amzDate);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

/** The canonical request with the session token masked, for error bodies and logs. */
export function redactCanonicalRequest(canonicalRequest) {
  return canonicalRequest.replace(/^x-amz-security-token:.*$/m, "x-amz-security-token:<redacted>");
}

function refusal(status, code, message, fields = {}, details = {}) {
  return { ok: false, status, code, message, fields, ...details };
}

/**
 * @param request { method, rawPath, rawQuery, headers: Map<lower name, value>, body: Buffer }
 * @param rules { service, region, pathRules: "s3"|"standard", payload: "header"|"body",
 *   requireContentSha256, requireAmzHeadersSigned, lookup(accessKeyId) → {secretAccessKey, sessionToken?}, now: Date }
 * @returns { ok: true, accessKeyId, signedHeaders, canonicalRequest, stringToSign } or
 *   { ok: false, status, code, message, fields (extra S3 error elements), reason, canonicalRequest?, stringToSign? }
 */
export function verifySigV4(request, rules) {
  const { headers } = request;
  const authorization = headers.get("authorization");
  if (authorization === undefined) {
    return refusal(403, "AccessDenied", "Access Denied", {}, { reason: "no Authorization header" });
  }
  const auth = parseAuthorization(authorization);
  if (auth.error === "unsupported") {
    return refusal(
      400,
      "InvalidArgument",
      "Unsupported Authorization Type",
      { ArgumentName: "Authorization", ArgumentValue: auth.algorithm },
      { reason: `authorization type ${auth.algorithm}` },
    );
  }
  if (auth.error) {
    return refusal(400, "AuthorizationHeaderMalformed", `The authorization header is malformed; ${auth.reason}`, {}, { reason: auth.reason });
  }
  const credentials = rules.lookup(auth.accessKeyId);
  if (!credentials) {
    return refusal(
      403,
      "InvalidAccessKeyId",
      "The AWS Access Key Id you provided does not exist in our records.",
      { AWSAccessKeyId: auth.accessKeyId },
      { reason: `unknown access key ${auth.accessKeyId}` },
    );
  }
  const amzDate = headers.get("x-amz-date");
  const signedAt = amzDate === undefined ? NaN : amzDateToTime(amzDate);
  if (Number.isNaN(signedAt)) {
    return refusal(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header", {}, { reason: "no valid x-amz-date header" });
  }
  if (auth.date !== amzDate.slice(0, 8)) {
    return refusal(
      400,
      "AuthorizationHeaderMalformed",
      "The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.",
      {},
      { reason: `credential date ${auth.date} is not the date of x-amz-date ${amzDate}` },
    );
  }
  if (auth.region !== rules.region) {
    return refusal(
      400,
      "AuthorizationHeaderMalformed",
      `The authorization header is malformed; the region '${auth.region}' is wrong; expecting '${rules.region}'`,
      { Region: rules.region },
      { reason: `signed for region ${auth.region}, expecting ${rules.region}` },
    );
  }
  if (auth.service !== rules.service) {
    return refusal(
      400,
      "AuthorizationHeaderMalformed",
      `The authorization header is malformed; incorrect service "${auth.service}". This endpoint belongs to "${rules.service}".`,
      {},
      { reason: `signed for service ${auth.service}, expecting ${rules.service}` },
    );
  }
  if (auth.terminator !== "aws4_request") {
    return refusal(
      400,
      "AuthorizationHeaderMalformed",
      `The authorization header is malformed; incorrect terminal "${auth.terminator}". This endpoint uses "aws4_request".`,
      {},
      { reason: `credential scope ends with ${auth.terminator}` },
    );
  }
  const now = rules.now.getTime();
  if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    return refusal(
      403,
      "RequestTimeTooSkewed",
      "The difference between the request time and the current time is too large.",
      { RequestTime: amzDate, ServerTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"), MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS) },
      { reason: `x-amz-date ${amzDate} is more than 15 minutes away from the origin's clock` },
    );
  }
  const token = headers.get("x-amz-security-token");
  if (credentials.sessionToken !== undefined && token === undefined) {
    // Temporary keys are unknown without their session token.
    return refusal(
      403,
      "InvalidAccessKeyId",
      "The AWS Access Key Id you provided does not exist in our records.",
      { AWSAccessKeyId: auth.accessKeyId },
      { reason: "temporary access key without x-amz-security-token" },
    );
  }
  if (token !== undefined && token !== credentials.sessionToken) {
    return refusal(
      400,
      "InvalidToken",
      "The provided token is malformed or otherwise invalid.",
      {},
      { reason: "x-amz-security-token is not the session token of this access key" },
    );
  }
  const contentSha256 = headers.get("x-amz-content-sha256");
  if (rules.requireContentSha256) {
    if (contentSha256 === undefined) {
      return refusal(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256", {}, { reason: "no x-amz-content-sha256 header" });
    }
    if (contentSha256.startsWith("STREAMING-")) {
      return refusal(
        501,
        "NotImplemented",
        "A header you provided implies functionality that is not implemented",
        { Header: "x-amz-content-sha256" },
        { reason: `${contentSha256} is not supported by the embedded origin` },
      );
    }
    if (contentSha256 !== UNSIGNED_PAYLOAD && !SHA256_HEX.test(contentSha256)) {
      return refusal(
        400,
        "InvalidArgument",
        "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, or a valid sha256 value.",
        { ArgumentName: "x-amz-content-sha256", ArgumentValue: contentSha256 },
        { reason: "x-amz-content-sha256 is neither a SHA-256 nor UNSIGNED-PAYLOAD" },
      );
    }
  }
  const signed = auth.signedHeaders;
  const unsigned = [];
  if (!signed.includes("host")) unsigned.push("host");
  if (rules.requireAmzHeadersSigned) {
    for (const name of headers.keys()) if (name.startsWith("x-amz-") && !signed.includes(name)) unsigned.push(name);
  }
  if (unsigned.length > 0) {
    return refusal(
      403,
      "AccessDenied",
      "There were headers present in the request which were not signed",
      { HeadersNotSigned: unsigned.join(", ") },
      { reason: `headers not signed: ${unsigned.join(", ")}` },
    );
  }

  const bodyHash = sha256Hex(request.body);
  const payloadLine = rules.payload === "header" ? (contentSha256 ?? bodyHash) : bodyHash;
  let computed;
  try {
    computed = computeSignature(request, auth, credentials, rules, payloadLine, amzDate);
  } catch (error) {
    if (!(error instanceof URIError)) throw error;
    return refusal(
      400,
      "InvalidURI",
      "Couldn't parse the specified URI.",
      { URI: request.rawPath },
      { reason: "the path or query has percent-escapes that are not UTF-8" },
    );
  }
  const { canonicalRequest, stringToSign, signature } = computed;
  const explained = { canonicalRequest: redactCanonicalRequest(canonicalRequest), stringToSign };
  if (!sameSignature(signature, auth.signature)) {
    return refusal(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
      { AWSAccessKeyId: auth.accessKeyId, StringToSign: stringToSign, CanonicalRequest: explained.canonicalRequest },
      { reason: "signature does not match", ...explained },
    );
  }
  if (rules.payload === "header" && contentSha256 !== undefined && contentSha256 !== UNSIGNED_PAYLOAD && contentSha256.toLowerCase() !== bodyHash) {
    return refusal(
      400,
      "XAmzContentSHA256Mismatch",
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      { ClientComputedContentSHA256: contentSha256, S3ComputedContentSHA256: bodyHash },
      { reason: `x-amz-content-sha256 ${contentSha256} is not the SHA-256 of the ${request.body.length} bytes received`, ...explained },
    );
  }
  return { ok: true, accessKeyId: auth.accessKeyId, signedHeaders: signed, ...explained };
}

function sameSignature(computed, provided) {
  const a = Buffer.from(computed, "utf8");
  const b = Buffer.from(provided, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** aws4, fed the signed headers with their received values and the raw path, with the query and payload lines a service computes. */
function computeSignature(request, auth, credentials, rules, payloadLine, amzDate) {
  const signedValues = {};
  const include = {};
  for (const name of auth.signedHeaders) {
    signedValues[name] = request.headers.get(name) ?? "";
    include[name] = true;
  }
  const signer = new aws4.RequestSigner(
    {
      method: request.method,
      host: request.headers.get("host") ?? "",
      path: "/",
      headers: signedValues,
      service: rules.service,
      region: rules.region,
      doNotModifyHeaders: true,
      extraHeadersToInclude: include,
    },
    { accessKeyId: auth.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken },
  );
  signer.datetime = amzDate;
  signer.parsedPath = { path: request.rawPath, query: null };
  // aws4 applies S3's path rules when (and only when) its service is "s3".
  const service = signer.service;
  signer.service = rules.pathRules === "s3" ? "s3" : service === "s3" ? "execute-api" : service;
  const lines = signer.canonicalString().split("\n");
  signer.service = service;
  lines[2] = canonicalQuery(request.rawQuery);
  lines[lines.length - 1] = payloadLine;
  const canonicalRequest = lines.join("\n");
  signer.canonicalString = () => canonicalRequest;
  return { canonicalRequest, stringToSign: signer.stringToSign(), signature: signer.signature() };
}
