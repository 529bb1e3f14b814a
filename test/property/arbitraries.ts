// fast-check generators of CloudFront origin-request events: known origins (whose signing target
// is fixed by the origin alone), hostile viewer headers, URIs, queries and bodies, and some
// structural garbage. Each case carries what the origin alone implies, so that a property can
// check that nothing the viewer sends chooses the signing target.
import type { CloudFrontHeaders, CloudFrontRequestEvent } from "aws-lambda";
import fc from "fast-check";

/** Values a log line must never show. */
export const SECRETS = {
  accessKeyId: "AKIAPROPERTYTEST0001",
  secretAccessKey: "property/Secret+Key/never-logged/0123456789abcd",
  sessionToken: "IQoJb3JpZ2luX2VjEProperty-session-token-never-logged-0123456789",
  viewerAuthorization: "Bearer viewer-bearer-token-never-logged",
  viewerCookie: "session=viewer-cookie-value-never-logged",
} as const;

export interface KnownOrigin {
  readonly name: string;
  readonly origin: NonNullable<CloudFrontRequestEvent["Records"][number]["cf"]["request"]["origin"]>;
  /** What the origin alone implies: signed for this service and region, or forwarded unsigned, or refused. */
  readonly expect:
    | { readonly kind: "signed"; readonly service: string; readonly region: string }
    | { readonly kind: "unsigned" }
    | { readonly kind: "refused" };
}

const header = (key: string, value: string): CloudFrontHeaders => ({ [key.toLowerCase()]: [{ key, value }] });

function custom(domainName: string, customHeaders: CloudFrontHeaders = {}, path = ""): KnownOrigin["origin"] {
  return { custom: { customHeaders, domainName, keepaliveTimeout: 5, path, port: 443, protocol: "https", readTimeout: 30, sslProtocols: ["TLSv1.2"] } };
}

function s3(domainName: string, region?: string, path = ""): KnownOrigin["origin"] {
  // @types/aws-lambda knows only OAI origins; CloudFront also sends authMethod "none" (with no region).
  const s3Origin = { authMethod: region ? "origin-access-identity" : "none", customHeaders: {}, domainName, path, region: region ?? "" };
  return { s3: s3Origin } as KnownOrigin["origin"];
}

export const KNOWN_ORIGINS: readonly KnownOrigin[] = [
  {
    name: "lambda-url",
    origin: custom("abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws"),
    expect: { kind: "signed", service: "lambda", region: "eu-west-1" },
  },
  {
    name: "lambda-url+path",
    origin: custom("abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws", {}, "/prefix"),
    expect: { kind: "signed", service: "lambda", region: "us-east-1" },
  },
  {
    name: "execute-api",
    origin: custom("a1b2c3d4e5.execute-api.us-east-2.amazonaws.com", {}, "/prod"),
    expect: { kind: "signed", service: "execute-api", region: "us-east-2" },
  },
  { name: "opensearch", origin: custom("search-logs-abc123.eu-central-1.es.amazonaws.com"), expect: { kind: "signed", service: "es", region: "eu-central-1" } },
  { name: "aoss", origin: custom("0123456789abcdef.us-west-2.aoss.amazonaws.com"), expect: { kind: "signed", service: "aoss", region: "us-west-2" } },
  { name: "s3-regional", origin: s3("media-bucket.s3.eu-west-1.amazonaws.com"), expect: { kind: "signed", service: "s3", region: "eu-west-1" } },
  { name: "s3-legacy-oai", origin: s3("media-bucket.s3.amazonaws.com", "eu-west-3"), expect: { kind: "signed", service: "s3", region: "eu-west-3" } },
  {
    name: "s3-rest-as-custom",
    origin: custom("media-bucket.s3.ap-southeast-2.amazonaws.com"),
    expect: { kind: "signed", service: "s3", region: "ap-southeast-2" },
  },
  {
    name: "custom-domain-configured-by-origin-headers",
    origin: custom("api.example.com", { ...header("X-Sigv4-Service", "execute-api"), ...header("X-Sigv4-Region", "eu-north-1") }),
    expect: { kind: "signed", service: "execute-api", region: "eu-north-1" },
  },
  { name: "unknown", origin: custom("origin.example.com"), expect: { kind: "unsigned" } },
  { name: "lookalike", origin: custom("abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws.evil.example"), expect: { kind: "unsigned" } },
];

const QUERY_NAMES = [
  "a",
  "b",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "",
  "X-Amz-Signature",
  "X-Amz-Credential",
  "X-Amz-Security-Token",
  "response-content-type",
  "response-content-disposition",
  "versionId",
  "partNumber",
  "uploads",
  "list-type",
  "é",
  "a b",
  "[x]",
  "x-sigv4-service",
];

/** A value as a viewer might send it: raw, percent-encoded, with `+`, reserved and non-ASCII characters. */
const rawComponent = fc.oneof(
  fc.constantFrom("", "1", "x", "a+b", "a%20b", "%2F", "%25", "~-._", "[]", "%E2%82%AC", "é", "a=b", "*", "'()!", "%zz", "%", "%C3"),
  fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)),
  fc.string({ unit: "grapheme", maxLength: 6 }).map((s) => encodeURIComponent(s)),
);

