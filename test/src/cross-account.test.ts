// Origins in another account, through the handler: the function assumes the origin's role with
// its own credentials (at the STS stand-in, which checks that call's signature), signs with the
// temporary credentials, and keeps them for the container. The wire request is verified with the
// credentials STS issued (aws4 for SigV4, the SigV4A oracle for SigV4A).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.ts";
import { asCredentials, type CrossAccount, EXTERNAL_ID, OPEN_ROLE_ARN, ROLE_ARN, sigV4Errors, startCrossAccount } from "./cross-account-fixture.ts";
import { BUCKET, CREDENTIALS, customOrigin, LAMBDA_URL, makeEvent, NOW, SECRETS, s3Origin, signed, value } from "./fixtures.ts";
import { verifySigV4aResult } from "./sigv4a-oracle.ts";

const WEB_GLOBAL = "shop-7f3k2p.lambda-web.global.on.aws";
const MRAP = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com";
let world: CrossAccount;

beforeAll(async () => {
  world = await startCrossAccount();
});
afterAll(() => world.close());
beforeEach(() => {
  world.sts.fault = undefined;
});

const config: Partial<Config> = { origins: { [LAMBDA_URL]: { roleArn: ROLE_ARN, externalId: EXTERNAL_ID, durationSeconds: 900 } } };

describe("an origin in another account", () => {
  it("20 requests through one warm container: ONE AssumeRole call, every request signed with the role's credentials", async () => {
    const sts = world.access();
    const callsBefore = world.sts.calls.length;
    const issuedBefore = world.issued.length;
    const logs: string[] = [];
    for (let i = 0; i < 20; i++) {
      const event = makeEvent({ uri: `/items/${i}` });
      const original = structuredClone(event);
      const outcome = await signed(event, { config, sts });
      logs.push(...outcome.raw);
      const issued = asCredentials(world.issued[issuedBefore]);
      expect(sigV4Errors(original, outcome.request, "lambda", "eu-west-1", issued)).toEqual([]);
      expect(value(outcome.request, "x-amz-security-token")).toBe(issued.sessionToken);
      expect(outcome.logs[0]).toMatchObject({ outcome: "signed", roleArn: ROLE_ARN, algorithm: "sigv4" });
    }
    expect(world.sts.calls.slice(callsBefore)).toEqual([
      { roleArn: ROLE_ARN, externalId: EXTERNAL_ID, sessionName: "edge-sigv4", durationSeconds: "900", status: 200, code: "AssumeRole" },
    ]);
    const issued = world.issued[issuedBefore];
    for (const secret of [...SECRETS, issued?.secretAccessKey ?? "?", issued?.sessionToken ?? "?"]) expect(logs.join("\n")).not.toContain(secret);
  });

  it("x-sigv4-role-arn needs no rebuild; the external id and session name still come from the config for that domain", async () => {
    const sts = world.access();
    const before = world.sts.calls.length;
    const headerConfig: Partial<Config> = { origins: { [LAMBDA_URL]: { externalId: EXTERNAL_ID, sessionName: "cdn-prod" } } };
    const event = makeEvent({ origin: customOrigin(LAMBDA_URL, { "x-sigv4-role-arn": ROLE_ARN }) });
    const original = structuredClone(event);
    const { request } = await signed(event, { config: headerConfig, sts });
    expect(world.sts.calls.slice(before)).toEqual([
      expect.objectContaining({ roleArn: ROLE_ARN, externalId: EXTERNAL_ID, sessionName: "cdn-prod", status: 200 }),
    ]);
    expect(sigV4Errors(original, request, "lambda", "eu-west-1", asCredentials(world.issued.at(-1)))).toEqual([]);
    expect(request.origin?.custom?.customHeaders).toEqual({});
  });

  it("alternating same-account and cross-account origins, SigV4 and SigV4A: each signed with its own credentials, one AssumeRole", async () => {
    const sts = world.access();
    const before = world.sts.calls.length;
    const issuedAt = world.issued.length;
    const mixed: Partial<Config> = { origins: { [MRAP]: { roleArn: OPEN_ROLE_ARN } } };
    for (let i = 0; i < 3; i++) {
      const own = makeEvent({ origin: s3Origin(BUCKET) });
      const ownOriginal = structuredClone(own);
      const ownSigned = await signed(own, { config: mixed, sts });
      expect(sigV4Errors(ownOriginal, ownSigned.request, "s3", "eu-west-1", CREDENTIALS)).toEqual([]);

      const other = makeEvent({ origin: s3Origin(MRAP) });
      const otherOriginal = structuredClone(other);
      const otherSigned = await signed(other, { config: mixed, sts });
      const role = asCredentials(world.issued[issuedAt]);
      const verdict = await verifySigV4aResult(otherOriginal, otherSigned.request, { service: "s3", regionSet: "*", credentials: role, now: NOW });
      expect(verdict.errors).toEqual([]);

      const global = makeEvent({ origin: customOrigin(WEB_GLOBAL) });
      const globalOriginal = structuredClone(global);
      const globalSigned = await signed(global, { config: mixed, sts });
      const own4a = await verifySigV4aResult(globalOriginal, globalSigned.request, { service: "lambda", regionSet: "*", credentials: CREDENTIALS, now: NOW });
      expect(own4a.errors).toEqual([]);
    }
    expect(world.sts.calls.slice(before).map((call) => call.roleArn)).toEqual([OPEN_ROLE_ARN]);
  });

  it("two containers (two caches) each make their own call", async () => {
    const before = world.sts.calls.length;
    await signed(makeEvent(), { config, sts: world.access() });
    await signed(makeEvent(), { config, sts: world.access() });
    expect(world.sts.calls.length - before).toBe(2);
  });
});
