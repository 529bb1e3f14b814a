// The built bundle with a cross-account configuration: bad role settings fail the build with one
// line that says how to fix them; good ones are baked in, and the bundle — run as Lambda runs it,
// credentials and AWS_REGION from the environment — assumes the role once per container (at the
// STS stand-in, through sts.endpoint) and signs with the role's credentials.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CloudFrontRequest } from "aws-lambda";
import { afterAll, describe, expect, it } from "vitest";
import { asCredentials, OPEN_ROLE_ARN, sigV4Errors, startCrossAccount } from "./cross-account-fixture.ts";
import { CREDENTIALS, LAMBDA_URL, makeEvent } from "./fixtures.ts";

const root = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "edge-sigv4-build-role-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const build = (config: unknown) => {
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  return spawnSync(process.execPath, [join(root, "esbuild.config.mjs"), "--quiet", "--config", join(dir, "config.json"), "--outdir", dir], {
    encoding: "utf8",
  });
};

describe("build with cross-account and SigV4A settings", () => {
  it.each([
    [
      { origins: { [LAMBDA_URL]: { roleArn: "arn:aws:iam::123:role/x" } } },
      /origins\["[^"]+"\]\.roleArn must be an IAM role ARN such as "arn:aws:iam::123456789012:role/,
    ],
    [{ origins: { "x.mrap.accesspoint.s3-global.amazonaws.com": { algorithm: "sigv4" } } }, /algorithm "sigv4" cannot sign for x.mrap/],
    [{ origins: { [LAMBDA_URL]: { regionSet: "*" } } }, /regionSet applies to SigV4A only/],
    [{ sts: { endpoint: "http://sts.example.com/" } }, /sts.endpoint must be an https URL/],
  ])("refuses %j in one line", (config, message) => {
    const result = build(config);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("20 requests through the bundle: one AssumeRole, each signed with the role's credentials", async () => {
    const world = await startCrossAccount({ clock: () => new Date() });
    const env = { ...process.env };
    const log = console.log;
    try {
      const result = build({ origins: { [LAMBDA_URL]: { roleArn: OPEN_ROLE_ARN, durationSeconds: 900 } }, sts: { endpoint: world.sts.url } });
      expect(result.status, result.stderr).toBe(0);
      Object.assign(process.env, {
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        AWS_SESSION_TOKEN: CREDENTIALS.sessionToken,
        AWS_REGION: "us-east-1",
      });
      const { handler } = (await import(pathToFileURL(join(dir, "index.mjs")).href)) as { handler: (event: unknown) => Promise<CloudFrontRequest> };
      console.log = () => {};
      for (let i = 0; i < 20; i++) {
        const event = makeEvent({ uri: `/n/${i}` });
        const original = structuredClone(event);
        const request = await handler(event);
        expect(sigV4Errors(original, request, "lambda", "eu-west-1", asCredentials(world.issued[0]), new Date())).toEqual([]);
      }
      expect(world.sts.calls).toEqual([expect.objectContaining({ roleArn: OPEN_ROLE_ARN, status: 200, durationSeconds: "900" })]);
    } finally {
      console.log = log;
      process.env = env;
      await world.close();
    }
  });
});