export const querystring = fc
  .array(fc.tuple(fc.constantFrom(...QUERY_NAMES), fc.option(rawComponent, { nil: undefined })), { maxLength: 6 })
  .map((pairs) => pairs.map(([name, value]) => (value === undefined ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${value}`)).join("&"));

const segment = fc.oneof(
  fc.constantFrom("", ".", "..", "a", "index.html", "%2F", "a+b", "%20", "~user", "%E2%82%AC", "%25", "key%2Fwith%2Fslashes", "(x)", "é"),
  fc.string({ maxLength: 10 }).map((s) => encodeURIComponent(s)),
);

export const uri = fc.array(segment, { minLength: 1, maxLength: 5 }).map((segments) => `/${segments.join("/")}`);

/** Viewer headers, hostile ones included: configuration look-alikes, credentials, huge or non-ASCII values. */
const viewerHeader = fc.oneof(
  fc.constantFrom<[string, string]>(
    ["X-Sigv4-Service", "s3"],
    ["X-Sigv4-Region", "us-west-1"],
    ["X-Sigv4-Debug", "1"],
    ["Authorization", SECRETS.viewerAuthorization],
    ["Cookie", SECRETS.viewerCookie],
    ["X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"],
    ["X-Amz-Date", "20200101T000000Z"],
    ["X-Amz-Security-Token", "viewer-token"],
    ["X-Amz-Acl", "public-read"],
    ["X-Amz-Meta-Owner", "viewer"],
    ["Host", "d111111abcdef8.cloudfront.net"],
    ["Content-Type", "text/html"],
    ["Accept", "*/*"],
    ["Range", "bytes=0-10"],
  ),
  fc.tuple(fc.constantFrom("X-Custom", "X-Note", "Accept-Language"), fc.string({ unit: "grapheme", maxLength: 40 })),
  fc.tuple(
    fc.constant("X-Big"),
    fc.integer({ min: 1, max: 22_000 }).map((n) => "é".repeat(n)),
  ),
);

export const viewerHeaders = fc.array(viewerHeader, { maxLength: 6 }).map((pairs) => {
  const headers: CloudFrontHeaders = {
    "user-agent": [{ key: "User-Agent", value: "Amazon CloudFront" }],
    via: [{ key: "Via", value: "2.0 2afae0d44e2540f472c0635ab62c232b.cloudfront.net (CloudFront)" }],
    "x-forwarded-for": [{ key: "X-Forwarded-For", value: "203.0.113.178" }],
  };
  for (const [key, value] of pairs) headers[key.toLowerCase()] = [...(headers[key.toLowerCase()] ?? []), { key, value }];
  return headers;
});

const bodyBytes = fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes));

export const body = fc.oneof(
  fc.constant(undefined),
  bodyBytes.map((bytes) => ({ inputTruncated: false, action: "read-only" as const, encoding: "base64" as const, data: bytes.toString("base64") })),
  fc.string({ maxLength: 200 }).map((text) => ({ inputTruncated: false, action: "read-only" as const, encoding: "text" as const, data: text })),
  bodyBytes.map((bytes) => ({ inputTruncated: true, action: "read-only" as const, encoding: "base64" as const, data: bytes.toString("base64") })),
  fc.constantFrom("not base64!", "QUJD=", "====").map((data) => ({ inputTruncated: false, action: "read-only" as const, encoding: "base64" as const, data })),
);

export interface GeneratedCase {
  readonly known: KnownOrigin;
  readonly event: CloudFrontRequestEvent;
}

export const wellFormedCase: fc.Arbitrary<GeneratedCase> = fc
  .record({
    known: fc.constantFrom(...KNOWN_ORIGINS),
    method: fc.constantFrom("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
    uri,
    querystring,
    headers: viewerHeaders,
    body,
  })
  .map(({ known, method, uri, querystring, headers, body }) => {
    const domain = known.origin.custom?.domainName ?? known.origin.s3?.domainName ?? "";
    const request = {
      clientIp: "203.0.113.178",
      method,
      uri,
      querystring,
      headers: { host: [{ key: "Host", value: domain }], ...headers },
      origin: structuredClone(known.origin),
      ...(body ? { body } : {}),
    };
    const event = {
      Records: [
        {
          cf: {
            config: {
              distributionDomainName: "d111111abcdef8.cloudfront.net",
              distributionId: "EDFDVBD6EXAMPLE",
              eventType: "origin-request",
              requestId: "property-test-request-id==",
            },
            request,
          },
        },
      ],
    } as CloudFrontRequestEvent;
    return { known, event };
  });

/** Structural garbage: one field of a well-formed event replaced by a value of the wrong shape or removed. */
export const garbledEvent: fc.Arbitrary<unknown> = fc
  .tuple(
    wellFormedCase,
    fc.constantFrom(
      "Records",
      "cf",
      "config",
      "request",
      "method",
      "uri",
      "querystring",
      "headers",
      "origin",
      "body",
      "requestId",
      "domainName",
      "customHeaders",
      "data",
      "host",
    ),
    fc.constantFrom(undefined, null, 0, "", [], {}, [{ key: 1 }], "x".repeat(5)),
  )
  .map(([{ event }, field, replacement]) => {
    const copy = structuredClone(event) as unknown;
    replaceField(copy, field, replacement);
    return copy;
  });

function replaceField(node: unknown, field: string, replacement: unknown): boolean {
  if (typeof node !== "object" || node === null) return false;
  const record = node as Record<string, unknown>;
  if (field in record) {
    if (replacement === undefined) delete record[field];
    else record[field] = replacement;
    return true;
  }
  return Object.values(record).some((child) => replaceField(child, field, replacement));
}
