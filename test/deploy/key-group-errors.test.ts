// --trusted-key-group when something is wrong, and before anything happens: CloudFront's refusals
// explained in one line with the fix, the dry run's list of key calls, a private key refused by
// the command without being printed, and the deployer policy's permissions for these calls.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CreateKeyGroupCommand,
  CreatePublicKeyCommand,
  GetDistributionConfigCommand,
  GetKeyGroupCommand,
  ListKeyGroupsCommand,
  ListPublicKeysCommand,
  PublicKeyAlreadyExists,
  TooManyKeyGroups,
  TooManyPublicKeys,
  TooManyPublicKeysInKeyGroup,
  TrustedKeyGroupDoesNotExist,
  UpdateDistributionCommand,
  UpdateKeyGroupCommand,
} from "@aws-sdk/client-cloudfront";
import { describe, expect, it } from "vitest";
import { main } from "../../deploy/cli.ts";
import { deploy } from "../../deploy/deploy.ts";
import { explainError } from "../../deploy/errors.ts";
import { plan } from "../../deploy/plan.ts";
import { REPO_ROOT } from "../support/test-bundle.ts";
import { CLI, cliEnv, distributionConfig, type Harness, harness, keyFiles, meta, mockExistingFunction, options, tempDir, ZIP } from "./harness.ts";

const dir = tempDir();
const keys = keyFiles(dir);
const ARGV = ["--distribution-id", "E2EXAMPLE", "--trusted-key-group", "signers", "--public-key", keys.rsa];
const group = (items: string[]) => ({ Id: "kg-1", LastModifiedTime: new Date(), KeyGroupConfig: { Name: "signers", Items: items } });

/** A deploy where nothing exists yet: every key call answers as for a first run unless the test says otherwise. */
function firstRun(h: Harness) {
  mockExistingFunction(h, "3");
  h.mocks.cloudfront.on(ListPublicKeysCommand).resolves({ PublicKeyList: { MaxItems: 100, Quantity: 0 } });
  h.mocks.cloudfront.on(CreatePublicKeyCommand).resolves({ PublicKey: { Id: "KNEW", CreatedTime: new Date(), PublicKeyConfig: undefined } });
  h.mocks.cloudfront.on(ListKeyGroupsCommand).resolves({ KeyGroupList: { MaxItems: 100, Quantity: 0 } });
  h.mocks.cloudfront.on(CreateKeyGroupCommand).resolves({ KeyGroup: group(["KNEW"]) });
  h.mocks.cloudfront.on(GetDistributionConfigCommand).resolves({ ETag: "E1", DistributionConfig: distributionConfig() });
}

