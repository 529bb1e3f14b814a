// The deploy steps for a function that exists: the code first, then only the configuration that
// differs; a function on a retired runtime is moved off it first (Lambda refuses its code update).
import { GetRoleCommand } from "@aws-sdk/client-iam";
import { GetFunctionCommand, PublishVersionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { deploy } from "../../deploy/deploy.ts";
import { configurationChanges } from "../../deploy/steps/function.ts";
import { active, FUNCTION_ARN, harness, options, ROLE_ARN, TRUST_DOC, ZIP } from "./harness.ts";

describe("deploy: update", () => {
  it("updates the code, then only the configuration that differs (environment variables cleared), and publishes that code", async () => {
    const h = harness();
    h.mocks.iam.on(GetRoleCommand).resolves({
      Role: { Arn: ROLE_ARN, RoleName: "edge-sigv4-role", Path: "/", RoleId: "AROAFAKE", CreateDate: new Date(), AssumeRolePolicyDocument: TRUST_DOC },
    });
    h.mocks.lambda
      .on(GetFunctionCommand)
      .resolvesOnce({
        Configuration: {
          FunctionName: "edge-sigv4",
          Runtime: "nodejs24.x",
          Handler: "index.handler",
          MemorySize: 256,
          Timeout: 5,
          Role: ROLE_ARN,
          Environment: { Variables: { DEBUG: "1" } },
          State: "Active",
          LastUpdateStatus: "Successful",
        },
      })
      .resolves(active);
    h.mocks.lambda.on(UpdateFunctionCodeCommand).resolves({ CodeSha256: "sha-updated", LastUpdateStatus: "InProgress" });
    h.mocks.lambda.on(UpdateFunctionConfigurationCommand).resolves({ LastUpdateStatus: "InProgress" });
    h.mocks.lambda.on(PublishVersionCommand).resolves({ FunctionArn: `${FUNCTION_ARN}:7`, Version: "7" });

    const result = await deploy(options("--role-arn", ROLE_ARN, "--memory", "512", "--timeout", "10"), h.clients, h.io);
    expect(h.sequence()).toEqual([
      "iam:GetRole",
      "lambda:GetFunction",
      "lambda:UpdateFunctionCode",
      "lambda:GetFunction",
      "lambda:UpdateFunctionConfiguration",
      "lambda:GetFunction",
      "lambda:PublishVersion",
      "lambda:GetFunction",
    ]);
    expect(h.inputsOf("GetRole")).toEqual([{ RoleName: "edge-sigv4-role" }]);
    expect(h.inputsOf("UpdateFunctionCode")[0]).toMatchObject({ FunctionName: "edge-sigv4", Architectures: ["x86_64"] });
    expect(Buffer.from(h.inputsOf("UpdateFunctionCode")[0]?.ZipFile as Uint8Array).equals(Buffer.from(ZIP))).toBe(true);
    expect(h.inputsOf("UpdateFunctionConfiguration")).toEqual([
      { FunctionName: "edge-sigv4", Runtime: "nodejs22.x", MemorySize: 512, Timeout: 10, Environment: { Variables: {} } },
    ]);
    expect(h.inputsOf("PublishVersion")[0]).toMatchObject({ FunctionName: "edge-sigv4", CodeSha256: "sha-updated" });
    expect(result).toMatchObject({ created: false, version: "7", versionArn: `${FUNCTION_ARN}:7` });
    expect(h.logs.join("\n")).toContain("environment variables removed (Lambda@Edge rejects them)");
    expect(h.logs.join("\n")).not.toContain("DEBUG"); // variable names and values stay private
  });

  it("moves a function off nodejs20.x before uploading the code, then changes only what still differs", async () => {
    const h = harness();
    h.mocks.lambda
      .on(GetFunctionCommand)
      .resolvesOnce({ Configuration: { Runtime: "nodejs20.x", Handler: "index.handler", MemorySize: 128, Timeout: 3, State: "Active" } })
      .resolves(active);
    h.mocks.lambda.on(UpdateFunctionConfigurationCommand).resolves({ LastUpdateStatus: "InProgress" });
    h.mocks.lambda.on(UpdateFunctionCodeCommand).resolves({ CodeSha256: "sha" });
    h.mocks.lambda.on(PublishVersionCommand).resolves({ FunctionArn: `${FUNCTION_ARN}:9`, Version: "9" });
    await deploy(options(), h.clients, h.io);
    expect(h.sequence()).toEqual([
      "lambda:GetFunction",
      "lambda:UpdateFunctionConfiguration",
      "lambda:GetFunction",
      "lambda:UpdateFunctionCode",
      "lambda:GetFunction",
      "lambda:UpdateFunctionConfiguration",
      "lambda:GetFunction",
      "lambda:PublishVersion",
      "lambda:GetFunction",
    ]);
    expect(h.inputsOf("UpdateFunctionConfiguration")).toEqual([
      { FunctionName: "edge-sigv4", Runtime: "nodejs22.x" },
      { FunctionName: "edge-sigv4", Timeout: 5 },
    ]);
  });

  it("leaves the configuration alone when it already matches, and keeps the existing role without --role-arn", async () => {
    const h = harness();
    h.mocks.lambda
      .on(GetFunctionCommand)
      .resolvesOnce({
        Configuration: {
          Runtime: "nodejs22.x",
          Handler: "index.handler",
          MemorySize: 128,
          Timeout: 5,
          Role: ROLE_ARN,
          State: "Active",
          LastUpdateStatus: "Successful",
        },
      })
      .resolves(active);
    h.mocks.lambda.on(UpdateFunctionCodeCommand).resolves({ CodeSha256: "sha" });
    h.mocks.lambda.on(PublishVersionCommand).resolves({ FunctionArn: FUNCTION_ARN, Version: "8" });
    const result = await deploy(options(), h.clients, h.io);
    expect(h.sequence()).toEqual(["lambda:GetFunction", "lambda:UpdateFunctionCode", "lambda:GetFunction", "lambda:PublishVersion", "lambda:GetFunction"]);
    expect(result.versionArn).toBe(`${FUNCTION_ARN}:8`); // qualified even when the response is not
  });

  it("computes configuration changes as a pure function", () => {
    const desired = { Runtime: "nodejs22.x", Handler: "index.handler", MemorySize: 128, Timeout: 5 };
    expect(configurationChanges({ ...desired, Role: ROLE_ARN }, desired)).toBeUndefined();
    expect(configurationChanges({ ...desired, Environment: { Variables: {} } }, desired)).toBeUndefined();
    expect(configurationChanges({ ...desired, Timeout: 3 }, { ...desired, Role: ROLE_ARN })).toEqual({ Timeout: 5, Role: ROLE_ARN });
  });
});
