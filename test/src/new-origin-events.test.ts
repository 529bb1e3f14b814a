// The recorded events for the new origin kinds, through the BUILT bundle (as Lambda runs it, the
// credentials in the environment), judged on the wire: SigV4A by the SigV4A oracle (smithy's own
// key, node:crypto's verify), SigV4 by aws4. The cross-account event goes through the handler with
// the STS stand-in, since the default bundle has no STS endpoint to reach.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWireRequest } from "../../cloudfront-emulator/index.ts";
import { type IssuedCredentials, type StsOrigin, startStsOrigin } from "../../local-edge/sts-origin.ts";
import { AssumedRoleCache } from "../../src/assume-role/credentials-cache.ts";
import { TEST_BUNDLE } from "../support/test-bundle.ts";
import { CREDENTIALS, isResponse, NOW, run } from "./fixtures.ts";
import { sigV4Errors } from "./signature-oracle.ts";
import { verifySigV4aResult } from "./sigv4a-oracle.ts";

const EVENTS = join(import.meta.dirname, "../events");
const load = (path: string) => JSON.parse(readFileSync(join(EVENTS, path), "utf8")) as CloudFrontRequestEvent;
const ENV = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;
let handler: (event: unknown) => Promise<CloudFrontRequest>;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const name of ENV) saved[name] = process.env[name];
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: CREDENTIALS.sessionToken,
  });
  ({ handler } = (await import(pathToFileURL(TEST_BUNDLE).href)) as { handler: typeof handler });
});
afterAll(() => {
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

async function throughBundle(path: string) {
  const event = load(path);
  const original = structuredClone(event);
  const log = console.log;
  console.log = () => {};
  try {
    return { original, request: await handler(event) };
  } finally {
    console.log = log;
  }
}

describe("new origin events through the built bundle", () => {
  it.each([
    ["s3/mrap-get-oai-region.json", "s3", "*", false],
    ["s3/mrap-put-custom-origin.json", "s3", "*", true],
    ["lambda-web/global-post-json.json", "lambda", "*", true],
    ["custom/sigv4a-configured.json", "execute-api", "eu-west-1,us-east-1", true],
  ])("%s: SigV4A for %s over %s", async (path, service, regionSet, cfIdSigned) => {
    const { original, request } = await throughBundle(path);
    const verdict = await verifySigV4aResult(original, request, { service, regionSet, credentials: CREDENTIALS, now: new Date() });
    expect(verdict.errors).toEqual([]);
    expect(verdict.signedHeaders.includes("x-amz-cf-id")).toBe(cfIdSigned);
    const wire = buildWireRequest(original, request);
    expect(Object.keys(wire.headers).filter((name) => name.startsWith("x-sigv4-") || name === "x-amz-acl")).toEqual([]);
  });

  it("lambda-web/regional-get.json: SigV4 for lambda in us-east-1", async () => {
    const { original, request } = await throughBundle("lambda-web/regional-get.json");
    expect(sigV4Errors(original, request, "lambda", "us-east-1", CREDENTIALS, new Date())).toEqual([]);
  });
});

describe("lambda-url/cross-account-role-arn.json", () => {
  const ROLE = "arn:aws:iam::222233334444:role/edge-sigv4-origin";
  const issued: IssuedCredentials[] = [];
  let sts: StsOrigin;
  beforeAll(async () => {
    sts = await startStsOrigin({ region: "us-east-1", callers: [CREDENTIALS], roles: [{ roleArn: ROLE }], onIssued: (c) => issued.push(c), clock: () => NOW });
  });
  afterAll(() => sts.close());
  const access = () => ({ cache: new AssumedRoleCache(), region: "us-east-1", endpoint: sts.url });

  it("with STS reachable: signed for lambda/eu-west-1 with the role's credentials", async () => {
    const event = load("lambda-url/cross-account-role-arn.json");
    const original = structuredClone(event);
    const { result } = await run(event, { sts: access() });
    if (isResponse(result)) throw new Error(`expected a request, got ${result.status}`);
    expect(sigV4Errors(original, result, "lambda", "eu-west-1", issued[0] ?? CREDENTIALS)).toEqual([]);
  });

  it("with STS unreachable: a 502, never forwarded unsigned", async () => {
    sts.fault = { kind: "reset" };
    try {
      const { result, logs } = await run(load("lambda-url/cross-account-role-arn.json"), { sts: access() });
      expect(isResponse(result) && result.status).toBe("502");
      expect(logs[0]).toMatchObject({ stsCode: "NetworkError" });
    } finally {
      sts.fault = undefined;
    }
  });
});
