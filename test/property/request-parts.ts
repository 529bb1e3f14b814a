// fast-check generators of the parts of a viewer's request as CloudFront hands them to the
// function: query strings and URIs (raw, encoded, broken escapes, names that are JavaScript
// object keys), and headers (configuration and credential look-alikes, huge or non-ASCII values).
import type { CloudFrontHeaders } from "aws-lambda";
import fc from "fast-check";
import { SECRETS } from "./known-origins.ts";

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
  "x-amz-date",
  "X-Amz-Expires",
  "response-content-type",
  "Response-Content-Disposition",
  "response-cache-control",
  "versionId",
  "partNumber",
  "uploads",
  "list-type",
  "é",
  "a b",
  "[x]",
  "x-sigv4-service",
  "x-sigv4-region",
];

/** A component as a viewer might send it: raw, percent-encoded, with `+`, reserved and non-ASCII characters, broken escapes. */
const rawComponent = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom("", "1", "x", "a+b", "a%20b", "%2F", "%25", "~-._", "[]", "%E2%82%AC", "é", "a=b", "*", "'()!", "%c3%a9", "us-west-1"),
  },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }).map((s) => encodeURIComponent(s)) },
  // A `%` that starts no escape: a literal `%` to AWS.
  { weight: 1, arbitrary: fc.constantFrom("%zz", "%", "100%") },
);

/** Escapes that are not UTF-8: no signature can cover them (the function answers 400). */
const NON_UTF8_ESCAPES = ["%C3", "%FF%FE", "%ED%A0%80", "%C0%AF"] as const;

/** A query name as sent: encoded, or raw as a viewer may send it (CloudFront passes `[`, `]`, `+`, `%` through). */
const queryName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...QUERY_NAMES).map((name) => encodeURIComponent(name)) },
  { weight: 1, arbitrary: fc.constantFrom("[x]", "a+b", "%zz", "%", "X-Amz-Signature", "é") },
);

/** One in twenty gets a piece that is not UTF-8. */
const withSometimes = (pieces: fc.Arbitrary<string[]>, broken: fc.Arbitrary<string>): fc.Arbitrary<string[]> =>
  fc.oneof(
    { weight: 19, arbitrary: pieces },
    { weight: 1, arbitrary: fc.tuple(pieces, broken, fc.nat()).map(([list, piece, at]) => list.toSpliced(at % (list.length + 1), 0, piece)) },
  );

/** Pieces with no plain `name=value` shape: bare `=`, a second `=`, encoded separators. */
const oddPiece = fc.constantFrom("=", "==", "=x", "a==b", "%26=%3D", "a=%26b%3Dc", "&");

const queryPairs = fc.array(
  fc.oneof(
    {
      weight: 9,
      arbitrary: fc.tuple(queryName, fc.option(rawComponent, { nil: undefined })).map(([name, value]) => (value === undefined ? name : `${name}=${value}`)),
    },
    { weight: 1, arbitrary: oddPiece },
  ),
  { maxLength: 8 },
);

/** Thousands of pieces (as many as fit in CloudFront's limit), repeating a few names. */
const manyPairs = fc
  .tuple(fc.integer({ min: 200, max: 3_000 }), fc.constantFrom("a", "a=1", "b=%20", "__proto__=x", "="))
  .map(([n, piece]) => Array.from({ length: n }, (_, i) => (i % 3 === 0 ? piece : `k${i % 97}=${i}`)));

export const querystring = withSometimes(
  fc.oneof({ weight: 49, arbitrary: queryPairs }, { weight: 1, arbitrary: manyPairs }),
  fc.constantFrom(...NON_UTF8_ESCAPES).map((e) => `a=${e}`),
).map((pieces) => pieces.join("&"));

const segment = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      "",
      ".",
      "..",
      "a",
      "index.html",
      "%2F",
      "a+b",
      "%20",
      "~user",
      "%E2%82%AC",
      "%25",
      "key%2Fwith%2Fslashes",
      "(x)",
      "é",
      "a%2Bb",
      "%zz",
      "%",
    ),
  },
  { weight: 6, arbitrary: fc.string({ maxLength: 10 }).map((s) => encodeURIComponent(s)) },
);

