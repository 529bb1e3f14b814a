// The oracle against a second, independent SigV4 implementation (the aws4 package) on generated
// requests: what aws4 signs, the oracle accepts with the same canonical request, and any change
// to a signed part of the request makes the oracle refuse it.
//
// Generated within what aws4 gets right as a client: no query piece without a name (aws4 drops
// it) and, for S3, no repeated query name (aws4 signs only its first value). Those two are
// pinned by their own tests (nameless-query-pairs.test.ts, canonical-model.test.ts).
import { RequestSigner } from "aws4";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactCanonicalRequest, type SignedRequest, verifySignedRequest } from "../../sigv4-oracle/index.ts";

const AMZ_DATE = "20261122T120000Z";
const NOW = new Date("2026-11-22T12:00:00Z");
const HOSTS: Record<string, string> = {
  s3: "media-assets.s3.eu-west-1.amazonaws.com",
  lambda: "k3vq7x2m9p4n6b8c1d5f0g2h4j6l8z0a.lambda-url.eu-west-1.on.aws",
  "execute-api": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
  es: "search-logs-7xq2b4mfl3kc5rj8wz.eu-west-1.es.amazonaws.com",
};

/** Pieces of a path segment or query component as they appear on the wire. */
const PIECE = fc.constantFrom(
  "a",
  "Z",
  "0",
  "9",
  "-",
  ".",
  "_",
  "~",
  "%20",
  "%2B",
  "%2F",
  "%C3%A9",
  "%E2%9C%93",
  "!",
  "(",
  ")",
  "*",
  "'",
  ":",
  "@",
  "$",
  ",",
  ";",
  "+",
);
const text = (min: number): fc.Arbitrary<string> => fc.array(PIECE, { minLength: min, maxLength: 6 }).map((p) => p.join(""));
const segment = fc.oneof({ weight: 8, arbitrary: text(1) }, { weight: 1, arbitrary: fc.constantFrom(".", "..", "") });
const decode = (s: string): string => decodeURIComponent(s.replace(/\+/g, " "));

const requestArbitrary = fc.record({
  service: fc.constantFrom("s3", "lambda", "execute-api", "es"),
  method: fc.constantFrom("GET", "PUT", "POST", "DELETE", "HEAD"),
  segments: fc.array(segment, { minLength: 1, maxLength: 4 }),
  // A small pool of names makes repeated names (sorted by value) common.
  pairs: fc.array(fc.tuple(fc.oneof(fc.constantFrom("tag", "q", "Q"), text(1)), fc.option(text(0), { nil: undefined })), { maxLength: 6 }),
  headers: fc.array(
    fc.tuple(
      fc.constantFrom("X-Test-One", "x-test-two", "X-TEST-THREE", "Content-Type"),
      fc.array(fc.constantFrom("v", "1", " ", "  ", "\t", "a b"), { minLength: 1, maxLength: 5 }),
    ),
    {
      maxLength: 3,
    },
  ),
  body: fc.uint8Array({ maxLength: 300 }),
  sessionToken: fc.option(fc.constantFrom("IQoJb3JpZ2luX2VjEJr//////////wEaCWV1LXdlc3QtMSJHMEUCIQ+token/x=="), { nil: undefined }),
});

type Generated = typeof requestArbitrary extends fc.Arbitrary<infer T> ? T : never;

const CREDS = { accessKeyId: "AKIDCROSSCHECK000001", secretAccessKey: "cross/check+secret/0123456789abcdefghijk" };

/** Signs the generated request with aws4 and returns it as the origin receives it, with aws4's canonical request. */
function signWithAws4(g: Generated): { request: SignedRequest; aws4Canonical: string } {
  const path = `/${g.segments.join("/")}`;
  const seen = new Set<string>();
  const pairs = g.pairs.filter(([name]) => {
    const key = decode(name);
    if (g.service === "s3" && seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const querystring = pairs.map(([name, value]) => (value === undefined ? name : `${name}=${value}`)).join("&");
  const headers: Record<string, string> = { "X-Amz-Date": AMZ_DATE };
  for (const [name, words] of g.headers) headers[name] = words.join("");
  const body = ["GET", "HEAD", "DELETE"].includes(g.method) ? Buffer.alloc(0) : Buffer.from(g.body);
  const credentials = { ...CREDS, ...(g.sessionToken ? { sessionToken: g.sessionToken } : {}) };
  const signer = new RequestSigner(
    { host: HOSTS[g.service], method: g.method, path: querystring ? `${path}?${querystring}` : path, service: g.service, region: "eu-west-1", headers, body },
    credentials,
  );
  const signed = signer.sign();
  const received: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers ?? {})) received[name.toLowerCase()] = String(value);
  return { request: { method: g.method, path, querystring, headers: received, body }, aws4Canonical: signer.canonicalString() };
}

function expectationsFor(g: Generated) {
  return { service: g.service, region: "eu-west-1", credentials: { ...CREDS, sessionToken: g.sessionToken }, now: NOW };
}

describe("the oracle and aws4 agree on generated requests", () => {
  it("what aws4 signs, the oracle accepts, with the same canonical request", () => {
    fc.assert(
      fc.property(requestArbitrary, (g) => {
        const { request, aws4Canonical } = signWithAws4(g);
        const verdict = verifySignedRequest(request, expectationsFor(g));
        expect(verdict.errors).toEqual([]);
        expect(verdict.canonicalRequest).toBe(redactCanonicalRequest(aws4Canonical));
      }),
      { numRuns: 400 },
    );
  });

  it("a change to the path, the query, a signed header or the body after signing is refused", () => {
    const change = fc.constantFrom("path", "query", "header", "body");
    fc.assert(
      fc.property(requestArbitrary, change, (g, what) => {
        const { request } = signWithAws4(g);
        const headers = { ...request.headers };
        let changed: SignedRequest = request;
        if (what === "path") changed = { ...request, path: `${request.path}x` };
        else if (what === "query") changed = { ...request, querystring: request.querystring ? `${request.querystring}&zz=1` : "zz=1" };
        else if (what === "header") changed = { ...request, headers: { ...headers, "x-amz-date": "20261122T120001Z" } };
        else changed = { ...request, body: Buffer.concat([request.body, Buffer.from([0])]) };
        expect(verifySignedRequest(changed, expectationsFor(g)).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
