// npm run deploy (scripts/deploy.mjs): the exact AWS calls for create, update and associate, the
// ETag conflict retry, the dry run that calls nothing, the one-line error explanations, the IAM
// templates, and the built zip run as Lambda@Edge would run it. No network: the SDK clients are
// real objects whose `send` is mocked with aws-sdk-client-mock.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  CloudFrontClient,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  InvalidLambdaFunctionAssociation,
  PreconditionFailed,
  type DistributionConfig as SdkDistributionConfig,
  UpdateDistributionCommand,
} from "@aws-sdk/client-cloudfront";
import { CreateRoleCommand, GetRoleCommand, IAMClient, NoSuchEntityException, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  type GetFunctionCommandOutput,
  InvalidParameterValueException,
  LambdaClient,
  PublishVersionCommand,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAws } from "./deploy/fake-aws.ts";
import { type Clients, type DeployModule, type DistributionConfig, type Io, loadDeploy, type Options, ROOT, SCRIPT } from "./deploy/module.ts";
import { TEST_ZIP } from "./support/test-bundle.ts";

const ACCOUNT = "111122223333";
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:edge-sigv4`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/edge-sigv4-role`;
const OTHER_FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:other-edge`;
const ORIGIN_FN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api`;
const FAKE_SECRET = "fake/secret/never+printed/0123456789ABCDEFGHIJ";
const TRUST_DOC = encodeURIComponent(
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] }, Action: "sts:AssumeRole" }],
  }),
);
const ZIP = zipSync({ "index.mjs": strToU8("export const handler = async (event) => event.Records[0].cf.request;\n") });
const meta = (httpStatusCode = 400) => ({ $metadata: { httpStatusCode } });
const conflict412 = () =>
  new PreconditionFailed({ message: "The request failed because it didn't meet the preconditions in one or more request-header fields.", ...meta(412) });

let m: DeployModule;
beforeAll(async () => {
  m = await loadDeploy();
});

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "edge-sigv4-deploy-"));
  scratch.push(dir);
  return dir;
};

type Call = { service: "lambda" | "cloudfront" | "iam"; operation: string; input: Record<string, unknown> };

/** Mocked clients (fake credentials, no network), every call recorded in order across the three. */
function harness() {
  const credentials = { accessKeyId: "AKIAFAKEFAKEFAKEFAKE", secretAccessKey: FAKE_SECRET };
  const lambda = new LambdaClient({ region: "us-east-1", credentials });
  const cloudfront = new CloudFrontClient({ region: "us-east-1", credentials });
  const iam = new IAMClient({ region: "us-east-1", credentials });
  const mocks = { lambda: mockClient(lambda), cloudfront: mockClient(cloudfront), iam: mockClient(iam) };
  const calls: Call[] = [];
  const recorded = (service: Call["service"], client: { send: (command: never) => Promise<unknown> }) => ({
    send: (command: unknown) => {
      const { constructor, input } = command as { constructor: { name: string }; input: Record<string, unknown> };
      calls.push({ service, operation: constructor.name.replace(/Command$/, ""), input });
      return client.send(command as never);
    },
  });
  const clients: Clients = { lambda: recorded("lambda", lambda), cloudfront: recorded("cloudfront", cloudfront), iam: recorded("iam", iam) };
  const logs: string[] = [];
  const outs: string[] = [];
  const sleeps: number[] = [];
  const io: Io = {
    log: (line) => logs.push(line),
    out: (line) => outs.push(line),
    sleep: async (ms) => void sleeps.push(ms),
    build: () => {},
    readZip: () => ZIP,
  };
  const sequence = () => calls.map((c) => `${c.service}:${c.operation}`);
  const inputsOf = (operation: string) => calls.filter((c) => c.operation === operation).map((c) => c.input);
  return { clients, mocks, calls, logs, outs, sleeps, io, sequence, inputsOf };
}

const options = (...argv: string[]): Options => m.parseDeployArgs(["--no-build", ...argv]);

