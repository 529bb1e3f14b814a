// The origin's side of a header-signed AWS request: given what arrived (method, raw path and
// query of the request line, the headers and the body received) and what the origin knows (its
// signing name and region, its callers' credentials, its clock), decide as AWS would whether
// to accept it, and say why not. Every problem found is reported, in the order S3 checks them,
// so an origin can answer with the first one and a test can read them all.
//
// Independent: nothing here comes from the function (src/) or from another signer; the
// canonicalization and the SigV4A key derivation are written from the specifications, pinned by
// the official SigV4 and SigV4A test vectors and cross-checked against aws4 and
// @smithy/signature-v4a (test/sigv4-oracle/).

import { parseAuthorization } from "./authorization.ts";
import { canonicalRequest, type PathRules, redactCanonicalRequest, sha256Hex, stringToSign } from "./canonical-request.ts";
import { type CredentialSource, credentialLookup } from "./credentials.ts";
import { describeFinding, type Finding, finding, invalidUri, unknownAccessKey } from "./findings.ts";
import { checkPayloadHeader, checkSessionToken, checkSignedHeaderList, checkUnsignedHeaders, HEX_SHA256, UNSIGNED_PAYLOAD } from "./request-checks.ts";
import { amzDateToMs, checkAlgorithm, checkScope } from "./scope-checks.ts";
import { serviceRules } from "./service-rules.ts";
import type { SignatureScheme, SigningAlgorithm } from "./signature-scheme.ts";
import type { SignedRequest } from "./signed-request.ts";
import { SIGV4 } from "./sigv4.ts";
import { REGION_SET_HEADER, SIGV4A } from "./sigv4a.ts";
import { canonicalQuery } from "./uri-encoding.ts";

/** The signing algorithms the oracle knows, by the first word of Authorization. */
const SCHEMES: ReadonlyMap<string, SignatureScheme> = new Map([SIGV4, SIGV4A].map((scheme) => [scheme.algorithm, scheme]));
const BY_NAME: ReadonlyMap<SigningAlgorithm, SignatureScheme> = new Map([SIGV4, SIGV4A].map((scheme) => [scheme.name, scheme]));

/** What the origin knows. */
export interface Expectations {
  /** The signing name the origin expects (`s3`, `lambda`, `execute-api`, `es`, `aoss`, ...). */
  readonly service: string;
  /**
   * The region the origin serves in (the bucket's region for S3): a SigV4 scope must name it, a
   * SigV4A region set must include it (`*` includes every region).
   */
  readonly region: string;
  /**
   * The signing protocol the origin requires; any the oracle knows when absent. A Multi-Region
   * Access Point or a Lambda web function's global endpoint requires `sigv4a`.
   */
  readonly algorithm?: SigningAlgorithm;
  /** The callers the origin knows. */
  readonly credentials: CredentialSource;
  /** The origin's clock. */
  readonly now: Date;
  /** The Host the origin answers to; when given, the Host received must equal it. */
  readonly host?: string;
  /** Overrides the service's path rules (the official vectors' `normalize: false` cases). */
  readonly pathRules?: PathRules;
}

export interface Verdict {
  readonly ok: boolean;
  /** Every problem found, in the order S3 checks them; empty when ok. */
  readonly findings: readonly Finding[];
  /** The findings as `Code: detail` lines. */
  readonly errors: readonly string[];
  /** The signing protocol of the Authorization header, when the oracle knows it. */
  readonly algorithm?: SigningAlgorithm;
  readonly accessKeyId?: string;
  /** The Credential scope after the access key id (`date/region/service/aws4_request`, `date/service/aws4_request` for SigV4A). */
  readonly credentialScope?: string;
  readonly signedHeaders?: readonly string[];
  /** The X-Amz-Region-Set received with a SigV4A request. */
  readonly regionSet?: string;
  /** The canonical request the origin computed (session token masked), when it got that far. */
  readonly canonicalRequest?: string;
  readonly stringToSign?: string;
}

function verdict(findings: Finding[], extra: Omit<Verdict, "ok" | "findings" | "errors"> = {}): Verdict {
  return { ok: findings.length === 0, findings, errors: findings.map(describeFinding), ...extra };
}

