// The oracle's model of how services canonicalize the path and the query, on requests signed by
// hand (test/support/hand-signer.ts) with the canonical lines given literally.
import { describe, expect, it } from "vitest";
import { type SignedRequest, verifySignedRequest } from "../../sigv4-oracle/index.ts";
import { handAuthorization } from "../support/fake-function.ts";
import { doubleEncoded } from "../support/hand-signer.ts";
import { AMZ_DATE, BUCKET_HOST, CREDS, EMPTY_SHA, LAMBDA_HOST, truth } from "../support/oracle-events.ts";

describe("the oracle's canonical path model", () => {
  function verifyPath(
    service: string,
    wirePath: string,
    canonicalUri: string,
    querystring = "",
    canonicalQuery = "",
  ): { ok: boolean; errors: readonly string[]; canonicalRequest?: string } {
    const host = service === "s3" ? BUCKET_HOST : LAMBDA_HOST;
    const headers: Record<string, string> = {
      host,
      "x-amz-date": AMZ_DATE,
      "x-amz-security-token": CREDS.sessionToken,
      "x-amz-content-sha256": EMPTY_SHA,
    };
    const authorization = handAuthorization({ method: "GET", canonicalUri, canonicalQuery, headers, payloadHash: EMPTY_SHA, service, region: "eu-west-1" });
    const wire: SignedRequest = {
      method: "GET",
      path: wirePath,
      querystring,
      headers: { ...headers, authorization },
      body: Buffer.alloc(0),
    };
    return verifySignedRequest(wire, truth(service, "eu-west-1"));
  }

  it("S3: a path in canonical form is signed exactly as sent (no double encoding)", () => {
    const p = "/photos/summer%202024/caf%C3%A9%2Bcr%C3%A8me%20%282%29.jpg";
    expect(verifyPath("s3", p, p).errors).toEqual([]);
    expect(verifyPath("s3", p, doubleEncoded(p)).ok).toBe(false);
  });

  it("S3: no dot-segment or empty-segment normalization", () => {
    expect(verifyPath("s3", "/a//b/./c/../d", "/a//b/./c/../d").errors).toEqual([]);
    expect(verifyPath("s3", "/a//b/./c/../d", "/a/b/d").ok).toBe(false);
  });

  it("S3: a raw '+' is a space and raw sub-delimiters are encoded (S3 decodes then re-encodes)", () => {
    expect(verifyPath("s3", "/a+b/(1)!", "/a%20b/%281%29%21").errors).toEqual([]);
    expect(verifyPath("s3", "/a+b/(1)!", "/a+b/(1)!").ok).toBe(false);
  });

  it("non-S3: the wire path is encoded once more and normalized", () => {
    expect(verifyPath("lambda", "/caf%C3%A9/a%20b", "/caf%25C3%25A9/a%2520b").errors).toEqual([]);
    expect(verifyPath("lambda", "/caf%C3%A9/a%20b", "/caf%C3%A9/a%20b").ok).toBe(false);
    expect(verifyPath("lambda", "/a//b/./c/../d", "/a/b/d").errors).toEqual([]);
    expect(verifyPath("lambda", "/items/[1]", "/items/%5B1%5D").errors).toEqual([]);
  });

  it("the query is decoded, re-encoded per RFC 3986 and sorted by name then value (all values, S3 too)", () => {
    const qs = "tag=b&tag=a&q=caf%C3%A9&empty=&flag&sp=a%20b";
    const canonical = "empty=&flag=&q=caf%C3%A9&sp=a%20b&tag=a&tag=b";
    expect(verifyPath("lambda", "/", "/", qs, canonical).errors).toEqual([]);
    expect(verifyPath("s3", "/", "/", qs, canonical).errors).toEqual([]);
    // the first value only (what aws4 alone would do for S3) is wrong
    expect(verifyPath("s3", "/", "/", qs, "empty=&flag=&q=caf%C3%A9&sp=a%20b&tag=b").ok).toBe(false);
  });

  it("a query that is not valid percent-encoding is refused", () => {
    const r = verifyPath("lambda", "/", "/", "q=%ZZ", "q=%25ZZ");
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toMatch(/InvalidURI: the query string is not valid percent-encoded/);
  });
});