/** A distribution with triggers of other functions and an older version of ours on /api/*. */
function distributionConfig(): DistributionConfig {
  return {
    CallerReference: "caller-1",
    Comment: "app",
    Enabled: true,
    Origins: { Quantity: 1, Items: [{ Id: "api", DomainName: "abc.lambda-url.eu-west-1.on.aws", CustomHeaders: { Quantity: 0 } }] },
    DefaultCacheBehavior: {
      TargetOriginId: "api",
      ViewerProtocolPolicy: "redirect-to-https",
      LambdaFunctionAssociations: { Quantity: 1, Items: [{ LambdaFunctionARN: `${OTHER_FN}:4`, EventType: "viewer-request", IncludeBody: false }] },
    },
    CacheBehaviors: {
      Quantity: 2,
      Items: [
        {
          PathPattern: "/api/*",
          TargetOriginId: "api",
          LambdaFunctionAssociations: {
            Quantity: 2,
            Items: [
              { LambdaFunctionARN: `${OTHER_FN}:9`, EventType: "origin-response", IncludeBody: false },
              { LambdaFunctionARN: `${FUNCTION_ARN}:2`, EventType: "origin-request", IncludeBody: false },
            ],
          },
        },
        {
          PathPattern: "/static/*",
          TargetOriginId: "api",
          LambdaFunctionAssociations: { Quantity: 1, Items: [{ LambdaFunctionARN: `${OTHER_FN}:9`, EventType: "origin-request", IncludeBody: false }] },
        },
      ],
    },
  };
}

const active = { Configuration: { FunctionName: "edge-sigv4", State: "Active", LastUpdateStatus: "Successful" } } satisfies Partial<GetFunctionCommandOutput>;

describe("deploy: arguments", () => {
  it("defaults to a us-east-1 origin-request function: nodejs22.x, 128 MB, 5 s, dist/function.zip, built first", () => {
    const o = m.parseDeployArgs([]);
    expect(o).toMatchObject({
      functionName: "edge-sigv4",
      runtime: "nodejs22.x",
      memory: 128,
      timeout: 5,
      zip: "dist/function.zip",
      build: true,
      dryRun: false,
      attach: false,
      wait: false,
    });
    expect(m.REGION).toBe("us-east-1");
    expect(m.DEFAULT_RUNTIME).toBe("nodejs22.x");
    expect(m.parseDeployArgs(["--memory", "10240", "--timeout", "30"])).toMatchObject({ memory: 10240, timeout: 30 });
    expect(m.parseDeployArgs(["--function-name", FUNCTION_ARN])).toMatchObject({ functionName: "edge-sigv4", functionRef: FUNCTION_ARN });
    expect(m.parseDeployArgs(["--distribution-id", "E2EXAMPLE", "--path-pattern", "*"]).pathPattern).toBeUndefined();
  });

  it.each([
    [["--timeout", "31"], "--timeout 31 is out of range 1..30: the Lambda@Edge origin-request limit is 30 seconds"],
    [["--memory", "64"], "--memory 64 is out of range 128..10240"],
    [["--memory", "1.5"], "--memory 1.5 is not a whole number"],
    [["--runtime", "nodejs18.x"], "--runtime nodejs18.x is not a Node.js runtime Lambda@Edge supports"],
    [["--role-arn", ROLE_ARN, "--create-role", "r"], "give either --role-arn or --create-role, not both"],
    [["--role-arn", "edge-role"], "is not an IAM role ARN"],
    [
      ["--function-name", "arn:aws:lambda:eu-west-1:111122223333:function:edge"],
      "is in eu-west-1: Lambda@Edge functions must be in us-east-1; pass --function-name edge",
    ],
    [["--function-name", `${FUNCTION_ARN}:3`], "must not carry a version or alias"],
    [["--origin-kind", "s3", "--resource-arn", ORIGIN_FN], "is not an ARN for --origin-kind s3 (expected arn:aws:s3:::BUCKET)"],
    [["--origin-kind", "s3-kms", "--resource-arn", "arn:aws:s3:::media"], "--origin-kind s3-kms needs --resource-arn arn:aws:s3:::BUCKET and arn:aws:kms"],
    [["--origin-kind", "ftp"], "--origin-kind ftp is not one of s3, s3-kms, lambda-url, apigw, opensearch"],
    [["--resource-arn", ORIGIN_FN], "--resource-arn needs --origin-kind"],
    [["--origin-kind", "lambda-url", "--resource-arn", ORIGIN_FN, "--attach"], "--attach needs the role"],
    [["--wait"], "--wait needs --distribution-id"],
    [["--distribution-id", "e2-lower"], "is not a CloudFront distribution ID"],
    [["--endpoint-url", "localhost:4566"], "is not an http:// or https:// URL"],
    [["--endpoint-url", "::"], "is not a URL"],
    [["--nope"], "Unknown option '--nope' (see --help)"],
  ])("rejects %j in one line (exit 2)", (argv, message) => {
    let error: (Error & { exitCode?: number }) | undefined;
    try {
      m.parseDeployArgs(argv);
    } catch (caught) {
      error = caught as Error & { exitCode?: number };
    }
    expect(error?.message).toContain(message);
    expect(error?.message).not.toContain("\n");
    expect(error?.exitCode).toBe(2);
  });

  it("--help documents every option", () => {
    for (const name of Object.keys(m.OPTIONS)) expect(m.HELP).toContain(`--${name}`);
    expect(m.HELP).toContain("-h, --help");
    for (const kind of m.ORIGIN_KINDS) expect(m.HELP).toContain(kind);
  });
});

