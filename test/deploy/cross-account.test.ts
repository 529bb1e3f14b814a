// Cross-account origins in the deploy, against mocked clients: the roles the build configuration's
// origins assume are granted (sts:AssumeRole on exactly those) when the deploy manages the role,
// printed otherwise, and shown by the dry run; the trust policy each role needs in its own account
// is printed with the function's execution role once it is known; --origin-kind cross-account does
// the same for roles named elsewhere; and roles a distribution names in a custom header are checked.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { GetDistributionConfigCommand, UpdateDistributionCommand } from "@aws-sdk/client-cloudfront";
import { GetRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateFunctionCommand, GetFunctionCommand, PublishVersionCommand } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { parseDeployArgs } from "../../deploy/args.ts";
import { main } from "../../deploy/cli.ts";
import { deploy } from "../../deploy/deploy.ts";
import {
  distributionConfig,
  existing,
  expectFollowsPlan,
  FUNCTION_ARN,
  harness,
  mockExistingFunction,
  mockNewFunction,
  mockNewRole,
  ROLE_ARN,
  TRUST_DOC,
  tempDir,
} from "./harness.ts";

const A = "arn:aws:iam::444455556666:role/edge-origin-reader";
const B = "arn:aws:iam::777788889999:role/team/media-reader";
const C = "arn:aws:iam::123456789012:role/from-the-command-line";
const dir = tempDir();
const CONFIG = join(dir, "edge-sigv4.config.json");
writeFileSync(
  CONFIG,
  JSON.stringify({
    origins: {
      "api.example.com": { service: "execute-api", region: "eu-west-1", roleArn: A, externalId: "edge-sigv4-prod" },
      "media.example.com": { roleArn: B },
    },
  }),
);

/** What the trust policy of a role must be, written from IAM's documented form, not from the template. */
const trust = (principal: string, externalId?: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "EdgeSigv4ExecutionRoleMayAssumeThisRole",
      Effect: "Allow",
      Principal: { AWS: principal },
      Action: "sts:AssumeRole",
      ...(externalId ? { Condition: { StringEquals: { "sts:ExternalId": externalId } } } : {}),
    },
  ],
});

/** The JSON printed (indented) after the line about `roleName`, parsed. */
function printedTrust(logs: string[], roleName: string): unknown {
  const start = logs.findIndex((line) => line.startsWith(`origin side: role ${roleName} in account`));
  expect(start, `no trust policy printed for ${roleName}`).toBeGreaterThanOrEqual(0);
  const block = [];
  for (const line of logs.slice(start + 1)) {
    if (!line.startsWith("  ")) break;
    block.push(line);
  }
  return JSON.parse(block.join("\n"));
}

const roleArgs = (...argv: string[]) => parseDeployArgs(["--build-config", CONFIG, ...argv]);
const policyNamed = (h: ReturnType<typeof harness>, name: string) => {
  const input = h.inputsOf("PutRolePolicy").find((i) => i.PolicyName === name);
  return input ? JSON.parse(String(input.PolicyDocument)) : undefined;
};

