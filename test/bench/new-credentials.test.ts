// The bench's measurement of a SigV4A request right after the credentials change: each request
// sees a new access key id, the environment is restored after, and a handler that keeps its
// first credentials is caught rather than timed. Handlers here are stand-ins; no timing assertion.
import type { CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { makeMrapGetEvent, SIGV4A_ALGORITHM } from "../../bench/events.ts";
import { measureNewCredentials } from "../../bench/new-credentials.ts";

function signsWith(accessKeyId: () => string | undefined, seen: string[]) {
  return async (event: CloudFrontRequestEvent): Promise<CloudFrontRequest> => {
    const request = event.Records[0]!.cf.request;
    const key = accessKeyId() ?? "";
    seen.push(key);
    const value = `${SIGV4A_ALGORITHM} Credential=${key}/20261122/s3/aws4_request, SignedHeaders=host, Signature=3006020101020101`;
    return { ...request, headers: { ...request.headers, authorization: [{ key: "Authorization", value }] } };
  };
}

describe("SigV4A with new credentials at every request", () => {
  it("gives each request a new access key id, then puts the original back", async () => {
    const env: NodeJS.ProcessEnv = { AWS_ACCESS_KEY_ID: "ASIABENCHBENCHBENCH01" };
    const seen: string[] = [];
    const report = await measureNewCredentials(
      signsWith(() => env.AWS_ACCESS_KEY_ID, seen),
      makeMrapGetEvent(),
      SIGV4A_ALGORITHM,
      7,
      env,
    );
    expect(report).toMatchObject({ requests: 7, medianUs: expect.any(Number), p90Us: expect.any(Number) });
    expect(new Set(seen).size).toBe(seen.length); // 5 warm-up + 7 timed, all different
    expect(seen).toHaveLength(12);
    expect(seen.every((key) => key.startsWith("ASIABENCHBEN") && key.length === 20)).toBe(true);
    expect(env.AWS_ACCESS_KEY_ID).toBe("ASIABENCHBENCHBENCH01");
  });

  it("refuses to time a handler that keeps signing with its first credentials", async () => {
    const env: NodeJS.ProcessEnv = { AWS_ACCESS_KEY_ID: "ASIABENCHBENCHBENCH01" };
    const stale = signsWith(() => "ASIABENCHBENCHBENCH01", []);
    await expect(measureNewCredentials(stale, makeMrapGetEvent(), SIGV4A_ALGORITHM, 3, env)).rejects.toThrow("did not sign with the new credentials");
    expect(env.AWS_ACCESS_KEY_ID).toBe("ASIABENCHBENCHBENCH01");
  });

  it("refuses a handler that does not sign SigV4A", async () => {
    const env: NodeJS.ProcessEnv = { AWS_ACCESS_KEY_ID: "ASIABENCHBENCHBENCH01" };
    const unsigned = async (event: CloudFrontRequestEvent) => event.Records[0]!.cf.request;
    await expect(measureNewCredentials(unsigned, makeMrapGetEvent(), SIGV4A_ALGORITHM, 3, env)).rejects.toThrow("did not sign");
  });
});