describe("deploy: create", () => {
  it("creates the role, its policies, the function and a version, then attaches it to the default behavior and waits", async () => {
    const h = harness();
    h.mocks.iam.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: "The role with name edge-sigv4-role cannot be found.", ...meta(404) }));
    h.mocks.iam.on(CreateRoleCommand).resolves({ Role: { Arn: ROLE_ARN, RoleName: "edge-sigv4-role", Path: "/", RoleId: "AROAFAKE", CreateDate: new Date() } });
    h.mocks.iam.on(PutRolePolicyCommand).resolves({});
    h.mocks.lambda
      .on(GetFunctionCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: `Function not found: ${FUNCTION_ARN}`, ...meta(404) }))
      .resolves(active);
    h.mocks.lambda.on(CreateFunctionCommand).resolves({ FunctionArn: FUNCTION_ARN, CodeSha256: "sha-created", State: "Pending" });
    h.mocks.lambda.on(PublishVersionCommand).resolves({ FunctionArn: `${FUNCTION_ARN}:1`, Version: "1" });
    h.mocks.cloudfront.on(GetDistributionConfigCommand).resolves({ ETag: "E1", DistributionConfig: distributionConfig() as unknown as SdkDistributionConfig });
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
    const result = await m.deploy(o, h.clients, h.io);

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
    expect(Buffer.from((create?.Code as { ZipFile: Uint8Array }).ZipFile).equals(Buffer.from(ZIP))).toBe(true);
    expect(h.inputsOf("PublishVersion")[0]).toMatchObject({ FunctionName: "edge-sigv4", CodeSha256: "sha-created" });

    expect(h.inputsOf("GetDistributionConfig")).toEqual([{ Id: "E2EXAMPLE" }]);
    const [update] = h.inputsOf("UpdateDistribution");
    expect(update).toMatchObject({ Id: "E2EXAMPLE", IfMatch: "E1" });
    const expected = distributionConfig();
    expected.DefaultCacheBehavior.LambdaFunctionAssociations = {
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
    h.mocks.iam.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: "not found", ...meta(404) }));
    h.mocks.iam.on(CreateRoleCommand).resolves({ Role: { Arn: ROLE_ARN, RoleName: "edge-sigv4-role", Path: "/", RoleId: "AROAFAKE", CreateDate: new Date() } });
    h.mocks.iam.on(PutRolePolicyCommand).resolves({});
    h.mocks.lambda
      .on(GetFunctionCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: "Function not found", ...meta(404) }))
      .resolves(active);
    h.mocks.lambda
      .on(CreateFunctionCommand)
      .rejectsOnce(new InvalidParameterValueException({ message: "The role defined for the function cannot be assumed by Lambda.", ...meta() }))
      .resolves({ FunctionArn: FUNCTION_ARN, CodeSha256: "sha" });
    h.mocks.lambda.on(PublishVersionCommand).resolves({ FunctionArn: `${FUNCTION_ARN}:1`, Version: "1" });

    await m.deploy(options("--create-role", "edge-sigv4-role"), h.clients, h.io);
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
    await expect(m.deploy(options(), h.clients, h.io)).rejects.toThrow(
      "function edge-sigv4 does not exist in us-east-1: creating it needs an execution role: pass --create-role NAME or --role-arn ARN",
    );
    expect(h.sequence()).toEqual(["lambda:GetFunction"]);
  });
});

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
          Runtime: "nodejs20.x",
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

    const result = await m.deploy(options("--role-arn", ROLE_ARN, "--memory", "512", "--timeout", "10"), h.clients, h.io);
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
    const result = await m.deploy(options(), h.clients, h.io);
    expect(h.sequence()).toEqual(["lambda:GetFunction", "lambda:UpdateFunctionCode", "lambda:GetFunction", "lambda:PublishVersion", "lambda:GetFunction"]);
    expect(result.versionArn).toBe(`${FUNCTION_ARN}:8`); // qualified even when the response is not
  });

  it("computes configuration changes as a pure function", () => {
    const desired = { Runtime: "nodejs22.x", Handler: "index.handler", MemorySize: 128, Timeout: 5 };
    expect(m.configurationChanges({ ...desired, Role: ROLE_ARN }, desired)).toBeUndefined();
    expect(m.configurationChanges({ ...desired, Environment: { Variables: {} } }, desired)).toBeUndefined();
    expect(m.configurationChanges({ ...desired, Timeout: 3 }, { ...desired, Role: ROLE_ARN })).toEqual({ Timeout: 5, Role: ROLE_ARN });
  });
});

