// --dry-run: no AWS call and no client; every call listed with region and key parameters, taken
// from the same steps as the real run (a real run never makes a call its plan lacks); and the
// package checked exactly as the real run checks it.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { GetDistributionCommand, GetDistributionConfigCommand, UpdateDistributionCommand } from "@aws-sdk/client-cloudfront";
import { CreateFunctionCommand, PublishVersionCommand } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { main } from "../../deploy/cli.ts";
import { deploy, resolveIo } from "../../deploy/deploy.ts";
import { MAX_ZIP_BYTES } from "../../deploy/limits.ts";
import { plan } from "../../deploy/plan.ts";
import { createRunContext } from "../../deploy/run-context.ts";
import { loadSdk } from "../../deploy/sdk.ts";
import { call } from "../../deploy/step.ts";
import {
  CLI,
  cliEnv,
  conflict412,
  distributionConfig,
  expectFollowsPlan,
  FUNCTION_ARN,
  harness,
  mockNewFunction,
  mockNewRole,
  options,
  ROLE_ARN,
  tempDir,
  ZIP,
} from "./harness.ts";

describe("deploy: dry run", () => {
  it("makes no AWS call at all, creates no client, and lists every call with its region and key parameters", async () => {
    const h = harness();
    let clientsCreated = 0;
    let stdout = "";
    const argv = ["--dry-run", "--no-build", "--create-role", "edge-sigv4-role", "--origin-kind", "s3", "--resource-arn", "arn:aws:s3:::media"];
    const code = await main([...argv, "--attach", "--distribution-id", "E2EXAMPLE", "--wait"], {
      stdout: (t) => (stdout += t),
      stderr: () => {},
      createClients: async () => {
        clientsCreated += 1;
        return h.clients;
      },
      io: h.io,
    });
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
    const env = cliEnv(tempDir());
    const result = spawnSync(
      process.execPath,
      [CLI, "--dry-run", "--role-arn", ROLE_ARN, "--distribution-id", "E2EXAMPLE", "--endpoint-url", "http://127.0.0.1:9"],
      { encoding: "utf8", env },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("dry run: no AWS call is made");
    expect(result.stdout).toContain("endpoint http://127.0.0.1:9");
    expect(result.stdout).toContain(`CreateFunction FunctionName=edge-sigv4`);
    expect(result.stdout).toContain(`Role=${ROLE_ARN}`);

    const help = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8", env });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--dry-run");
    const bad = spawnSync(process.execPath, [CLI, "--timeout", "60"], { encoding: "utf8", env });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split("\n")).toEqual(["deploy: --timeout 60 is out of range 1..30: the Lambda@Edge origin-request limit is 30 seconds"]);
  });

  it("gives every client the endpoint of --endpoint-url and us-east-1, whatever AWS_REGION says", async () => {
    const { createClients } = await import("../../deploy/sdk.ts");
    const region = process.env.AWS_REGION;
    process.env.AWS_REGION = "eu-west-1";
    try {
      const clients = await createClients({ endpointUrl: "http://127.0.0.1:4566" });
      for (const client of [clients.lambda, clients.cloudfront, clients.iam]) {
        expect(await client.config.region()).toBe("us-east-1");
        expect(await client.config.endpoint?.()).toMatchObject({ hostname: "127.0.0.1", port: 4566, protocol: "http:" });
      }
    } finally {
      if (region === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = region;
    }
  });
});

