// Every deploy failure is one line with the fix, without secrets: AWS errors explained, the
// package refused before any call, the role's trust checked, a missing profile named.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidLambdaFunctionAssociation } from "@aws-sdk/client-cloudfront";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import { GetFunctionCommand, InvalidParameterValueException, UpdateFunctionCodeCommand } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { main } from "../../deploy/cli.ts";
import { deploy } from "../../deploy/deploy.ts";
import { explainError } from "../../deploy/errors.ts";
import { MAX_ZIP_BYTES } from "../../deploy/limits.ts";
import { checkProfile, profileNames } from "../../deploy/profiles.ts";
import { checkPackage } from "../../deploy/steps/package.ts";
import { ACCOUNT, CLI, cliEnv, conflict412, FAKE_SECRET, FUNCTION_ARN, harness, meta, options, ROLE_ARN, tempDir, ZIP } from "./harness.ts";

const ctx = (service: string, operation: string) => ({ service, operation });
const accessDenied = (message: string) => Object.assign(new Error(message), { name: "AccessDeniedException", ...meta(403) });

describe("deploy: failures in one line, with the fix", () => {
  it.each([
    [
      accessDenied(
        `User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: lambda:CreateFunction on resource: ${FUNCTION_ARN} because no identity-based policy allows the lambda:CreateFunction action`,
      ),
      ctx("lambda", "CreateFunction"),
      `AccessDenied on lambda:CreateFunction: the deploying identity needs lambda:CreateFunction on ${FUNCTION_ARN} (least-privilege policy: iam/deployer-policy.json)`,
    ],
    [
      Object.assign(new Error("Access denied"), { name: "AccessDenied", ...meta(403) }),
      ctx("cloudfront", "UpdateDistribution"),
      "AccessDenied on cloudfront:UpdateDistribution: the deploying identity needs cloudfront:UpdateDistribution, plus lambda:GetFunction and lambda:EnableReplication* on the function and, the first time, iam:CreateServiceLinkedRole",
    ],
    [
      new InvalidLambdaFunctionAssociation({
        message: "The function execution role must be assumable with edgelambda.amazonaws.com as well as lambda.amazonaws.com principals.",
        ...meta(),
      }),
      ctx("cloudfront", "UpdateDistribution"),
      "the execution role must be assumable by edgelambda.amazonaws.com as well as lambda.amazonaws.com: aws iam update-assume-role-policy",
    ],
    [
      new InvalidLambdaFunctionAssociation({
        message: "The function must be in region 'us-east-1'. Function: arn:aws:lambda:eu-west-1:111122223333:function:edge:1",
        ...meta(),
      }),
      ctx("cloudfront", "UpdateDistribution"),
      "the function must be in us-east-1",
    ],
    [
      new InvalidLambdaFunctionAssociation({ message: "The function has a runtime that is not supported by Lambda@Edge: nodejs24.x", ...meta() }),
      ctx("cloudfront", "UpdateDistribution"),
      "Lambda@Edge does not support the function's runtime: pass --runtime nodejs22.x",
    ],
    [
      new InvalidParameterValueException({ message: "The role defined for the function cannot be assumed by Lambda.", ...meta() }),
      ctx("lambda", "CreateFunction"),
      "Lambda cannot assume the execution role: its trust policy must allow lambda.amazonaws.com and edgelambda.amazonaws.com",
    ],
    [
      new InvalidParameterValueException({
        message: "The runtime parameter of nodejs20.x is no longer supported for creating or updating AWS Lambda functions.",
        ...meta(),
      }),
      ctx("lambda", "UpdateFunctionCode"),
      "lambda:UpdateFunctionCode failed: Lambda no longer accepts this runtime for new or updated functions: pass --runtime nodejs22.x (the default)",
    ],
    [
      Object.assign(new Error("Request must be smaller than 69905067 bytes for the CreateFunction operation"), {
        name: "RequestEntityTooLargeException",
        ...meta(413),
      }),
      ctx("lambda", "CreateFunction"),
      "the deployment package is too large: Lambda@Edge origin-request functions take at most 50 MB zipped",
    ],
    [conflict412(), ctx("cloudfront", "UpdateDistribution"), "(ETag conflict): another deployment or a console edit is in progress"],
    [
      Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }),
      ctx("lambda", "GetFunction"),
      "no AWS credentials found: pass --profile NAME",
    ],
    [
      Object.assign(new Error("The security token included in the request is expired"), { name: "ExpiredTokenException", ...meta(403) }),
      ctx("iam", "GetRole"),
      "the AWS credentials have expired",
    ],
  ])("explains %s", (error, context, expected) => {
    const line = explainError(error, context);
    expect(line).toContain(expected);
    expect(line).not.toContain("\n");
  });

  it("refuses a zip over 50 MB or without index.mjs at the root before any call", () => {
    expect(() => checkPackage(new Uint8Array(MAX_ZIP_BYTES + 1), "big.zip")).toThrow(
      "big.zip is 50.0 MB: Lambda@Edge origin-request functions take at most 50 MB zipped",
    );
    expect(() => checkPackage(zipSync({ "src/index.mjs": strToU8("x") }), "nested.zip")).toThrow(
      "nested.zip has no index.mjs at its root (it has: src/index.mjs)",
    );
    expect(() => checkPackage(strToU8("not a zip"), "text.zip")).toThrow("text.zip is not a zip file");
    expect(() => checkPackage(ZIP)).not.toThrow();
  });

  it("stops when an existing role cannot be assumed by edgelambda.amazonaws.com", async () => {
    const h = harness();
    const lambdaOnly = encodeURIComponent(
      JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    );
    h.mocks.iam.on(GetRoleCommand).resolves({
      Role: { Arn: ROLE_ARN, RoleName: "edge-sigv4-role", Path: "/", RoleId: "AROAFAKE", CreateDate: new Date(), AssumeRolePolicyDocument: lambdaOnly },
    });
    const error = await deploy(options("--role-arn", ROLE_ARN), h.clients, h.io).catch((e: Error) => e);
    expect(explainError(error)).toBe(
      "role edge-sigv4-role cannot be assumed by edgelambda.amazonaws.com: Lambda@Edge needs both lambda.amazonaws.com and edgelambda.amazonaws.com in its trust policy: aws iam update-assume-role-policy --role-name edge-sigv4-role --policy-document file://iam/execution-role/trust-policy.json",
    );
    expect(h.sequence()).toEqual(["iam:GetRole"]);
  });

  it("prints a failed deploy as one line on stderr, exit 1, without secrets or the waiter's raw response", async () => {
    const h = harness();
    h.mocks.lambda
      .on(GetFunctionCommand)
      .resolvesOnce({ Configuration: { Runtime: "nodejs22.x", Handler: "index.handler", MemorySize: 128, Timeout: 5 } })
      .resolves({
        Configuration: { LastUpdateStatus: "Failed", LastUpdateStatusReason: "The runtime failed to start" },
        Code: { Location: "https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/x?X-Amz-Security-Token=TOKENSECRET&X-Amz-Signature=abc" },
      });
    h.mocks.lambda.on(UpdateFunctionCodeCommand).resolves({ CodeSha256: "sha" });
    let stderr = "";
    let stdout = "";
    const code = await main(["--no-build"], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), createClients: async () => h.clients, io: h.io });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim()).toBe("deploy: waiting for the code update of edge-sigv4 failed (The runtime failed to start): fix the cause and run again");
    expect(stderr).not.toContain("TOKENSECRET");
    expect(stderr).not.toContain(FAKE_SECRET);
  });

  it("explains an AccessDenied from a real call with the permission and where to find the policy", async () => {
    const h = harness();
    h.mocks.lambda
      .on(GetFunctionCommand)
      .rejects(accessDenied(`User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: lambda:GetFunction on resource: ${FUNCTION_ARN}`));
    let stderr = "";
    const code = await main(["--no-build"], { stdout: () => {}, stderr: (t) => (stderr += t), createClients: async () => h.clients, io: h.io });
    expect(code).toBe(1);
    expect(stderr).toBe(
      `deploy: AccessDenied on lambda:GetFunction: the deploying identity needs lambda:GetFunction on ${FUNCTION_ARN} (least-privilege policy: iam/deployer-policy.json)\n`,
    );
  });
});