describe("deploy: associate", () => {
  it("adds the association with include body, keeping the other event types", () => {
    const before = distributionConfig();
    const { config, change, behavior } = m.associateBehavior(before, { functionArn: `${FUNCTION_ARN}:5` });
    expect(change).toBe("added");
    expect(behavior).toBe("default behavior (*)");
    expect(config.DefaultCacheBehavior.LambdaFunctionAssociations).toEqual({
      Quantity: 2,
      Items: [
        { LambdaFunctionARN: `${OTHER_FN}:4`, EventType: "viewer-request", IncludeBody: false },
        { LambdaFunctionARN: `${FUNCTION_ARN}:5`, EventType: "origin-request", IncludeBody: true },
      ],
    });
    expect(config.CacheBehaviors).toEqual(before.CacheBehaviors);
    expect(before).toEqual(distributionConfig()); // the input is not modified
  });

  it("replaces an older version of the same function in place, keeping the other associations", () => {
    const { config, change, previous } = m.associateBehavior(distributionConfig(), { functionArn: `${FUNCTION_ARN}:5`, pathPattern: "/api/*" });
    expect(change).toBe("replaced");
    expect(previous).toBe(`${FUNCTION_ARN}:2`);
    expect(config.CacheBehaviors?.Items?.[0]?.LambdaFunctionAssociations).toEqual({
      Quantity: 2,
      Items: [
        { LambdaFunctionARN: `${OTHER_FN}:9`, EventType: "origin-response", IncludeBody: false },
        { LambdaFunctionARN: `${FUNCTION_ARN}:5`, EventType: "origin-request", IncludeBody: true },
      ],
    });
    expect(config.DefaultCacheBehavior).toEqual(distributionConfig().DefaultCacheBehavior);
    expect(config.CacheBehaviors?.Items?.[1]).toEqual(distributionConfig().CacheBehaviors?.Items?.[1]);
  });

  it("refuses to replace another function's origin-request trigger unless forced", () => {
    expect(() => m.associateBehavior(distributionConfig(), { functionArn: `${FUNCTION_ARN}:5`, pathPattern: "/static/*" })).toThrow(
      `the behavior /static/* already has an origin-request trigger of another function (${OTHER_FN}:9): pass --force to replace it`,
    );
    const forced = m.associateBehavior(distributionConfig(), { functionArn: `${FUNCTION_ARN}:5`, pathPattern: "/static/*", force: true });
    expect(forced.config.CacheBehaviors?.Items?.[1]?.LambdaFunctionAssociations?.Items).toEqual([
      { LambdaFunctionARN: `${FUNCTION_ARN}:5`, EventType: "origin-request", IncludeBody: true },
    ]);
  });

  it("reports no change when the version is already attached, and names the behaviors that exist", () => {
    const once = m.associateBehavior(distributionConfig(), { functionArn: `${FUNCTION_ARN}:5` }).config;
    expect(m.associateBehavior(once, { functionArn: `${FUNCTION_ARN}:5` }).change).toBe("unchanged");
    expect(() => m.associateBehavior(distributionConfig(), { functionArn: `${FUNCTION_ARN}:5`, pathPattern: "/img/*" })).toThrow(
      "no cache behavior with path pattern /img/* (it has: /api/*, /static/*)",
    );
    expect(() => m.associateBehavior(distributionConfig(), { functionArn: FUNCTION_ARN })).toThrow("is not a numbered version ARN");
  });

  it("replaces the older version on the distribution and skips the update when nothing changes", async () => {
    const h = harness();
    h.mocks.lambda
      .on(GetFunctionCommand)
      .resolves({ Configuration: { ...active.Configuration, Runtime: "nodejs22.x", Handler: "index.handler", MemorySize: 128, Timeout: 5 } });
    h.mocks.lambda.on(UpdateFunctionCodeCommand).resolves({ CodeSha256: "sha" });
    h.mocks.lambda.on(PublishVersionCommand).resolves({ FunctionArn: `${FUNCTION_ARN}:2`, Version: "2" });
    const attached = distributionConfig();
    attached.CacheBehaviors!.Items![0]!.LambdaFunctionAssociations!.Items![1]!.IncludeBody = true;
    h.mocks.cloudfront.on(GetDistributionConfigCommand).resolves({ ETag: "E1", DistributionConfig: attached as unknown as SdkDistributionConfig });
    const result = await m.deploy(options("--distribution-id", "E2EXAMPLE", "--path-pattern", "/api/*"), h.clients, h.io);
    expect(h.sequence().slice(-2)).toEqual(["lambda:GetFunction", "cloudfront:GetDistributionConfig"]);
    expect(result.distribution).toEqual({ id: "E2EXAMPLE", change: "unchanged", previous: `${FUNCTION_ARN}:2` });
  });
});

