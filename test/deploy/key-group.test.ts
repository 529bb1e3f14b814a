// --trusted-key-group NAME --public-key FILE with mocked SDK clients: the exact calls when the key
// and the group are new, when a second run finds and reuses them, when the group lacks the key,
// and the If-Match retry when the group changes meanwhile.
import { createHash, createPublicKey } from "node:crypto";
import {
  CreateKeyGroupCommand,
  CreatePublicKeyCommand,
  type DistributionConfig,
  GetDistributionConfigCommand,
  GetKeyGroupCommand,
  ListKeyGroupsCommand,
  ListPublicKeysCommand,
  UpdateDistributionCommand,
  UpdateKeyGroupCommand,
} from "@aws-sdk/client-cloudfront";
import { describe, expect, it } from "vitest";
import { deploy } from "../../deploy/deploy.ts";
import { explainError } from "../../deploy/errors.ts";
import {
  conflict412,
  distributionConfig,
  expectFollowsPlan,
  FUNCTION_ARN,
  type Harness,
  harness,
  keyFiles,
  mockExistingFunction,
  OTHER_FN,
  options,
  tempDir,
} from "./harness.ts";

const keys = keyFiles(tempDir());
const KEY_ID = "K2JCJMDEHXQW5F";
const fingerprint = createHash("sha256")
  .update(createPublicKey(keys.rsaPem).export({ type: "spki", format: "der" }))
  .digest("hex");
const ARGV = ["--distribution-id", "E2EXAMPLE", "--trusted-key-group", "signers", "--public-key", keys.rsa];
const LAMBDA = ["lambda:GetFunction", "lambda:UpdateFunctionCode", "lambda:GetFunction", "lambda:PublishVersion", "lambda:GetFunction"];
const ours = { LambdaFunctionARN: `${FUNCTION_ARN}:3`, EventType: "origin-request" as const, IncludeBody: true };
const other = { LambdaFunctionARN: `${OTHER_FN}:4`, EventType: "viewer-request" as const, IncludeBody: false };
const summary = (id: string, pem: string) => ({ Id: id, Name: `key-${id}`, CreatedTime: new Date(), EncodedKey: pem, Comment: "" });
const group = (items: string[], comment = "team keys") => ({
  Id: "kg-1",
  LastModifiedTime: new Date(),
  KeyGroupConfig: { Name: "signers", Items: items, Comment: comment },
});

function setUp(h: Harness, config: DistributionConfig = distributionConfig()) {
  mockExistingFunction(h, "3");
  h.mocks.cloudfront.on(GetDistributionConfigCommand).resolves({ ETag: "E1", DistributionConfig: config });
  h.mocks.cloudfront.on(UpdateDistributionCommand).resolves({ ETag: "E2", Distribution: { Status: "InProgress" } as never });
}