describe("deploy: the build configuration's roles", () => {
  it("a created role may assume exactly those roles; each role's trust policy is printed with it and the external id", async () => {
    const h = harness();
    mockNewRole(h);
    mockNewFunction(h);
    h.mocks.lambda.on(CreateFunctionCommand).resolves({ FunctionArn: FUNCTION_ARN, CodeSha256: "sha" });
    h.mocks.lambda.on(PublishVersionCommand).resolves({ FunctionArn: `${FUNCTION_ARN}:1`, Version: "1" });
    const argv = ["--build-config", CONFIG, "--create-role", "edge-sigv4-role"];
    await deploy(roleArgs("--create-role", "edge-sigv4-role"), h.clients, h.io);

    expect(h.sequence().slice(0, 4)).toEqual(["iam:GetRole", "iam:CreateRole", "iam:PutRolePolicy", "iam:PutRolePolicy"]);
    expect(h.inputsOf("PutRolePolicy").map((i) => i.PolicyName)).toEqual(["edge-sigv4-logging", "edge-sigv4-config-origin-roles"]);
    expect(policyNamed(h, "edge-sigv4-config-origin-roles")).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "AssumeTheOriginAccountsRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: [A, B] }],
    });
    expectFollowsPlan(h.sequence(), argv, { build: true });

    expect(printedTrust(h.logs, "edge-origin-reader")).toEqual(trust(ROLE_ARN, "edge-sigv4-prod"));
    expect(printedTrust(h.logs, "media-reader")).toEqual(trust(ROLE_ARN));
    expect(h.logs).toContain(
      `role: policy edge-sigv4-config-origin-roles attached (sts:AssumeRole on the 2 role(s) the build configuration's origins assume, iam/execution-role/assume-role.json)`,
    );
    // Printed once the function exists, before the version: what is left to do in the other accounts.
    const trustAt = h.logs.findIndex((line) => line.startsWith("origin side: role edge-origin-reader"));
    expect(h.logs.findIndex((line) => line.startsWith("function: creating"))).toBeLessThan(trustAt);
    expect(h.logs.findIndex((line) => line.startsWith("version: 1 published"))).toBeGreaterThan(trustAt);
  });

  it("with --role-arn: printed, not attached, unless --attach (which then needs no --origin-kind)", async () => {
    for (const attach of [false, true]) {
      const h = harness();
      h.mocks.iam
        .on(GetRoleCommand)
        .resolves({ Role: { Arn: ROLE_ARN, RoleName: "r", Path: "/", RoleId: "AROAFAKE", CreateDate: new Date(), AssumeRolePolicyDocument: TRUST_DOC } });
      h.mocks.iam.on(PutRolePolicyCommand).resolves({});
      mockExistingFunction(h, "4");
      await deploy(roleArgs("--role-arn", ROLE_ARN, ...(attach ? ["--attach"] : [])), h.clients, h.io);
      expect(h.sequence().filter((c) => c.startsWith("iam:"))).toEqual(attach ? ["iam:GetRole", "iam:PutRolePolicy"] : ["iam:GetRole"]);
      if (!attach) {
        expect(h.logs.some((l) => l.startsWith("role: assuming the roles the build configuration's origins name needs this policy on edge-sigv4-role"))).toBe(
          true,
        );
        expect(h.logs.filter((l) => l.trim() === `"${A}",` || l.trim() === `"${B}"`)).toHaveLength(2);
      }
      expect(printedTrust(h.logs, "edge-origin-reader")).toEqual(trust(ROLE_ARN, "edge-sigv4-prod"));
    }
  });

  it("without role options, the trust policies name the role the existing function runs with", async () => {
    const h = harness();
    const functionRole = "arn:aws:iam::111122223333:role/service-role/edge-sigv4-existing";
    mockExistingFunction(h, "5");
    h.mocks.lambda.on(GetFunctionCommand).resolves({ Configuration: { ...existing.Configuration, Role: functionRole } });
    await deploy(roleArgs(), h.clients, h.io);
    expect(h.sequence().filter((c) => c.startsWith("iam:"))).toEqual([]);
    expect(printedTrust(h.logs, "media-reader")).toEqual(trust(functionRole));
  });

  it("the dry run lists the grant and prints the policy and both trust policies, with no call and no client", async () => {
    const h = harness();
    let stdout = "";
    let clients = 0;
    const code = await main(["--dry-run", "--build-config", CONFIG, "--create-role", "edge-sigv4-role"], {
      stdout: (t) => (stdout += t),
      stderr: () => {},
      createClients: async () => {
        clients += 1;
        return h.clients;
      },
      io: h.io,
    });
    expect(code).toBe(0);
    expect([clients, h.calls.length]).toEqual([0, 0]);
    expect(stdout).toContain(`local       build config: ${CONFIG}: its origins assume ${A}, ${B} (cross-account)`);
    expect(stdout).toMatch(
      /iam +us-east-1 PutRolePolicy RoleName=edge-sigv4-role PolicyName=edge-sigv4-config-origin-roles PolicyDocument="sts:AssumeRole on /,
    );
    expect(stdout).toContain(`policy edge-sigv4-config-origin-roles (iam/execution-role/assume-role.json, filled from ${CONFIG}):`);
    const planned = "arn:aws:iam::ACCOUNT:role/edge-sigv4-role";
    expect(printedTrust(stdout.split("\n"), "edge-origin-reader")).toEqual(trust(planned, "edge-sigv4-prod"));
    expect(printedTrust(stdout.split("\n"), "media-reader")).toEqual(trust(planned));
  });

  it("--attach with neither --origin-kind nor roles in the build configuration: one line, exit 2", async () => {
    let stderr = "";
    const code = await main(["--dry-run", "--no-build", "--role-arn", ROLE_ARN, "--attach"], {
      stdout: () => {},
      stderr: (t) => (stderr += t),
      io: harness().io,
    });
    expect(code).toBe(2);
    expect(stderr).toBe("deploy: --attach needs --origin-kind and --resource-arn (or a build configuration whose origins assume roles)\n");
  });
});

