// The signed URL and signed cookie examples of CloudFront's developer guide ("Create a signed URL
// using a canned policy", "Set signed cookies using a custom policy"). Their signatures are
// placeholders, so as printed they must be refused for the signature only (AccessDenied, not
// Malformed*); with a real signature over the same policy bytes they must pass.
import { describe, expect, it } from "vitest";
import { checkViewerAccess } from "../../../cloudfront-emulator/viewer-access/index.ts";
import { cloudFrontBase64, signWithNodeCrypto, testKeys, trustedKeys, viewerRequest } from "./viewer-fixtures.ts";

const keys = testKeys();
// The examples' key pair id, standing for a key we hold.
const docKey = { ...keys.rsa, id: "K2JCJMDEHXQW5F" };
const trusted = trustedKeys(docKey);

describe("canned policy signed URL (with Hash-Algorithm=SHA256)", () => {
  const DOC_URL =
    "https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium&Expires=1767290400&Signature=nitfHRCrtziwO2HwPfWw~yYDhUF5EwRunQA-j19DzZrvDh6hQ73lDx~-ar3UocvvRQVw6EkC~GdpGQyyOSKQim-TxAnW7d8F5Kkai9HVx0FIu-5jcQb0UEmatEXAMPLE3ReXySpLSMj0yCd3ZAB4UcBCAqEijkytL6f3fVYNGQI6&Key-Pair-Id=K2JCJMDEHXQW5F&Hash-Algorithm=SHA256";
  // The guide's canned statement for that URL: Resource is the URL with its own query, without the signing parameters.
  const STATEMENT =
    '{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}';
  const before = 1767290400 - 1;

  it("as printed: refused for the placeholder signature", () => {
    expect(checkViewerAccess(viewerRequest(DOC_URL), trusted, before)).toMatchObject({
      allowed: false,
      code: "AccessDenied",
      reason: expect.stringMatching(/signature/),
    });
  });

  it("signed for real: allowed, and the origin gets color=red&size=medium", () => {
    const url = DOC_URL.replace(/Signature=[^&]+/, `Signature=${signWithNodeCrypto(docKey, STATEMENT, "sha256")}`);
    expect(checkViewerAccess(viewerRequest(url), trusted, before)).toMatchObject({
      allowed: true,
      policy: "canned",
      forward: { querystring: "color=red&size=medium" },
    });
    expect(checkViewerAccess(viewerRequest(url), trusted, before + 1)).toMatchObject({ allowed: false, code: "AccessDenied" });
  });
});

describe("custom policy signed cookies (Example 1)", () => {
  const POLICY =
    "eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiaHR0cDovL2QxMTExMTFhYmNkZWY4LmNsb3VkZnJvbnQubmV0L2dhbWVfZG93bmxvYWQuemlwIiwiQ29uZGl0aW9uIjp7IklwQWRkcmVzcyI6eyJBV1M6U291cmNlSXAiOiIxOTIuMC4yLjAvMjQifSwiRGF0ZUxlc3NUaGFuIjp7IkFXUzpFcG9jaFRpbWUiOjE0MjY1MDAwMDB9fX1dfQ__";
  const cookies = (signature: string) =>
    `CloudFront-Policy=${POLICY}; CloudFront-Signature=${signature}; CloudFront-Key-Pair-Id=K2JCJMDEHXQW5F; CloudFront-Hash-Algorithm=SHA256`;
  const URL_ = "http://d111111abcdef8.cloudfront.net/game_download.zip";
  const before = 1426500000 - 1;

  it("as printed: the policy decodes and parses; refused for the placeholder signature", () => {
    const decision = checkViewerAccess(viewerRequest(URL_, { cookie: cookies("dtKhpJ3aUYxqDIwepczPiDb9NXQ_"), clientIp: "192.0.2.7" }), trusted, before);
    expect(decision).toMatchObject({ allowed: false, code: "AccessDenied", reason: expect.stringMatching(/signature/) });
  });

  it("signed for real: allowed from 192.0.2.0/24 before 1426500000, refused otherwise", () => {
    const statement = Buffer.from(POLICY.replaceAll("-", "+").replaceAll("_", "=").replaceAll("~", "/"), "base64").toString("utf8");
    expect(statement).toBe(
      '{"Statement":[{"Resource":"http://d111111abcdef8.cloudfront.net/game_download.zip","Condition":{"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateLessThan":{"AWS:EpochTime":1426500000}}}]}',
    );
    expect(cloudFrontBase64(statement)).toBe(POLICY);
    const cookie = cookies(signWithNodeCrypto(docKey, statement, "sha256"));
    const at = (clientIp: string, now: number) => checkViewerAccess(viewerRequest(URL_, { cookie, clientIp }), trusted, now);
    expect(at("192.0.2.7", before)).toMatchObject({ allowed: true, via: "signed-cookies", policy: "custom" });
    expect(at("192.0.3.7", before)).toMatchObject({ allowed: false, code: "AccessDenied" });
    expect(at("192.0.2.7", before + 1)).toMatchObject({ allowed: false, code: "AccessDenied" });
  });
});
