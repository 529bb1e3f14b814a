// What the local edge and sign-event print goes through one set of masking rules: each case is a
// secret in the shape it really takes (a CloudFront signed URL's base64 signature, a SigV4A
// signature's ~140 hex digits, a cookie in JSON, S3's InvalidToken body).
import { createSign, generateKeyPairSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createRedactor, generateCredentials } from "../../local-edge/credentials.ts";
import { RecentSecrets, redactText } from "../../local-edge/redact-text.ts";
import { redactResult } from "../../sign-event/redact.ts";

// A real CloudFront-style signature: RSA-SHA1 over a policy, base64 with + = / swapped for - _ ~.
const key = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
const cloudFrontSignature = createSign("RSA-SHA1").update('{"Statement":[]}').sign(key, "base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~");
const sigV4aSignature = randomBytes(71).toString("hex"); // an ECDSA P-256 DER signature is 70-72 bytes

describe("redactText", () => {
  it("masks a signed URL's base64 Signature in a canonical request's query line and in a path", () => {
    const canonical = `GET\n/demo/public/a\nExpires=1767225600&Key-Pair-Id=K1&Signature=${cloudFrontSignature}\nhost:x\n`;
    const out = redactText(canonical, []);
    expect(out).toContain("&Signature=<redacted>\n");
    expect(out).not.toContain(cloudFrontSignature.slice(0, 20));
    expect(redactText(`GET /a?Signature=${cloudFrontSignature}&Key-Pair-Id=K1 200`, [])).toBe("GET /a?Signature=<redacted>&Key-Pair-Id=K1 200");
    expect(redactText(`Signature=${cloudFrontSignature}`, [])).toBe("Signature=<redacted>");
    expect(redactText(redactText(`/a?Signature=${cloudFrontSignature}`, []), [])).toBe("/a?Signature=<redacted>");
    expect(redactText(`{"uri": "/a?Signature=${cloudFrontSignature}",\n "x": 1}`, [])).toBe('{"uri": "/a?Signature=<redacted>",\n "x": 1}');
  });

  it("masks every hex digit of a SigV4A signature, in a header and as X-Amz-Signature", () => {
    expect(sigV4aSignature.length).toBeGreaterThan(64);
    for (const text of [
      `AWS4-ECDSA-P256-SHA256 Credential=A/20260101/s3/aws4_request, SignedHeaders=host, Signature=${sigV4aSignature}`,
      `/k?X-Amz-Signature=${sigV4aSignature}`,
    ]) {
      const out = redactText(text, []);
      expect(out).toMatch(/Signature=<redacted>$/);
      expect(out).not.toContain(sigV4aSignature.slice(64));
    }
  });

  it("masks cookies written as JSON and the token in S3's InvalidToken body", () => {
    expect(redactText('{"cookie": "CloudFront-Signature=abc~def; id=\\"q\\"", "host": "x"}', [])).toBe('{"cookie": "<redacted>", "host": "x"}');
    expect(redactText('"Cookie":"a=b"', [])).toBe('"Cookie":"<redacted>"');
    const token = "FQoGZXIvYXdzEBaaDNotARealToken/+==";
    const body = `<Error><Code>InvalidToken</Code><Message>The provided token is malformed or otherwise invalid.</Message><Token-0>${token}</Token-0><RequestId>R</RequestId></Error>`;
    expect(redactText(body, [])).toContain("<Token-0><redacted></Token-0><RequestId>R</RequestId>");
    expect(redactText(body, [])).not.toContain("FQoGZXIvYXdz");
  });

  it("sign-event's JSON output masks the whole SigV4A signature too", () => {
    const printed = redactResult({ uri: "/k", querystring: `X-Amz-Signature=${sigV4aSignature}` }, []);
    expect(printed).toContain("X-Amz-Signature=<redacted>");
    expect(printed).not.toContain(sigV4aSignature.slice(64));
  });
});

describe("secrets across a credential refresh", () => {
  it("still masks the secret key and token of the credentials before the refresh", () => {
    const recent = new RecentSecrets(16);
    const redact = createRedactor(() => recent.values());
    const before = generateCredentials();
    const after = generateCredentials();
    recent.add(before.secretAccessKey, before.sessionToken);
    recent.add(after.secretAccessKey, after.sessionToken);
    expect(redact(`old ${before.secretAccessKey} ${before.sessionToken} new ${after.sessionToken}`)).toBe("old <redacted> <redacted> new <redacted>");
  });

  it("keeps only the most recent ones", () => {
    const recent = new RecentSecrets(4);
    for (const secret of ["secret-01", "secret-02", "secret-03", "secret-02", "secret-04", "secret-05"]) recent.add(secret);
    expect(recent.values()).toEqual(["secret-02", "secret-03", "secret-04", "secret-05"]);
  });
});