describe("deploy: dry run checks the package as the real run does", () => {
  const dir = tempDir();
  const files = {
    missing: join(dir, "notazip"),
    text: join(dir, "text.zip"),
    nested: join(dir, "nested.zip"),
  };
  writeFileSync(files.text, "not a zip");
  writeFileSync(files.nested, zipSync({ "src/index.mjs": strToU8("x") }));

  const run = async (argv: string[], readZip?: () => Uint8Array) => {
    let stderr = "";
    let stdout = "";
    const h = harness();
    // The files themselves unless the test gives the bytes: the real reading is part of the check.
    const { readZip: _mocked, ...io } = h.io;
    const code = await main(["--no-build", ...argv], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      createClients: async () => h.clients,
      io: { ...io, ...(readZip ? { readZip } : {}) },
    });
    return { code, stdout, stderr, calls: h.calls.length };
  };

  it.each([
    ["a missing file", files.missing, undefined, `deploy: ${files.missing} does not exist: run \`npm run build\` (or drop --no-build)\n`],
    ["not a zip", files.text, undefined, `deploy: ${files.text} is not a zip file: rebuild it with \`npm run build\`\n`],
    ["no index.mjs at the root", files.nested, undefined, `deploy: ${files.nested} has no index.mjs at its root (it has: src/index.mjs)`],
    [
      "over 50 MB",
      "big.zip",
      () => new Uint8Array(MAX_ZIP_BYTES + 1),
      "deploy: big.zip is 50.0 MB: Lambda@Edge origin-request functions take at most 50 MB zipped",
    ],
  ])("%s: one line, exit 1, before any call, in the dry run and the real run alike", async (_, zip, readZip, expected) => {
    const dry = await run(["--dry-run", "--zip", zip], readZip);
    const real = await run(["--zip", zip], readZip);
    for (const result of [dry, real]) {
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr.split("\n")).toHaveLength(2);
      expect(result.stderr).toContain(expected);
      expect(result.calls).toBe(0);
    }
    expect(dry.stderr).toBe(real.stderr);
  });

  it("`--dry-run --no-build --zip notazip` as a command: one line, exit 1", () => {
    const env = cliEnv(dir);
    const result = spawnSync(process.execPath, [CLI, "--dry-run", "--no-build", "--zip", "notazip"], { encoding: "utf8", env, cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("deploy: notazip does not exist: run `npm run build` (or drop --no-build)\n");
  });

  it("shows the size of a good package it checked", () => {
    const items = plan(options("--zip", "ok.zip"), { readZip: () => ZIP });
    expect(items[0]).toEqual({ kind: "local", what: "package", detail: `ok.zip (${ZIP.length} bytes, checked): index.mjs at the zip root, at most 50 MB` });
  });
});

describe("deploy: the dry run and the real run cannot drift", () => {
  it("a create with every option, and an ETag retry, only makes planned calls in planned order", async () => {
    const h = harness();
    mockNewRole(h, "r");
    mockNewFunction(h);
    h.mocks.lambda.on(CreateFunctionCommand).resolves({ FunctionArn: FUNCTION_ARN, CodeSha256: "sha" });
    h.mocks.lambda.on(PublishVersionCommand).resolves({ FunctionArn: `${FUNCTION_ARN}:1`, Version: "1" });
    h.mocks.cloudfront.on(GetDistributionConfigCommand).resolves({ ETag: "E1", DistributionConfig: distributionConfig() });
    h.mocks.cloudfront.on(UpdateDistributionCommand).rejectsOnce(conflict412()).resolves({ ETag: "E2" });
    h.mocks.cloudfront.on(GetDistributionCommand).resolves({ Distribution: { Status: "Deployed" } as never });
    const argv = [
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
    ];
    await deploy(options(...argv), h.clients, h.io);
    expect(h.sequence()).toContain("cloudfront:GetDistribution");
    expectFollowsPlan(h.sequence(), argv);
  });

  it("a step cannot send a call its plan does not list", async () => {
    const h = harness();
    const sdk = await loadSdk();
    const { ctx, enter } = createRunContext(options(), h.clients, sdk, resolveIo(h.io));
    enter("version", [call("lambda", "GetFunction", {})]);
    await expect(ctx.send("lambda", new sdk.lambda.PublishVersionCommand({ FunctionName: "x" }))).rejects.toThrow(
      "lambda:PublishVersion is not in the plan of the version step: the dry run would not show it",
    );
    expect(h.calls).toEqual([]);
  });
});