describe("deploy: ETag conflict", () => {
  const conflict = conflict412;
  const existingFunction = (h: ReturnType<typeof harness>) => {
    h.mocks.lambda
      .on(GetFunctionCommand)
      .resolves({ Configuration: { ...active.Configuration, Runtime: "nodejs22.x", Handler: "index.handler", MemorySize: 128, Timeout: 5 } });
    h.mocks.lambda.on(UpdateFunctionCodeCommand).resolves({ CodeSha256: "sha" });
    h.mocks.lambda.on(PublishVersionCommand).resolves({ FunctionArn: `${FUNCTION_ARN}:3`, Version: "3" });
  };

  it("re-reads the config and retries once with the fresh ETag", async () => {
    const h = harness();
    existingFunction(h);
    const fresh = distributionConfig();
    fresh.Comment = "edited meanwhile";
    h.mocks.cloudfront
      .on(GetDistributionConfigCommand)
      .resolvesOnce({ ETag: "E1", DistributionConfig: distributionConfig() as unknown as SdkDistributionConfig })
      .resolves({ ETag: "E7", DistributionConfig: fresh as unknown as SdkDistributionConfig });
    h.mocks.cloudfront
      .on(UpdateDistributionCommand)
      .rejectsOnce(conflict())
      .resolves({ ETag: "E8", Distribution: { Status: "InProgress" } as never });
    await m.deploy(options("--distribution-id", "E2EXAMPLE"), h.clients, h.io);
    expect(h.sequence().filter((s) => s.startsWith("cloudfront"))).toEqual([
      "cloudfront:GetDistributionConfig",
      "cloudfront:UpdateDistribution",
      "cloudfront:GetDistributionConfig",
      "cloudfront:UpdateDistribution",
    ]);
    const [first, second] = h.inputsOf("UpdateDistribution");
    expect(first?.IfMatch).toBe("E1");
    expect(second?.IfMatch).toBe("E7");
    expect((second?.DistributionConfig as DistributionConfig).Comment).toBe("edited meanwhile");
    expect(h.logs.some((l) => l.includes("ETag conflict") && l.includes("one retry"))).toBe(true);
  });

  it("stops after the one retry with a one-line explanation", async () => {
    const h = harness();
    existingFunction(h);
    h.mocks.cloudfront.on(GetDistributionConfigCommand).resolves({ ETag: "E1", DistributionConfig: distributionConfig() as unknown as SdkDistributionConfig });
    h.mocks.cloudfront.on(UpdateDistributionCommand).rejects(conflict());
    const error = await m.deploy(options("--distribution-id", "E2EXAMPLE"), h.clients, h.io).catch((e: Error) => e);
    expect(m.explainError(error)).toBe(
      "distribution E2EXAMPLE changed again while the update was retried (ETag conflict after one retry): another deployment or a console edit is in progress; wait for it to finish and run the deploy again",
    );
    expect(h.sequence().filter((s) => s.startsWith("cloudfront"))).toHaveLength(4);
  });
});

