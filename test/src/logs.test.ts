// What the function logs, and what it never logs.
import type { CloudFrontRequest } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { BUCKET, customOrigin, headers, LAMBDA_URL, makeEvent, run, SECRETS } from "./fixtures.ts";
import { signedCanonicalRequest } from "./signature-oracle.ts";

describe("logs", () => {
  it("never contain the secret key, session token, Authorization, cookies or signatures — even at debug level", async () => {
    const events = [
      makeEvent(),
      makeEvent({ method: "POST", body: { action: "read-only", encoding: "text", inputTruncated: false, data: "x" } }),
      makeEvent({ origin: customOrigin(LAMBDA_URL, { "x-sigv4-debug": "1" }) }),
      makeEvent({ headers: headers({ Authorization: "Bearer viewer-secret-never-printed" }) }),
      makeEvent({ querystring: "a=%FF" }),
    ];
    for (const config of [{ logLevel: "debug" as const }, { logLevel: "info" as const }]) {
      for (const event of events) {
        const { raw } = await run(event, { config });
        for (const line of raw) {
          for (const secret of [...SECRETS, "viewer-secret-never-printed"]) expect(line).not.toContain(secret);
        }
      }
    }
  });

  it("adds the canonical request (token redacted) and string to sign for an origin with x-sigv4-debug: 1", async () => {
    const { logs } = await run(makeEvent({ origin: customOrigin(LAMBDA_URL, { "x-sigv4-debug": "1" }) }));
    expect(logs[0]).toMatchObject({ level: "info", msg: "signed" });
    expect(String(logs[0]?.canonicalRequest)).toContain("x-amz-security-token:<redacted>\n");
    expect(String(logs[0]?.stringToSign)).toMatch(/^AWS4-HMAC-SHA256\n20261122T120000Z\n20261122\/eu-west-1\/lambda\/aws4_request\n[0-9a-f]{64}$/);
  });

  it("masks a forwarded signed URL's Signature and Policy, token-named query values and SSE-C keys in the debug canonical request", async () => {
    const signature =
      "Nql641NHEUkUaXQHZINK1FZ~SYeUSoBJMxjdgqrzIdzV2gyEXPDNv0pYdWJkflDKJ3xIu7lbwRpSkG98NBlgPi4ZJpRRnVX4kXAJK6tdNx6FucDB7OVqzcxkxHsGFd8VCG1BkC-Afh9~lOCMIYHIaiOB6~5jt9w2EOwi6sIIqrg_";
    const policy = "eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiaHR0cHM6Ly9kMTExMTExYWJjZGVmOC5jbG91ZGZyb250Lm5ldC8qIn1dfQ__";
    const token = "viewer-query-token-never-printed";
    const customerKey = "c2VjcmV0LWN1c3RvbWVyLWtleS1uZXZlci1wcmludGVkLTAx";
    const event = makeEvent({
      querystring: `v=1&Policy=${policy}&Signature=${signature}&Key-Pair-Id=K2JCJMDEHXQW5F&access_token=${token}`,
      headers: headers({ "X-Amz-Server-Side-Encryption-Customer-Key": customerKey, "X-Amz-Server-Side-Encryption-Customer-Algorithm": "AES256" }),
      origin: customOrigin(BUCKET, { "x-sigv4-debug": "1" }),
    });
    const { result, logs, raw } = await run(event, { config: { allowViewerAmzHeaders: ["x-amz-server-side-encryption-customer-*"] } });
    for (const line of raw) for (const secret of [signature, policy, token, customerKey]) expect(line).not.toContain(secret);
    // The rest stays readable, and with the values put back it is the canonical request that was signed.
    const lines = signedCanonicalRequest(result as CloudFrontRequest, logs, [
      ["Policy=<redacted>", `Policy=${policy}`],
      ["Signature=<redacted>", `Signature=${signature}`],
      ["access_token=<redacted>", `access_token=${token}`],
      ["x-amz-server-side-encryption-customer-key:<redacted>", `x-amz-server-side-encryption-customer-key:${customerKey}`],
    ]);
    expect(lines[2]).toBe(`Key-Pair-Id=K2JCJMDEHXQW5F&Policy=${policy}&Signature=${signature}&access_token=${token}&v=1`);
    expect(lines).toContain("x-amz-server-side-encryption-customer-algorithm:AES256");
  });
});