describe("deploy: trusted key group failures, in one line with the fix", () => {
  it.each([
    [
      "TooManyPublicKeys",
      (h: Harness) =>
        h.mocks.cloudfront.on(CreatePublicKeyCommand).rejects(new TooManyPublicKeys({ message: "Your request contains too many public keys.", ...meta() })),
      "cloudfront:CreatePublicKey failed: the account holds as many public keys as CloudFront allows: delete unused ones",
    ],
    [
      "PublicKeyAlreadyExists",
      (h: Harness) =>
        h.mocks.cloudfront
          .on(CreatePublicKeyCommand)
          .rejects(new PublicKeyAlreadyExists({ message: "The specified public key already exists.", ...meta(409) })),
      "cloudfront:CreatePublicKey failed: CloudFront already has a public key with this name or caller reference but another key: rename or delete that key",
    ],
    [
      "TooManyKeyGroups",
      (h: Harness) => h.mocks.cloudfront.on(CreateKeyGroupCommand).rejects(new TooManyKeyGroups({ message: "too many key groups", ...meta() })),
      "cloudfront:CreateKeyGroup failed: the account holds as many key groups as CloudFront allows: reuse one (--trusted-key-group NAME of an existing group)",
    ],
    [
      "TooManyPublicKeysInKeyGroup",
      (h: Harness) => {
        const full = group(["K1", "K2", "K3", "K4", "K5"]);
        h.mocks.cloudfront.on(ListKeyGroupsCommand).resolves({ KeyGroupList: { MaxItems: 100, Quantity: 1, Items: [{ KeyGroup: full }] } });
        h.mocks.cloudfront.on(GetKeyGroupCommand).resolves({ KeyGroup: full, ETag: "KG1" });
        h.mocks.cloudfront.on(UpdateKeyGroupCommand).rejects(new TooManyPublicKeysInKeyGroup({ message: "too many keys", ...meta() }));
      },
      "cloudfront:UpdateKeyGroup failed: key group signers already holds 5 public keys, the most CloudFront allows: remove a retired key from it",
    ],
    [
      "TrustedKeyGroupDoesNotExist",
      (h: Harness) =>
        h.mocks.cloudfront
          .on(UpdateDistributionCommand)
          .rejects(new TrustedKeyGroupDoesNotExist({ message: "The specified key group does not exist.", ...meta() })),
      "cloudfront:UpdateDistribution failed: the distribution names a key group that does not exist (deleted meanwhile?): run the deploy again",
    ],
  ])("%s", async (_, fail, expected) => {
    const h = harness();
    firstRun(h);
    fail(h);
    const error = await deploy(options(...ARGV), h.clients, h.io).catch((e: Error) => e);
    const line = explainError(error);
    expect(line).toContain(expected);
    expect(line).not.toContain("\n");
  });

  it("the dry run lists the key calls from the same step, after checking the key file", async () => {
    let stdout = "";
    const code = await main(["--dry-run", "--no-build", ...ARGV], { stdout: (t) => (stdout += t), stderr: () => {}, io: harness().io });
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`local {7}public key: ${keys.rsa}: RSA 2048, SHA-256 [0-9a-f]{16}\\.\\.\\., checked`));
    for (const op of ["ListPublicKeys", "CreatePublicKey", "ListKeyGroups", "CreateKeyGroup", "GetKeyGroup", "UpdateKeyGroup"]) {
      expect(stdout).toMatch(new RegExp(`cloudfront +us-east-1 ${op} `));
    }
    expect(stdout).toContain("UpdateKeyGroup Id=KEY_GROUP_ID IfMatch=ETag Items=+PUBLIC_KEY_ID   [if the key group lacks the key]");
    expect(stdout).toContain('TrustedKeyGroups="+KEY_GROUP_ID of signers, Enabled=true"   [if the association or the trusted key groups differ]');
  });

  it("a private key given as --public-key stops the command before any call, without a byte of it on screen", () => {
    const env = cliEnv(dir, { AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKEFAKE", AWS_SECRET_ACCESS_KEY: "fake", AWS_REGION: "us-east-1" });
    for (const extra of [["--dry-run"], ["--endpoint-url", "http://127.0.0.1:9"]]) {
      // A zip of its own: the command checks the package before the key, and dist/ may not exist.
      const zip = join(dir, "function.zip");
      writeFileSync(zip, ZIP);
      const result = spawnSync(
        process.execPath,
        [CLI, "--no-build", "--zip", zip, "--trusted-key-group", "signers", "--public-key", keys.rsaPrivate, ...extra],
        {
          encoding: "utf8",
          env,
        },
      );
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        `deploy: --public-key ${keys.rsaPrivate} holds a private key: give its public half (openssl pkey -in PRIVATE.pem -pubout -out public.pem); the private key stays with whoever signs the URLs\n`,
      );
      const body = keys.rsaPrivatePem.split("\n").slice(1, -2).join("");
      for (let at = 0; at + 16 <= body.length; at += 16) expect(result.stderr).not.toContain(body.slice(at, at + 16));
    }
  });

  it("the deployer policy grants exactly the key calls the step plans, and those are the six of the API reference", () => {
    const policy = JSON.parse(readFileSync(join(REPO_ROOT, "iam/deployer-policy.json"), "utf8")) as { Statement: Array<{ Action: string | string[] }> };
    const granted = policy.Statement.flatMap((s) => [s.Action].flat()).filter((a) => /^cloudfront:.*(PublicKey|KeyGroup)/.test(a));
    const planned = plan(options(...ARGV), { readZip: () => ZIP }).flatMap((item) =>
      item.kind === "call" && /PublicKey|KeyGroup/.test(item.operation) ? [`cloudfront:${item.operation}`] : [],
    );
    const six = ["ListPublicKeys", "CreatePublicKey", "ListKeyGroups", "CreateKeyGroup", "GetKeyGroup", "UpdateKeyGroup"].map((op) => `cloudfront:${op}`);
    expect([...new Set(planned)].sort()).toEqual([...six].sort());
    expect(granted).toEqual(six);
  });
});
