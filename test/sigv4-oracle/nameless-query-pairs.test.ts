// A query piece without a name (`=x`) is a parameter whose name is "": AWS signs it, and so does
// botocore (`?=x&a=1` canonicalizes to `=x&a=1`). Dropping it, as aws4 does, gives a signature
// the service refuses.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalQuery, type SignedRequest, verifySignedRequest } from "../../sigv4-oracle/index.ts";
import { handAuthorization } from "../support/hand-signer.ts";

const CREDS = { accessKeyId: "AKIDNAMELESSPAIRS001", secretAccessKey: "nameless/pairs+secret/0123456789abcdefghij" };
const AMZ_DATE = "20261122T120000Z";
const HOST = "abcdefghij.execute-api.eu-west-1.amazonaws.com";
const EMPTY_SHA = createHash("sha256").update("").digest("hex");

/** Signed by hand over the canonical query line given literally. */
function signed(querystring: string, canonicalQueryLine: string): SignedRequest {
  const headers = { host: HOST, "x-amz-date": AMZ_DATE };
  const authorization = handAuthorization({
    method: "GET",
    canonicalUri: "/items",
    canonicalQuery: canonicalQueryLine,
    headers,
    payloadHash: EMPTY_SHA,
    service: "execute-api",
    region: "eu-west-1",
    ...CREDS,
  });
  return { method: "GET", path: "/items", querystring, headers: { ...headers, authorization }, body: Buffer.alloc(0) };
}

const expectations = { service: "execute-api", region: "eu-west-1", credentials: CREDS, now: new Date("2026-11-22T12:00:00Z") };

describe("query pieces without a name", () => {
  it("are kept and sorted first: ?=x&a=1 canonicalizes to =x&a=1 (as botocore computes it)", () => {
    expect(canonicalQuery("=x&a=1")).toBe("=x&a=1");
    expect(canonicalQuery("a=1&=x")).toBe("=x&a=1");
    expect(canonicalQuery("b=2&=&a")).toBe("=&a=&b=2");
  });

  it("a request signed over the nameless pair is accepted", () => {
    expect(verifySignedRequest(signed("=x&a=1", "=x&a=1"), expectations).errors).toEqual([]);
  });

  it("a request signed as if the nameless pair were not there is refused", () => {
    const verdict = verifySignedRequest(signed("=x&a=1", "a=1"), expectations);
    expect(verdict.ok).toBe(false);
    expect(verdict.errors).toEqual(["SignatureDoesNotMatch: signature does not match"]);
  });

  it("empty pieces (&&) are not parameters", () => {
    expect(canonicalQuery("a=1&&b=2&")).toBe("a=1&b=2");
  });
});
