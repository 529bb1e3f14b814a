// The deploy steps for a function that does not exist yet: role, function, version and trigger,
// with the exact AWS calls, the IAM propagation retry, and the role it needs.
import { GetDistributionCommand, GetDistributionConfigCommand, UpdateDistributionCommand } from "@aws-sdk/client-cloudfront";
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvalidParameterValueException,
  PublishVersionCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { deploy } from "../../deploy/deploy.ts";
import {
  ACCOUNT,
  distributionConfig,
  FAKE_SECRET,
  FUNCTION_ARN,
  harness,
  meta,
  mockNewFunction,
  mockNewRole,
  ORIGIN_FN,
  OTHER_FN,
  options,
  ROLE_ARN,
  ZIP,
} from "./harness.ts";

describe("deploy: create", () => {
  it("creates the role, its policies, the function and a version, then attaches it to the default behavior and waits", async () => {
    const h = harness();
    mockNewRole(h, "edge-sigv4-role", "The role with name edge-sigv4-role cannot be found.");
    mockNewFunction(h, `Function not found: ${FUNCTION_ARN}`);
    h.mocks.lambda.on(CreateFunctionCommand).resolves({ FunctionArn: FUNCTION_ARN, CodeSha256: "sha-created", State: "Pending" });
    h.mocks.lambda.on(PublishVersionCommand).resolves({ FunctionArn: `${FUNCTION_ARN}:1`, Version: "1" });
    h.mocks.cloudfront.on(GetDistributionConfigCommand).resolves({ ETag: "E1", DistributionConfig: distributionConfig() });
    h.mocks.cloudfront.on(UpdateDistributionCommand).resolves({ ETag: "E2", Distribution: { Status: "InProgress" } as never });
    h.mocks.cloudfront.on(GetDistributionCommand).resolves({ Distribution: { Status: "Deployed" } as never });

    const o = options(
      "--create-role",
      "edge-sigv4-role",
      "--origin-kind",
      "lambda-url",
      "--resource-arn",
      ORIGIN_FN,
      "--attach",
      "--distribution-id",
      "E2EXAMPLE",
      "--wait",
    );
    const result = await deploy(o, h.clients, h.io);

    expect(h.sequence()).toEqual([
      "iam:GetRole",
      "iam:CreateRole",
      "iam:PutRolePolicy",
      "iam:PutRolePolicy",
      "lambda:GetFunction",
      "lambda:CreateFunction",
      "lambda:GetFunction",
      "lambda:PublishVersion",
      "lambda:GetFunction",
      "cloudfront:GetDistributionConfig",
      "cloudfront:UpdateDistribution",
      "cloudfront:GetDistribution",
    ]);
    const [createRole] = h.inputsOf("CreateRole");
    expect(createRole?.RoleName).toBe("edge-sigv4-role");
    expect(JSON.parse(String(createRole?.AssumeRolePolicyDocument)).Statement[0]).toMatchObject({
      Effect: "Allow",
      Principal: { Service: ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] },
      Action: "sts:AssumeRole",
    });
    const [logging, origin] = h.inputsOf("PutRolePolicy");
    expect(logging).toMatchObject({ RoleName: "edge-sigv4-role", PolicyName: "edge-sigv4-logging" });
    expect(JSON.parse(String(logging?.PolicyDocument)).Statement[0].Resource).toContain(
      `arn:aws:logs:*:${ACCOUNT}:log-group:/aws/lambda/us-east-1.edge-sigv4:*`,
    );
    expect(origin).toMatchObject({ RoleName: "edge-sigv4-role", PolicyName: "edge-sigv4-origin-lambda-url" });
    const originDoc = JSON.parse(String(origin?.PolicyDocument));
    expect(originDoc.Statement.map((s: { Action: string }) => s.Action)).toEqual(["lambda:InvokeFunctionUrl", "lambda:InvokeFunction"]);
    expect(originDoc.Statement.every((s: { Resource: string }) => s.Resource === ORIGIN_FN)).toBe(true);

    const [getFunction, activeWaiter, versionWaiter] = h.inputsOf("GetFunction");
    expect(getFunction).toEqual({ FunctionName: "edge-sigv4" });
    expect(activeWaiter).toEqual({ FunctionName: "edge-sigv4" });
    expect(versionWaiter).toEqual({ FunctionName: "edge-sigv4", Qualifier: "1" });
    const [create] = h.inputsOf("CreateFunction");
    expect(create).toMatchObject({
      FunctionName: "edge-sigv4",
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Architectures: ["x86_64"],
      MemorySize: 128,
      Timeout: 5,
      Role: ROLE_ARN,
      PackageType: "Zip",
      Publish: false,
    });
    expect(create).not.toHaveProperty("Environment");
    expect(Buffer.from((create?.Code as { ZipFile?: Uint8Array } | undefined)?.ZipFile ?? []).equals(Buffer.from(ZIP))).toBe(true);
    expect(h.inputsOf("PublishVersion")[0]).toMatchObject({ FunctionName: "edge-sigv4", CodeSha256: "sha-created" });

    expect(h.inputsOf("GetDistributionConfig")).toEqual([{ Id: "E2EXAMPLE" }]);
    const [update] = h.inputsOf("UpdateDistribution");
    expect(update).toMatchObject({ Id: "E2EXAMPLE", IfMatch: "E1" });
    const expected = distributionConfig();
    expected.DefaultCacheBehavior!.LambdaFunctionAssociations = {
      Quantity: 2,
      Items: [
        { LambdaFunctionARN: `${OTHER_FN}:4`, EventType: "viewer-request", IncludeBody: false },
        { LambdaFunctionARN: `${FUNCTION_ARN}:1`, EventType: "origin-request", IncludeBody: true },
      ],
    };
    expect(update?.DistributionConfig).toEqual(expected);
    expect(h.inputsOf("GetDistribution")).toEqual([{ Id: "E2EXAMPLE" }]);

    expect(result).toMatchObject({
      created: true,
      version: "1",
      versionArn: `${FUNCTION_ARN}:1`,
      roleArn: ROLE_ARN,
      distribution: { id: "E2EXAMPLE", change: "added" },
    });
    expect(h.outs).toEqual([`${FUNCTION_ARN}:1`]); // stdout: the version ARN only
    expect(h.logs.some((l) => l.startsWith("function: creating edge-sigv4 in us-east-1 (nodejs22.x, x86_64, 128 MB, 5 s"))).toBe(true);
    expect(h.logs.join("\n")).not.toContain(FAKE_SECRET);
  });

  it("retries CreateFunction while a just-created role propagates through IAM", async () => {
    const h = harness();
    mockNewRole(h);
    mockNewFunction(h, "Function not found");
    h.mocks.lambda
      .on(CreateFunctionCommand)
      .rejectsOnce(new InvalidParameterValueException({ message: "The role defined for the function cannot be assumed by Lambda.", ...meta() }))
      .resolves({ FunctionArn: FUNCTION_ARN, CodeSha256: "sha" });
    h.mocks.lambda.on(PublishVersionCommand).resolves({ FunctionArn: `${FUNCTION_ARN}:1`, Version: "1" });

    await deploy(options("--create-role", "edge-sigv4-role"), h.clients, h.io);
    expect(h.sequence()).toEqual([
      "iam:GetRole",
      "iam:CreateRole",
      "iam:PutRolePolicy",
      "lambda:GetFunction",
      "lambda:CreateFunction",
      "lambda:CreateFunction",
      "lambda:GetFunction",
      "lambda:PublishVersion",
      "lambda:GetFunction",
    ]);
    expect(h.sleeps).toEqual([3000]);
  });

  it("needs a role to create the function, and says so before uploading anything", async () => {
    const h = harness();
    h.mocks.lambda.on(GetFunctionCommand).rejects(new ResourceNotFoundException({ message: "Function not found", ...meta(404) }));
    await expect(deploy(options(), h.clients, h.io)).rejects.toThrow(
      "function edge-sigv4 does not exist in us-east-1: creating it needs an execution role: pass --create-role NAME or --role-arn ARN",
    );
    expect(h.sequence()).toEqual(["lambda:GetFunction"]);
  });
});