describe("deploy: dry run", () => {
  it("makes no AWS call at all, creates no client, and lists every call with its region and key parameters", async () => {
    const h = harness();
    let clientsCreated = 0;
    let stdout = "";
    const code = await m.main(
      [
        "--dry-run",
        "--no-build",
        "--create-role",
        "edge-sigv4-role",
        "--origin-kind",
        "s3",
        "--resource-arn",
        "arn:aws:s3:::media",
        "--attach",
        "--distribution-id",
        "E2EXAMPLE",
        "--wait",
      ],
      { stdout: (t) => (stdout += t), stderr: () => {}, createClients: async () => (clientsCreated++, h.clients), io: h.io },
    );
    expect(code).toBe(0);
    expect(clientsCreated).toBe(0);
    expect(h.calls).toEqual([]);
    for (const mock of Object.values(h.mocks)) expect(mock.calls()).toHaveLength(0);
    for (const op of [
      "GetRole",
      "CreateRole",
      "PutRolePolicy",
      "GetFunction",
      "CreateFunction",
      "UpdateFunctionCode",
      "UpdateFunctionConfiguration",
      "PublishVersion",
      "GetDistributionConfig",
      "UpdateDistribution",
      "GetDistribution",
    ]) {
      expect(stdout).toMatch(new RegExp(`(iam|lambda|cloudfront) +us-east-1 ${op} `));
    }
    expect(stdout).toContain("CreateFunction FunctionName=edge-sigv4 Runtime=nodejs22.x Handler=index.handler MemorySize=128 Timeout=5 Architectures=x86_64");
    expect(stdout).toContain(
      'UpdateDistribution Id=E2EXAMPLE IfMatch=ETag behavior="default (*)" origin-request=arn:aws:lambda:us-east-1:ACCOUNT:function:edge-sigv4:VERSION IncludeBody=true',
    );
    expect(stdout).toContain('"Resource": "arn:aws:s3:::media/*"');
  });

  it("runs as a command with no credentials anywhere", () => {
    const home = tempDir();
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: home,
      AWS_CONFIG_FILE: join(home, "none"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
      AWS_EC2_METADATA_DISABLED: "true",
    };
    const result = spawnSync(
      process.execPath,
      [SCRIPT, "--dry-run", "--role-arn", ROLE_ARN, "--distribution-id", "E2EXAMPLE", "--endpoint-url", "http://127.0.0.1:9"],
      { encoding: "utf8", env },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("dry run: no AWS call is made");
    expect(result.stdout).toContain("endpoint http://127.0.0.1:9");
    expect(result.stdout).toContain(`CreateFunction FunctionName=edge-sigv4`);
    expect(result.stdout).toContain(`Role=${ROLE_ARN}`);

    const help = spawnSync(process.execPath, [SCRIPT, "--help"], { encoding: "utf8", env });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--dry-run");
    const bad = spawnSync(process.execPath, [SCRIPT, "--timeout", "60"], { encoding: "utf8", env });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split("\n")).toEqual(["deploy: --timeout 60 is out of range 1..30: the Lambda@Edge origin-request limit is 30 seconds"]);
  });

  it("gives every client the endpoint of --endpoint-url and us-east-1, whatever AWS_REGION says", async () => {
    const region = process.env.AWS_REGION;
    process.env.AWS_REGION = "eu-west-1";
    try {
      const clients = await m.createClients({ endpointUrl: "http://127.0.0.1:4566" });
      for (const name of ["lambda", "cloudfront", "iam"]) {
        const client = clients[name]!;
        expect(await client.config.region()).toBe("us-east-1");
        expect(await client.config.endpoint?.()).toMatchObject({ hostname: "127.0.0.1", port: 4566, protocol: "http:" });
      }
    } finally {
      if (region === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = region;
    }
  });
});

describe("deploy: through --endpoint-url", () => {
  it("sends every call, serialized and signed for us-east-1, to the given endpoint; stdout is the version ARN only", async () => {
    const fake = await startFakeAws();
    const home = tempDir();
    writeFileSync(join(home, "function.zip"), ZIP);
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: home,
      AWS_CONFIG_FILE: join(home, "none"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_REGION: "eu-west-1",
      AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKEFAKE",
      AWS_SECRET_ACCESS_KEY: FAKE_SECRET,
    };
    const argv = [SCRIPT, "--no-build", "--zip", join(home, "function.zip"), "--distribution-id", "E2EXAMPLE", "--wait", "--endpoint-url", fake.url];
    try {
      const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile(process.execPath, argv, { env, timeout: 60_000 }, (error, stdout, stderr) =>
          done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });
      expect(stderr).not.toContain(FAKE_SECRET);
      expect(code, stderr).toBe(0);
      expect(stdout).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:edge-sigv4:3\n`);
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        "GET /2015-03-31/functions/edge-sigv4",
        "PUT /2015-03-31/functions/edge-sigv4/code",
        "GET /2015-03-31/functions/edge-sigv4",
        "POST /2015-03-31/functions/edge-sigv4/versions",
        "GET /2015-03-31/functions/edge-sigv4?Qualifier=3",
        "GET /2020-05-31/distribution/E2EXAMPLE/config",
        "PUT /2020-05-31/distribution/E2EXAMPLE/config",
        "GET /2020-05-31/distribution/E2EXAMPLE",
      ]);
      for (const request of fake.requests) {
        expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKEFAKE\/\d{8}\/us-east-1\/(lambda|cloudfront)\/aws4_request/);
      }
      const upload = JSON.parse(fake.requests[1]!.body) as { ZipFile: string; Architectures: string[] };
      expect(Buffer.from(upload.ZipFile, "base64").equals(Buffer.from(ZIP))).toBe(true);
      expect(upload.Architectures).toEqual(["x86_64"]);
      const update = fake.requests[6]!;
      expect(update.headers["if-match"]).toBe("E1");
      const associations = update.body.replace(/\s+/g, "");
      expect(associations).toContain(
        `<LambdaFunctionAssociations><Quantity>2</Quantity><Items><LambdaFunctionAssociation><LambdaFunctionARN>arn:aws:lambda:us-east-1:${ACCOUNT}:function:other-edge:4</LambdaFunctionARN><EventType>viewer-request</EventType><IncludeBody>false</IncludeBody></LambdaFunctionAssociation><LambdaFunctionAssociation><LambdaFunctionARN>arn:aws:lambda:us-east-1:${ACCOUNT}:function:edge-sigv4:3</LambdaFunctionARN><EventType>origin-request</EventType><IncludeBody>true</IncludeBody></LambdaFunctionAssociation></Items></LambdaFunctionAssociations>`,
      );
      expect(associations).toContain("<CallerReference>caller-1</CallerReference>");
    } finally {
      await fake.close();
    }
  });
});

describe("deploy: failures in one line, with the fix", () => {
  const ctx = (service: string, operation: string) => ({ service, operation });
  const accessDenied = (message: string) => Object.assign(new Error(message), { name: "AccessDeniedException", ...meta(403) });

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
    const line = m.explainError(error, context);
    expect(line).toContain(expected);
    expect(line).not.toContain("\n");
  });

  it("refuses a zip over 50 MB or without index.mjs at the root before any call", () => {
    expect(() => m.checkPackage(new Uint8Array(m.MAX_ZIP_BYTES + 1), "big.zip")).toThrow(
      "big.zip is 50.0 MB: Lambda@Edge origin-request functions take at most 50 MB zipped",
    );
    expect(() => m.checkPackage(zipSync({ "src/index.mjs": strToU8("x") }), "nested.zip")).toThrow(
      "nested.zip has no index.mjs at its root (it has: src/index.mjs)",
    );
    expect(() => m.checkPackage(strToU8("not a zip"), "text.zip")).toThrow("text.zip is not a zip file");
    expect(() => m.checkPackage(ZIP)).not.toThrow();
  });

  it("stops when an existing role cannot be assumed by edgelambda.amazonaws.com", async () => {
    const h = harness();
    const lambdaOnly = encodeURIComponent(
      JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    );
    h.mocks.iam.on(GetRoleCommand).resolves({
      Role: { Arn: ROLE_ARN, RoleName: "edge-sigv4-role", Path: "/", RoleId: "AROAFAKE", CreateDate: new Date(), AssumeRolePolicyDocument: lambdaOnly },
    });
    const error = await m.deploy(options("--role-arn", ROLE_ARN), h.clients, h.io).catch((e: Error) => e);
    expect(m.explainError(error)).toBe(
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
    const code = await m.main(["--no-build"], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), createClients: async () => h.clients, io: h.io });
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
    const code = await m.main(["--no-build"], { stdout: () => {}, stderr: (t) => (stderr += t), createClients: async () => h.clients, io: h.io });
    expect(code).toBe(1);
    expect(stderr).toBe(
      `deploy: AccessDenied on lambda:GetFunction: the deploying identity needs lambda:GetFunction on ${FUNCTION_ARN} (least-privilege policy: iam/deployer-policy.json)\n`,
    );
  });
});

describe("deploy: IAM templates", () => {
  const iamDir = join(ROOT, "iam");
  const jsonFiles = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith(".json") ? [path] : [];
    });

  it("are valid JSON, and every execution-role policy fills completely from the ARNs given", () => {
    expect(jsonFiles(iamDir).length).toBeGreaterThanOrEqual(14);
    for (const file of jsonFiles(iamDir)) expect(() => JSON.parse(readFileSync(file, "utf8")), file).not.toThrow();
    const cases: Array<[string, string[]]> = [
      ["s3", ["arn:aws:s3:::media-bucket"]],
      ["s3-kms", ["arn:aws:s3:::media-bucket", `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`]],
      ["lambda-url", [ORIGIN_FN]],
      ["apigw", [`arn:aws:execute-api:eu-west-1:${ACCOUNT}:a1b2c3d4e5`]],
      ["opensearch", [`arn:aws:es:eu-west-1:${ACCOUNT}:domain/search`, `arn:aws:aoss:eu-west-1:${ACCOUNT}:collection/abc123def`]],
    ];
    for (const [kind, arns] of cases) {
      const policy = m.originPolicy(kind, m.resolveOriginResources(kind, arns));
      const text = JSON.stringify(policy);
      expect(text, kind).not.toMatch(/\$\{/);
      for (const statement of policy.Statement) {
        expect(statement.Effect).toBe("Allow");
        for (const resource of [statement.Resource].flat()) expect(resource, kind).not.toBe("*");
        for (const action of [statement.Action].flat()) expect(action, kind).not.toMatch(/\*$/);
      }
    }
    expect(JSON.stringify(m.originPolicy("s3-kms", m.resolveOriginResources("s3-kms", cases[1]![1])))).toContain(
      '"kms:ViaService":"s3.eu-west-1.amazonaws.com"',
    );
    expect(m.originPolicy("apigw", m.resolveOriginResources("apigw", cases[3]![1])).Statement[0]!.Resource).toBe(
      `arn:aws:execute-api:eu-west-1:${ACCOUNT}:a1b2c3d4e5/*`,
    );
    expect(
      m.originPolicy("opensearch", m.resolveOriginResources("opensearch", [`arn:aws:es:eu-west-1:${ACCOUNT}:domain/search`])).Statement.map((s) => s.Sid),
    ).toEqual(["ReadAndSearchTheDomain"]);
  });

  it("trust both services, log only the function's own groups, and give the deployer what Lambda@Edge documents", () => {
    expect(m.trustAllowsEdge(m.trustPolicy())).toEqual({ lambda: true, edgelambda: true });
    expect(m.trustAllowsEdge(TRUST_DOC)).toEqual({ lambda: true, edgelambda: true });
    const logging = m.loggingPolicy({ accountId: ACCOUNT, functionName: "edge-sigv4" });
    expect(logging.Statement[0]!.Action).toEqual(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]);
    for (const resource of [logging.Statement[0]!.Resource].flat())
      expect(resource).toMatch(new RegExp(`^arn:aws:logs:[^:]+:${ACCOUNT}:log-group:/aws/lambda/(us-east-1\\.)?edge-sigv4(:\\*)?$`));

    const deployer = JSON.parse(readFileSync(join(iamDir, "deployer-policy.json"), "utf8")) as {
      Statement: Array<{ Action: string | string[]; Condition?: object }>;
    };
    const actions = deployer.Statement.flatMap((s) => [s.Action].flat());
    for (const action of [
      "lambda:GetFunction",
      "lambda:CreateFunction",
      "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration",
      "lambda:PublishVersion",
      "lambda:EnableReplication*",
      "iam:PassRole",
      "iam:CreateServiceLinkedRole",
      "cloudfront:GetDistributionConfig",
      "cloudfront:UpdateDistribution",
      "cloudfront:GetDistribution",
    ]) {
      expect(actions).toContain(action);
    }
    const passRole = deployer.Statement.find((s) => s.Action === "iam:PassRole");
    expect(passRole?.Condition).toEqual({ StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } });
  });
});

describe("deploy: the uploaded bundle", () => {
  const zipFile = TEST_ZIP;

  it("unzips to index.mjs whose handler signs a Lambda function URL origin request", async () => {
    const files = unzipSync(readFileSync(zipFile));
    expect(Object.keys(files)).toContain("index.mjs");
    const dir = tempDir();
    writeFileSync(join(dir, "index.mjs"), files["index.mjs"]!);
    const { handler } = (await import(pathToFileURL(join(dir, "index.mjs")).href)) as {
      handler: (event: unknown) => Promise<{ headers?: Record<string, Array<{ key: string; value: string }>> }>;
    };

    const host = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws";
    const body = JSON.stringify({ hello: "edge" });
    const event = {
      Records: [
        {
          cf: {
            config: {
              distributionDomainName: "d111111abcdef8.cloudfront.net",
              distributionId: "EDFDVBD6EXAMPLE",
              eventType: "origin-request",
              requestId: "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==",
            },
            request: {
              clientIp: "203.0.113.178",
              method: "POST",
              uri: "/orders",
              querystring: "page=2",
              headers: {
                host: [{ key: "Host", value: "d111111abcdef8.cloudfront.net" }],
                "content-type": [{ key: "Content-Type", value: "application/json" }],
                "user-agent": [{ key: "User-Agent", value: "Amazon CloudFront" }],
              },
              body: { inputTruncated: false, action: "read-only", encoding: "base64", data: Buffer.from(body).toString("base64") },
              origin: {
                custom: {
                  customHeaders: {},
                  domainName: host,
                  keepaliveTimeout: 5,
                  path: "",
                  port: 443,
                  protocol: "https",
                  readTimeout: 30,
                  sslProtocols: ["TLSv1.2"],
                },
              },
            },
          },
        },
      ],
    };
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
    } finally {
      console.log = log;
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
