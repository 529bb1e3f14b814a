// Derived signing keys are cached across invocations (by @smithy/signature-v4); a new day, region
// or set of credentials must still produce the signature an independent implementation (aws4) computes.
import aws4 from "aws4";
import { describe, expect, it } from "vitest";
import { signRequest } from "../../src/signature.ts";

const request = {
  method: "GET",
  host: "abc.lambda-url.eu-west-1.on.aws",
  path: "/items",
  canonicalQuery: "",
  headers: { host: "abc.lambda-url.eu-west-1.on.aws", "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
};

function expected(date: Date, region: string, credentials: { accessKeyId: string; secretAccessKey: string }): string {
  const amzDate = date.toISOString().replace(/[-:]|\.\d{3}/g, "");
  const signed = aws4.sign(
    {
      service: "lambda",
      region,
      host: request.host,
      method: "GET",
      path: "/items",
      headers: { "X-Amz-Date": amzDate, "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD" },
    },
    credentials,
  );
  return String(signed.headers?.Authorization);
}

describe("signer and signing-key reuse", () => {
  it("matches aws4 across a change of day, region and credentials", async () => {
    const alice = { accessKeyId: "AKIAALICE", secretAccessKey: "alice-secret" };
    const bob = { accessKeyId: "AKIABOB", secretAccessKey: "bob-secret" };
    const cases: Array<[Date, string, typeof alice]> = [
      [new Date("2026-11-22T23:59:59Z"), "eu-west-1", alice],
      [new Date("2026-11-23T00:00:01Z"), "eu-west-1", alice],
      [new Date("2026-11-23T00:00:02Z"), "us-east-1", alice],
      [new Date("2026-11-23T00:00:03Z"), "us-east-1", bob],
      [new Date("2026-11-23T00:00:04Z"), "eu-west-1", alice],
      [new Date("2026-11-22T23:59:59Z"), "eu-west-1", alice],
    ];
    for (const [date, region, credentials] of cases) {
      const { authorization } = await signRequest(request, { service: "lambda", region, uriEscapePath: true }, credentials, date, false);
      expect(authorization).toBe(expected(date, region, credentials));
    }
  });
});