describe("deploy: a profile that does not exist", () => {
  const config =
    "[default]\nregion = eu-west-1\n\n[profile dev] # the team's\nregion = eu-west-1\n[sso-session corp]\nsso_region = eu-west-1\n[ci]\nregion = x\n";
  const credentials = "[default]\naws_access_key_id = AKIAFAKEFAKEFAKEFAKE\n[staging]\naws_access_key_id = AKIAFAKEFAKEFAKEFAKE\n";

  it("reads profile names as the SDK does: [profile X] and [default] in config, [X] in credentials", () => {
    expect(profileNames({ configText: config, credentialsText: credentials })).toEqual(["default", "dev", "staging"]);
    expect(() => checkProfile("dev", { configPath: "c", credentialsPath: "k", configText: config })).not.toThrow();
    expect(() => checkProfile("staging", { configPath: "c", credentialsPath: "k", credentialsText: credentials })).not.toThrow();
    expect(() => checkProfile("ci", { configPath: "c", credentialsPath: "k", configText: config })).toThrow("profile ci (--profile) does not exist in c or k");
  });

  it("`--profile prod` says the profile does not exist and where profiles are read from: one line, exit 2, before the build", () => {
    const home = tempDir();
    writeFileSync(join(home, "config"), config);
    writeFileSync(join(home, "credentials"), credentials);
    const env = cliEnv(home, { AWS_CONFIG_FILE: join(home, "config"), AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials") });
    const result = spawnSync(process.execPath, [CLI, "--profile", "prod"], { encoding: "utf8", env });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `deploy: profile prod (--profile) does not exist in ${env.AWS_CONFIG_FILE} or ${env.AWS_SHARED_CREDENTIALS_FILE} (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE choose other files); profiles there: default, dev, staging: create it with \`aws configure --profile prod\` or \`aws configure sso --profile prod\`, or name an existing one\n`,
    );
    expect(result.stderr).not.toContain("AKIA");
    const fromEnv = spawnSync(process.execPath, [CLI], { encoding: "utf8", env: { ...env, AWS_PROFILE: "qa" } });
    expect(fromEnv.status).toBe(2);
    expect(fromEnv.stderr).toContain("deploy: profile qa (AWS_PROFILE) does not exist in");
  });
});
