// The package deploy uploads (the bundle built from the current src/, test/support/test-bundle.ts):
// unzipped and run as Lambda@Edge runs it, its handler signs a recorded Lambda function URL POST,
// and the request CloudFront would then send verifies at the origin (the aws4 oracle).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { buildWireRequest, originHost } from "../../cloudfront-emulator/index.ts";
import { verifySignedRequest } from "../../sigv4-oracle/index.ts";
import { REPO_ROOT, TEST_ZIP } from "../support/test-bundle.ts";
import { FAKE_SECRET, tempDir } from "./harness.ts";

const EVENT = join(REPO_ROOT, "test/events/lambda-url/post-json-text.json");

describe("deploy: the uploaded bundle", () => {
  it("unzips to index.mjs whose handler signs a Lambda function URL origin request", async () => {
    const files = unzipSync(readFileSync(TEST_ZIP));
    expect(Object.keys(files)).toContain("index.mjs");
    const dir = tempDir();
    writeFileSync(join(dir, "index.mjs"), files["index.mjs"]!);
    const { handler } = (await import(pathToFileURL(join(dir, "index.mjs")).href)) as {
      handler: (event: CloudFrontRequestEvent) => Promise<CloudFrontRequest>;
    };

    const event = JSON.parse(readFileSync(EVENT, "utf8")) as CloudFrontRequestEvent;
    const before = structuredClone(event);
    const host = originHost(event.Records[0]!.cf.request.origin!);
    expect(host).toMatch(/\.lambda-url\.eu-west-1\.on\.aws$/);
    const fake = { AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKEFAKE", AWS_SECRET_ACCESS_KEY: FAKE_SECRET, AWS_SESSION_TOKEN: "fake-session-token" };
    const saved = Object.fromEntries(Object.keys(fake).map((key) => [key, process.env[key]]));
    const log = console.log;
    Object.assign(process.env, fake);
    console.log = () => {};
    try {
      const result = await handler(event);
      const authorization = result.headers?.authorization?.[0]?.value ?? "";
      expect(authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKEFAKE\/\d{8}\/eu-west-1\/lambda\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/,
      );
      expect(result.headers?.host?.[0]?.value).toBe(host);
      expect(result.headers?.["x-amz-security-token"]?.[0]?.value).toBe("fake-session-token");
      const verdict = verifySignedRequest(buildWireRequest(before, result), {
        service: "lambda",
        region: "eu-west-1",
        credentials: { accessKeyId: fake.AWS_ACCESS_KEY_ID, secretAccessKey: fake.AWS_SECRET_ACCESS_KEY, sessionToken: fake.AWS_SESSION_TOKEN },
        now: new Date(),
        host,
      });
      expect(verdict.errors).toEqual([]);
    } finally {
      console.log = log;
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