export const uri = withSometimes(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.constantFrom(...NON_UTF8_ESCAPES)).map(
  (segments) => `/${segments.join("/")}`,
);

const VIEWER_SIGV4_LOOKALIKE = `AWS4-HMAC-SHA256 Credential=AKIAVIEWERCHOSEN0001/20200101/us-west-1/s3/aws4_request, SignedHeaders=host, Signature=${"0".repeat(64)}`;

/** Viewer headers, hostile ones included: configuration look-alikes, credentials, huge or non-ASCII values. */
const viewerHeader: fc.Arbitrary<HeaderPair> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom<[string, string]>(
      ["X-Sigv4-Service", "s3"],
      ["X-Sigv4-Region", "us-west-1"],
      ["X-Sigv4-Debug", "1"],
      ["Authorization", SECRETS.viewerAuthorization],
      ["Authorization", VIEWER_SIGV4_LOOKALIKE],
      ["Cookie", SECRETS.viewerCookie],
      ["Cookie", `theme=dark; ${SECRETS.viewerCookie}`],
      ["X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"],
      ["X-Amz-Content-Sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
      ["X-Amz-Date", "20200101T000000Z"],
      ["X-Amz-Security-Token", SECRETS.viewerSessionToken],
      ["X-Amz-Region-Set", "us-west-1"],
      ["X-Amz-Acl", "public-read"],
      ["X-Amz-Server-Side-Encryption", "aws:kms"],
      ["X-Amz-Meta-Owner", "viewer"],
      ["Host", "d111111abcdef8.cloudfront.net"],
      ["Host", "evil.example"],
      ["Content-Type", "text/html"],
      ["Accept", "*/*"],
      ["Accept-Encoding", "gzip"],
      ["If-None-Match", '"abc"'],
      ["Range", "bytes=0-10"],
      ["Cache-Control", "  no-cache \t "],
    ),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(
      // Names that are JavaScript object keys are valid HTTP header names too.
      fc.constantFrom("X-Custom", "X-Note", "Accept-Language", "x-custom", "__proto__", "constructor", "toString", "X-Amz-Meta-__proto__"),
      fc.string({ unit: "grapheme", maxLength: 40 }),
    ),
  },
  // Large, and near or over CloudFront's 20,480-byte limit on the request line and headers.
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constant("X-Big"),
      fc
        .tuple(
          fc.constantFrom("é", "a"),
          fc.oneof(
            { weight: 2, arbitrary: fc.integer({ min: 1, max: 16_000 }) },
            { weight: 2, arbitrary: fc.integer({ min: 17_500, max: 20_480 }) },
            { weight: 1, arbitrary: fc.integer({ min: 20_481, max: 40_000 }) },
          ),
        )
        .map(([unit, bytes]) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)))),
    ),
  },
);

export type HeaderPair = readonly [string, string];

/** The event's headers: what CloudFront always sends, then the viewer's. */
export function headerMap(domain: string, pairs: readonly HeaderPair[]): CloudFrontHeaders {
  const headers = new Map<string, Array<{ key: string; value: string }>>([
    ["host", [{ key: "Host", value: domain }]],
    ["user-agent", [{ key: "User-Agent", value: "Amazon CloudFront" }]],
    ["via", [{ key: "Via", value: "2.0 2afae0d44e2540f472c0635ab62c232b.cloudfront.net (CloudFront)" }]],
    ["x-forwarded-for", [{ key: "X-Forwarded-For", value: "203.0.113.178" }]],
  ]);
  for (const [key, value] of pairs) {
    const name = key.toLowerCase();
    // A viewer's Host replaces the origin's (the AllViewer origin request policy); other headers repeat.
    headers.set(name, name === "host" ? [{ key, value }] : [...(headers.get(name) ?? []), { key, value }]);
  }
  // Own properties, as JSON.parse makes them: a header named `__proto__` is a header like any other.
  return Object.fromEntries(headers);
}

export const viewerHeaders = fc.array(viewerHeader, { maxLength: 6 });
