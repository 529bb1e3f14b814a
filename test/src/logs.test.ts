// What the function logs, and what it never logs.
import { describe, expect, it } from "vitest";
import { customOrigin, headers, LAMBDA_URL, makeEvent, run, SECRETS } from "./fixtures.ts";

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
});
