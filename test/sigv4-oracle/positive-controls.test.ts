// Correct requests pass the oracle: signed by hand the way a correct edge signer does, and signed
// by aws4 itself. The twins of the classic bugs in classic-bugs.test.ts.
import { sign } from "aws4";
import { describe, expect, it } from "vitest";
import { type SignedRequest, verifySignedRequest } from "../../sigv4-oracle/index.ts";
import { run } from "../support/fake-function.ts";
import { AMZ_DATE, BUCKET_HOST, binary, CREDS, customOrigin, LAMBDA_HOST, makeEvent, s3Origin, truth } from "../support/oracle-events.ts";

describe("positive controls: correct requests pass", () => {
  it("Lambda URL GET with a query, signed by hand", () => {
    const event = makeEvent({ origin: customOrigin(LAMBDA_HOST), uri: "/users/42", querystring: "fields=name&fields=email&page=2" });
    const r = run(event, { service: "lambda", region: "eu-west-1" }, truth("lambda", "eu-west-1", { host: LAMBDA_HOST }));
    expect(r.errors).toEqual([]);
  });

  it("Lambda URL POST of binary bytes, hash of the exact bytes", () => {
    const bytes = binary(4096);
    const event = makeEvent({
      origin: customOrigin(LAMBDA_HOST),
      method: "POST",
      body: { action: "read-only", encoding: "base64", inputTruncated: false, data: bytes.toString("base64") },
    });
    expect(run(event, { service: "lambda", region: "eu-west-1" }, truth("lambda", "eu-west-1")).errors).toEqual([]);
  });

  it("S3 GET through an S3 origin", () => {
    const event = makeEvent({ origin: s3Origin(BUCKET_HOST), uri: "/photos/summer%202024/caf%C3%A9.jpg" });
    expect(run(event, { service: "s3", region: "eu-west-1" }, truth("s3", "eu-west-1", { host: BUCKET_HOST })).errors).toEqual([]);
  });

  it("S3 REST endpoint as a custom origin, x-amz-cf-id signed", () => {
    const event = makeEvent({ origin: customOrigin(BUCKET_HOST), uri: "/index.html" });
    expect(run(event, { service: "s3", region: "eu-west-1" }, truth("s3", "eu-west-1")).errors).toEqual([]);
  });

  it("S3 PUT of a truncated body with UNSIGNED-PAYLOAD", () => {
    const full = binary(3 * 1024 * 1024);
    const event = makeEvent({
      origin: s3Origin(BUCKET_HOST),
      method: "PUT",
      uri: "/uploads/big.bin",
      body: { action: "read-only", encoding: "base64", inputTruncated: true, data: full.subarray(0, 1024 * 1024).toString("base64") },
    });
    expect(run(event, { service: "s3", region: "eu-west-1", payload: "unsigned" }, truth("s3", "eu-west-1"), full).errors).toEqual([]);
  });

  it("legacy global S3 host signed with the bucket's region", () => {
    const event = makeEvent({ origin: s3Origin("eu-bucket.s3.amazonaws.com", "eu-west-1"), uri: "/a.txt" });
    expect(run(event, { service: "s3", region: "eu-west-1" }, truth("s3", "eu-west-1")).errors).toEqual([]);
  });

  it("a request signed by aws4 itself passes (hand signer and aws4 agree)", () => {
    const body = JSON.stringify({ name: "café ☕" });
    const signed = sign(
      {
        host: LAMBDA_HOST,
        path: "/orders?id=7&expand=items",
        method: "POST",
        service: "lambda",
        region: "eu-west-1",
        headers: { "content-type": "application/json", "X-Amz-Date": AMZ_DATE },
        body,
      },
      CREDS,
    );
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers ?? {})) headers[k.toLowerCase()] = String(v);
    const wire: SignedRequest = {
      method: "POST",
      path: "/orders",
      querystring: "id=7&expand=items",
      headers,
      body: Buffer.from(body, "utf8"),
    };
    expect(verifySignedRequest(wire, truth("lambda", "eu-west-1")).errors).toEqual([]);
  });
});