/** Verifies a header-signed request as the origin would. Never returns a secret. */
export function verifySignedRequest(request: SignedRequest, expected: Expectations): Verdict {
  const rules = serviceRules(expected.service);
  const h = request.headers;
  const findings: Finding[] = [];

  const host = h.host;
  if (host === undefined || host === "") findings.push(finding("MissingHost", 400, "Your request is missing the Host header.", "no Host header on the wire"));
  else if (expected.host !== undefined && host !== expected.host) {
    findings.push(finding("WrongHost", 400, "The request was sent to the wrong host.", `Host is '${host}', the origin is '${expected.host}'`));
  }

  const authorization = h.authorization;
  if (authorization === undefined) {
    const detail = "no Authorization header on the wire";
    findings.push(
      rules.s3Codes
        ? finding("AccessDenied", 403, "Access Denied", detail)
        : finding("MissingAuthenticationToken", 403, "Missing Authentication Token", detail),
    );
    return verdict(findings);
  }
  const auth = parseAuthorization(authorization, (algorithm) => SCHEMES.has(algorithm));
  if ("code" in auth) return verdict([...findings, auth]);
  const scheme = SCHEMES.get(auth.algorithm) ?? SIGV4;
  findings.push(...checkAlgorithm(scheme, expected.algorithm && BY_NAME.get(expected.algorithm)));
  const scope = scheme.readScope(auth.scope);
  if ("code" in scope) return verdict([...findings, scope], { algorithm: scheme.name });
  const regionSet = scheme === SIGV4A ? h[REGION_SET_HEADER] : undefined;
  const identity = {
    algorithm: scheme.name,
    accessKeyId: auth.accessKeyId,
    credentialScope: scope.text,
    signedHeaders: auth.signedHeaders,
    ...(regionSet === undefined ? {} : { regionSet }),
  };

  const caller = credentialLookup(expected.credentials)(auth.accessKeyId);
  if (!caller) return verdict([...findings, unknownAccessKey(auth.accessKeyId, `unknown access key ${auth.accessKeyId}`)], identity);

  const amzDate = h["x-amz-date"];
  const signedAt = amzDateToMs(amzDate);
  if (amzDate === undefined || signedAt === undefined) {
    findings.push(
      finding("AccessDenied", 403, "AWS authentication requires a valid Date or x-amz-date header", "no valid x-amz-date header (yyyymmddThhmmssZ)"),
    );
    return verdict(findings, identity);
  }
  findings.push(...checkScope(scheme, scope, request, { amzDate, signedAt }, expected));
  findings.push(...checkSessionToken(request, caller, auth.accessKeyId, rules));
  findings.push(...checkPayloadHeader(request, expected.service, rules));
  const signed = new Set(auth.signedHeaders);
  findings.push(...checkUnsignedHeaders(request, signed, rules, scheme.mustBeSigned));
  const list = checkSignedHeaderList(request, auth.signedHeaders);
  findings.push(...list.findings);

  const pathRules = expected.pathRules ?? rules.pathRules;
  let decodable = true;
  try {
    canonicalQuery(request.querystring);
  } catch {
    decodable = false;
    findings.push(invalidUri(request.path, "the query string is not valid percent-encoded UTF-8"));
  }
  if (rules.refusesRawBrackets && /[[\]]/.test(request.querystring)) {
    const detail = "Lambda function URLs reject raw '[' or ']' in the query string";
    findings.push(finding("BadRequest", 400, detail, detail));
  }
  if (list.absent.length > 0 || !decodable) return verdict(findings, identity);

  const sentHash = h["x-amz-content-sha256"];
  const bodyHash = sha256Hex(request.body);
  let canonical: string;
  try {
    canonical = canonicalRequest({
      method: request.method,
      path: request.path,
      querystring: request.querystring,
      headers: h,
      signedHeaders: auth.signedHeaders,
      payloadHash: rules.payloadLine === "header" ? (sentHash ?? bodyHash) : bodyHash,
      pathRules,
    });
  } catch {
    findings.push(invalidUri(request.path, "the path has percent-escapes that are not UTF-8"));
    return verdict(findings, identity);
  }
  const toSign = stringToSign(auth.algorithm, amzDate, scope.text, canonical);
  const explained = { ...identity, canonicalRequest: redactCanonicalRequest(canonical), stringToSign: toSign };
  const valid = scheme.verify({
    accessKeyId: auth.accessKeyId,
    secretAccessKey: caller.secretAccessKey,
    scope,
    stringToSign: toSign,
    signature: auth.signature,
  });
  if (!valid) {
    findings.push(
      finding(
        "SignatureDoesNotMatch",
        403,
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
        "signature does not match",
        { AWSAccessKeyId: auth.accessKeyId, StringToSign: toSign, CanonicalRequest: explained.canonicalRequest },
      ),
    );
  }
  if (sentHash !== undefined && sentHash !== UNSIGNED_PAYLOAD && HEX_SHA256.test(sentHash) && sentHash.toLowerCase() !== bodyHash) {
    findings.push(
      finding(
        "XAmzContentSHA256Mismatch",
        400,
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        `x-amz-content-sha256 ${sentHash} is not the SHA-256 of the ${request.body.length}-byte body (${bodyHash})`,
        { ClientComputedContentSHA256: sentHash, S3ComputedContentSHA256: bodyHash },
      ),
    );
  }
  return verdict(findings, explained);
}