describe("deploy: --origin-kind cross-account", () => {
  it("attaches sts:AssumeRole on the roles given, beside the configuration's, and prints every trust policy once", async () => {
    const h = harness();
    h.mocks.iam
      .on(GetRoleCommand)
      .resolves({ Role: { Arn: ROLE_ARN, RoleName: "r", Path: "/", RoleId: "AROAFAKE", CreateDate: new Date(), AssumeRolePolicyDocument: TRUST_DOC } });
    h.mocks.iam.on(PutRolePolicyCommand).resolves({});
    mockExistingFunction(h, "6");
    const o = roleArgs("--role-arn", ROLE_ARN, "--origin-kind", "cross-account", "--resource-arn", C, "--resource-arn", A, "--attach");
    await deploy(o, h.clients, h.io);
    expect(policyNamed(h, "edge-sigv4-origin-cross-account").Statement[0].Resource).toEqual([C, A]);
    expect(policyNamed(h, "edge-sigv4-config-origin-roles").Statement[0].Resource).toEqual([A, B]);
    expect(printedTrust(h.logs, "from-the-command-line")).toEqual(trust(ROLE_ARN));
    // A is in the configuration too: printed once, with the configuration's external id.
    expect(h.logs.filter((l) => l.startsWith("origin side: role edge-origin-reader in account"))).toHaveLength(1);
    expect(printedTrust(h.logs, "edge-origin-reader")).toEqual(trust(ROLE_ARN, "edge-sigv4-prod"));
  });
});

describe("deploy: roles a distribution names in the origin custom header x-sigv4-role-arn", () => {
  it("one line for a role the deploy does not grant (with the command) and for a malformed one; none for a granted one", async () => {
    const h = harness();
    mockExistingFunction(h, "8");
    const config = distributionConfig();
    const header = (value: string) => ({ Quantity: 1, Items: [{ HeaderName: "X-Sigv4-Role-Arn", HeaderValue: value }] });
    config.Origins = {
      Quantity: 3,
      Items: [
        { Id: "granted", DomainName: "api.example.com", CustomHeaders: header(A) },
        { Id: "other", DomainName: "other.example.com", CustomHeaders: header(C) },
        { Id: "broken", DomainName: "broken.example.com", CustomHeaders: header("role/reader") },
      ],
    };
    h.mocks.cloudfront.on(GetDistributionConfigCommand).resolves({ ETag: "E1", DistributionConfig: config });
    h.mocks.cloudfront.on(UpdateDistributionCommand).resolves({ ETag: "E2" });
    await deploy(roleArgs("--distribution-id", "E2EXAMPLE"), h.clients, h.io);
    const notes = h.logs.filter((line) => line.startsWith("distribution: origin "));
    expect(notes).toEqual([
      `distribution: origin other assumes ${C} (custom header x-sigv4-role-arn): the execution role needs sts:AssumeRole on it, which edge-sigv4-origin-cross-account grants when you deploy with --origin-kind cross-account --resource-arn ${C} --attach (that also prints the trust policy the role needs)`,
      'distribution: origin broken: its custom header x-sigv4-role-arn must be an IAM role ARN such as "arn:aws:iam::123456789012:role/edge-origin-reader": arn:<partition>:iam::<12-digit account id>:role/<optional /path/><name of 1-64 letters, digits or +=,.@_->',
    ]);
  });
});