describe("deploy: trusted key group", () => {
  it("first run: uploads the key, creates the group with it, and makes the behavior trust the group in the same update as the trigger", async () => {
    const h = harness();
    setUp(h);
    h.mocks.cloudfront.on(ListPublicKeysCommand).resolves({ PublicKeyList: { MaxItems: 100, Quantity: 0, Items: [] } });
    h.mocks.cloudfront.on(CreatePublicKeyCommand).resolves({ PublicKey: { Id: KEY_ID, CreatedTime: new Date(), PublicKeyConfig: undefined }, ETag: "PK1" });
    h.mocks.cloudfront.on(ListKeyGroupsCommand).resolves({ KeyGroupList: { MaxItems: 100, Quantity: 0 } });
    h.mocks.cloudfront.on(CreateKeyGroupCommand).resolves({ KeyGroup: group([KEY_ID]), ETag: "KG1" });

    const result = await deploy(options(...ARGV), h.clients, h.io);
    expect(h.sequence()).toEqual([
      ...LAMBDA,
      "cloudfront:ListPublicKeys",
      "cloudfront:CreatePublicKey",
      "cloudfront:ListKeyGroups",
      "cloudfront:CreateKeyGroup",
      "cloudfront:GetDistributionConfig",
      "cloudfront:UpdateDistribution",
    ]);
    expectFollowsPlan(h.sequence(), ARGV);
    const [created] = h.inputsOf("CreatePublicKey");
    expect(created).toEqual({
      PublicKeyConfig: {
        CallerReference: expect.stringMatching(/^[0-9a-f-]{36}$/),
        Name: `signers-${fingerprint.slice(0, 16)}`,
        EncodedKey: keys.rsaPem,
        Comment: "edge-sigv4: key group signers",
      },
    });
    expect(h.inputsOf("CreateKeyGroup")).toEqual([
      { KeyGroupConfig: { Name: "signers", Items: [KEY_ID], Comment: "edge-sigv4 signed URLs and cookies (npm run deploy)" } },
    ]);
    const [update] = h.inputsOf("UpdateDistribution");
    expect(update).toMatchObject({ Id: "E2EXAMPLE", IfMatch: "E1" });
    const expected = distributionConfig();
    expected.DefaultCacheBehavior!.LambdaFunctionAssociations = { Quantity: 2, Items: [other, ours] };
    expected.DefaultCacheBehavior!.TrustedKeyGroups = { Enabled: true, Quantity: 1, Items: ["kg-1"] };
    expect(update?.DistributionConfig).toEqual(expected);
    expect(result).toMatchObject({ keyPairId: KEY_ID, keyGroupId: "kg-1", distribution: { id: "E2EXAMPLE", change: "added", trustedKeyGroup: "added" } });
    expect(h.outs).toEqual([`${FUNCTION_ARN}:3`]);
    expect(h.logs).toContain(`key pair id: ${KEY_ID} (for sign-url --key-pair-id ${KEY_ID}, with the private key that matches ${keys.rsa})`);
  });

  it("second run: finds the same key (whatever its PEM line endings) and the group holding it, and changes nothing", async () => {
    const h = harness();
    const attached = distributionConfig();
    attached.DefaultCacheBehavior!.LambdaFunctionAssociations = { Quantity: 2, Items: [other, ours] };
    attached.DefaultCacheBehavior!.TrustedKeyGroups = { Enabled: true, Quantity: 1, Items: ["kg-1"] };
    setUp(h, attached);
    const stranger = String(keyFiles(tempDir()).rsaPem);
    h.mocks.cloudfront.on(ListPublicKeysCommand).resolves({
      PublicKeyList: { MaxItems: 100, Quantity: 2, Items: [summary("KOTHER", stranger), summary(KEY_ID, keys.rsaPem.replaceAll("\n", "\r\n"))] },
    });
    h.mocks.cloudfront.on(ListKeyGroupsCommand).resolves({ KeyGroupList: { MaxItems: 100, Quantity: 1, Items: [{ KeyGroup: group(["KOTHER", KEY_ID]) }] } });

    const result = await deploy(options(...ARGV), h.clients, h.io);
    expect(h.sequence()).toEqual([...LAMBDA, "cloudfront:ListPublicKeys", "cloudfront:ListKeyGroups", "cloudfront:GetDistributionConfig"]);
    expect(result).toMatchObject({ keyPairId: KEY_ID, keyGroupId: "kg-1", distribution: { change: "unchanged", trustedKeyGroup: "unchanged" } });
    expect(h.logs).toContain(`public key: ${KEY_ID} (key-${KEY_ID}) already holds this key: reused`);
    expect(h.logs).toContain("distribution: E2EXAMPLE default behavior (*) already trusts key group signers (kg-1)");
  });

  it("reads every page of ListPublicKeys before uploading", async () => {
    const h = harness();
    setUp(h);
    h.mocks.cloudfront
      .on(ListPublicKeysCommand)
      .resolvesOnce({ PublicKeyList: { MaxItems: 1, Quantity: 1, NextMarker: "page-2", Items: [summary("KOTHER", String(keyFiles(tempDir()).rsaPem))] } })
      .resolves({ PublicKeyList: { MaxItems: 1, Quantity: 1, Items: [summary(KEY_ID, keys.rsaPem)] } });
    h.mocks.cloudfront.on(ListKeyGroupsCommand).resolves({ KeyGroupList: { MaxItems: 100, Quantity: 1, Items: [{ KeyGroup: group([KEY_ID]) }] } });
    await deploy(options(...ARGV), h.clients, h.io);
    expect(h.inputsOf("ListPublicKeys")).toEqual([{}, { Marker: "page-2" }]);
    expect(h.inputsOf("CreatePublicKey")).toEqual([]);
  });

  it("adds the key to an existing group (If-Match, other keys kept) and the group to those the behavior already trusts", async () => {
    const h = harness();
    const trusting = distributionConfig();
    trusting.DefaultCacheBehavior!.TrustedKeyGroups = { Enabled: true, Quantity: 1, Items: ["kg-other"] };
    setUp(h, trusting);
    h.mocks.cloudfront.on(ListPublicKeysCommand).resolves({ PublicKeyList: { MaxItems: 100, Quantity: 1, Items: [summary(KEY_ID, keys.rsaPem)] } });
    h.mocks.cloudfront.on(ListKeyGroupsCommand).resolves({ KeyGroupList: { MaxItems: 100, Quantity: 1, Items: [{ KeyGroup: group(["KOLD"]) }] } });
    h.mocks.cloudfront.on(GetKeyGroupCommand).resolves({ KeyGroup: group(["KOLD"]), ETag: "KG7" });
    h.mocks.cloudfront.on(UpdateKeyGroupCommand).resolves({ KeyGroup: group(["KOLD", KEY_ID]), ETag: "KG8" });

    await deploy(options(...ARGV), h.clients, h.io);
    expect(h.sequence().slice(LAMBDA.length)).toEqual([
      "cloudfront:ListPublicKeys",
      "cloudfront:ListKeyGroups",
      "cloudfront:GetKeyGroup",
      "cloudfront:UpdateKeyGroup",
      "cloudfront:GetDistributionConfig",
      "cloudfront:UpdateDistribution",
    ]);
    expectFollowsPlan(h.sequence(), ARGV);
    expect(h.inputsOf("GetKeyGroup")).toEqual([{ Id: "kg-1" }]);
    expect(h.inputsOf("UpdateKeyGroup")).toEqual([
      { Id: "kg-1", IfMatch: "KG7", KeyGroupConfig: { Name: "signers", Items: ["KOLD", KEY_ID], Comment: "team keys" } },
    ]);
    const sent = h.inputsOf("UpdateDistribution")[0]?.DistributionConfig as DistributionConfig;
    expect(sent.DefaultCacheBehavior?.TrustedKeyGroups).toEqual({ Enabled: true, Quantity: 2, Items: ["kg-other", "kg-1"] });
  });

  it("re-reads the group and retries once with the fresh ETag when it changed meanwhile, then stops in one line", async () => {
    const h = harness();
    setUp(h);
    h.mocks.cloudfront.on(ListPublicKeysCommand).resolves({ PublicKeyList: { MaxItems: 100, Quantity: 1, Items: [summary(KEY_ID, keys.rsaPem)] } });
    h.mocks.cloudfront.on(ListKeyGroupsCommand).resolves({ KeyGroupList: { MaxItems: 100, Quantity: 1, Items: [{ KeyGroup: group(["KOLD"]) }] } });
    h.mocks.cloudfront
      .on(GetKeyGroupCommand)
      .resolvesOnce({ KeyGroup: group(["KOLD"]), ETag: "KG7" })
      .resolves({ KeyGroup: group(["KOLD", "KNEW"]), ETag: "KG8" });
    h.mocks.cloudfront.on(UpdateKeyGroupCommand).rejectsOnce(conflict412()).resolves({ ETag: "KG9" });
    await deploy(options(...ARGV), h.clients, h.io);
    expect(h.inputsOf("UpdateKeyGroup").map((input) => [input.IfMatch, (input.KeyGroupConfig as { Items: string[] }).Items])).toEqual([
      ["KG7", ["KOLD", KEY_ID]],
      ["KG8", ["KOLD", "KNEW", KEY_ID]],
    ]);
    expect(h.logs).toContain("key group: signers changed since it was read (ETag conflict): reading it again, one retry");

    const again = harness();
    setUp(again);
    again.mocks.cloudfront.on(ListPublicKeysCommand).resolves({ PublicKeyList: { MaxItems: 100, Quantity: 1, Items: [summary(KEY_ID, keys.rsaPem)] } });
    again.mocks.cloudfront.on(ListKeyGroupsCommand).resolves({ KeyGroupList: { MaxItems: 100, Quantity: 1, Items: [{ KeyGroup: group(["KOLD"]) }] } });
    again.mocks.cloudfront.on(GetKeyGroupCommand).resolves({ KeyGroup: group(["KOLD"]), ETag: "KG7" });
    again.mocks.cloudfront.on(UpdateKeyGroupCommand).rejects(conflict412());
    const error = await deploy(options(...ARGV), again.clients, again.io).catch((e: Error) => e);
    expect(explainError(error)).toBe(
      "key group signers changed again while the update was retried (ETag conflict after one retry): another deployment or a console edit is in progress; wait for it to finish and run the deploy again",
    );
    expect(again.sequence().filter((s) => /KeyGroup$/.test(s))).toEqual([
      "cloudfront:GetKeyGroup",
      "cloudfront:UpdateKeyGroup",
      "cloudfront:GetKeyGroup",
      "cloudfront:UpdateKeyGroup",
    ]);
    expect(again.sequence()).not.toContain("cloudfront:UpdateDistribution");
  });

  it("without --distribution-id: sets up the key and the group, prints the key pair id, and says no behavior trusts it yet", async () => {
    const h = harness();
    setUp(h);
    h.mocks.cloudfront.on(ListPublicKeysCommand).resolves({ PublicKeyList: { MaxItems: 100, Quantity: 0 } });
    h.mocks.cloudfront.on(CreatePublicKeyCommand).resolves({ PublicKey: { Id: KEY_ID, CreatedTime: new Date(), PublicKeyConfig: undefined } });
    h.mocks.cloudfront.on(ListKeyGroupsCommand).resolves({ KeyGroupList: { MaxItems: 100, Quantity: 0 } });
    h.mocks.cloudfront.on(CreateKeyGroupCommand).resolves({ KeyGroup: group([KEY_ID]) });
    const result = await deploy(options("--trusted-key-group", "signers", "--public-key", keys.ec), h.clients, h.io);
    expect(h.sequence().at(-1)).toBe("cloudfront:CreateKeyGroup");
    expect(result.keyPairId).toBe(KEY_ID);
    expect(h.logs.at(-1)).toBe("key group: signers is not trusted by any behavior yet: add --distribution-id ID to require signed URLs there");
  });
});
