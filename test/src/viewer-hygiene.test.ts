// What a viewer may and may not pass through to the origin.
import { describe, expect, it } from "vitest";
import { BUCKET, CREDENTIALS, customOrigin, headers, makeEvent, signed, signedHeaderNames, value } from "./fixtures.ts";

describe("viewer hygiene", () => {
  it("removes viewer credentials and x-amz-* headers; a viewer cannot choose an ACL or encryption", async () => {
    const event = makeEvent({
      headers: headers({
        Authorization: "Bearer viewer-token",
        "X-Amz-Security-Token": "viewer-session",
        "X-Amz-Date": "20200101T000000Z",
        "X-Amz-Acl": "public-read",
        "X-Amz-Server-Side-Encryption": "AES256",
        "X-Amz-Meta-Owner": "viewer",
        "Content-Length": "0",
      }),
      origin: customOrigin(BUCKET),
    });
    const { request } = await signed(event);
    expect(Object.keys(request.headers).sort()).toEqual(
      ["authorization", "content-length", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"].sort(),
    );
    expect(value(request, "authorization")).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(value(request, "x-amz-security-token")).toBe(CREDENTIALS.sessionToken);
  });

  it("lets allowlisted viewer x-amz-* headers through, and signs them", async () => {
    const event = makeEvent({ headers: headers({ "X-Amz-Meta-Owner": "viewer", "X-Amz-Acl": "public-read" }), origin: customOrigin(BUCKET) });
    const { request } = await signed(event, { config: { allowViewerAmzHeaders: ["x-amz-meta-*"] } });
    expect(value(request, "x-amz-meta-owner")).toBe("viewer");
    expect(request.headers["x-amz-acl"]).toBeUndefined();
    expect(signedHeaderNames(request)).toContain("x-amz-meta-owner");
  });

  it("drops a viewer's presign-style query authentication, SigV4A's X-Amz-Region-Set included, in any case", async () => {
    const event = makeEvent({ querystring: "a=1&X-Amz-Region-Set=%2A&x-amz-region-set=eu-west-1&X-AMZ-EXPIRES=60&b=2", origin: customOrigin(BUCKET) });
    expect((await signed(event)).request.querystring).toBe("a=1&b=2");
  });

  it("signs x-amz-* origin custom headers (the operator's), which CloudFront adds after the function", async () => {
    const event = makeEvent({ origin: customOrigin(BUCKET, { "x-amz-server-side-encryption": "aws:kms" }) });
    expect(signedHeaderNames((await signed(event)).request)).toContain("x-amz-server-side-encryption");
  });
});
