// Shared by the deploy tests: real SDK clients whose `send` is mocked with aws-sdk-client-mock
// (fake credentials, no network), every call recorded in order across the three, and a
// distribution config to attach to. No test depends on another: each builds its own harness.
import { execFile } from "node:child_process";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudFrontClient, type DistributionConfig, PreconditionFailed } from "@aws-sdk/client-cloudfront";
import { CreateRoleCommand, GetRoleCommand, IAMClient, NoSuchEntityException, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import {
  GetFunctionCommand,
  type GetFunctionCommandOutput,
  LambdaClient,
  PublishVersionCommand,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
} from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { strToU8, zipSync } from "fflate";
import { afterAll, expect } from "vitest";
import { type Options, parseDeployArgs } from "../../deploy/args.ts";
import { plan } from "../../deploy/plan.ts";
import type { Clients, Service } from "../../deploy/sdk.ts";
import type { Io } from "../../deploy/step.ts";
import { REPO_ROOT } from "../support/test-bundle.ts";

export const CLI = join(REPO_ROOT, "deploy/cli.ts");
export const ACCOUNT = "111122223333";
export const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:edge-sigv4`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/edge-sigv4-role`;
export const OTHER_FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:other-edge`;
export const ORIGIN_FN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api`;
export const FAKE_SECRET = "fake/secret/never+printed/0123456789ABCDEFGHIJ";
export const TRUST_DOC = encodeURIComponent(
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] }, Action: "sts:AssumeRole" }],
  }),
);
export const ZIP = zipSync({ "index.mjs": strToU8("export const handler = async (event) => event.Records[0].cf.request;\n") });
export const meta = (httpStatusCode = 400) => ({ $metadata: { httpStatusCode } });
export const conflict412 = () =>
  new PreconditionFailed({ message: "The request failed because it didn't meet the preconditions in one or more request-header fields.", ...meta(412) });
export const active = {
  Configuration: { FunctionName: "edge-sigv4", State: "Active", LastUpdateStatus: "Successful" },
} satisfies Partial<GetFunctionCommandOutput>;
/** A function that exists and already has the default configuration. */
export const existing = {
  Configuration: { ...active.Configuration, Runtime: "nodejs22.x", Handler: "index.handler", MemorySize: 128, Timeout: 5 },
} satisfies Partial<GetFunctionCommandOutput>;

/** Options as the command line gives them, without the build (tests never build). */
export const options = (...argv: string[]): Options => parseDeployArgs(["--no-build", ...argv]);

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});
/** A scratch directory, removed after the file's tests. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "edge-sigv4-deploy-"));
  scratch.push(dir);
  return dir;
}

type Call = { service: Service; operation: string; input: Record<string, unknown> };

/** Mocked clients, every call recorded in order across the three, and io that records what it prints. */
export function harness() {
  const credentials = { accessKeyId: "AKIAFAKEFAKEFAKEFAKE", secretAccessKey: FAKE_SECRET };
  const clients: Clients = {
    lambda: new LambdaClient({ region: "us-east-1", credentials }),
    cloudfront: new CloudFrontClient({ region: "us-east-1", credentials }),
    iam: new IAMClient({ region: "us-east-1", credentials }),
  };
  const mocks = { lambda: mockClient(clients.lambda), cloudfront: mockClient(clients.cloudfront), iam: mockClient(clients.iam) };
  const calls: Call[] = [];
  for (const service of ["lambda", "cloudfront", "iam"] as const) {
    const client = clients[service] as unknown as { send: (command: object) => Promise<unknown> };
    const stubbed = client.send.bind(client);
    client.send = (command) => {
      const { input } = command as { input: Record<string, unknown> };
      calls.push({ service, operation: command.constructor.name.replace(/Command$/, ""), input });
      return stubbed(command);
    };
  }
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
export type Harness = ReturnType<typeof harness>;

/** The role does not exist yet: the deploy creates it and puts its policies. */
export function mockNewRole(h: Harness, roleName = "edge-sigv4-role", message = "not found"): void {
  h.mocks.iam.on(GetRoleCommand).rejects(new NoSuchEntityException({ message, ...meta(404) }));
  h.mocks.iam.on(CreateRoleCommand).resolves({ Role: { Arn: ROLE_ARN, RoleName: roleName, Path: "/", RoleId: "AROAFAKE", CreateDate: new Date() } });
  h.mocks.iam.on(PutRolePolicyCommand).resolves({});
}

/** The function does not exist until the deploy creates it; then it is active. CreateFunction is each test's own. */
export function mockNewFunction(h: Harness, message = "not found"): void {
  h.mocks.lambda
    .on(GetFunctionCommand)
    .rejectsOnce(new ResourceNotFoundException({ message, ...meta(404) }))
    .resolves(active);
}

/** The function exists with the default configuration; the deploy publishes `version`. */
export function mockExistingFunction(h: Harness, version: string): void {
  h.mocks.lambda.on(GetFunctionCommand).resolves(existing);
  h.mocks.lambda.on(UpdateFunctionCodeCommand).resolves({ CodeSha256: "sha" });
  h.mocks.lambda.on(PublishVersionCommand).resolves({ FunctionArn: `${FUNCTION_ARN}:${version}`, Version: version });
}

/**
 * Every call a run made appears in the dry run's plan for the same options, in the plan's order
 * (repeats: retries, waiter polls). `build`: the options as given (a build, so a build
 * configuration is read), not with --no-build.
 */
export function expectFollowsPlan(made: string[], argv: string[], { build = false } = {}): void {
  const planned = plan(build ? parseDeployArgs(argv) : options(...argv), { readZip: () => ZIP }).flatMap((item) =>
    item.kind === "call" ? [`${item.service}:${item.operation}`] : [],
  );
  let at = 0;
  for (const operation of made) {
    const next = planned.indexOf(operation, at);
    expect(next, `${operation} after ${planned[at]} in ${planned.join(", ")}`).toBeGreaterThanOrEqual(0);
    at = next;
  }
}

/** A distribution with triggers of other functions and an older version of ours on /api/*. */
export function distributionConfig(): DistributionConfig {
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
          ViewerProtocolPolicy: "redirect-to-https",
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
          ViewerProtocolPolicy: "redirect-to-https",
          LambdaFunctionAssociations: { Quantity: 1, Items: [{ LambdaFunctionARN: `${OTHER_FN}:9`, EventType: "origin-request", IncludeBody: false }] },
        },
      ],
    },
  };
}

/** An environment for the command with no credentials anywhere (no profile files, no instance metadata) unless `extra` adds some. */
export const cliEnv = (home: string, extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? "",
  HOME: home,
  AWS_CONFIG_FILE: join(home, "none"),
  AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
  AWS_EC2_METADATA_DISABLED: "true",
  ...extra,
});

/** `npm run deploy -- ARGS` with fake credentials and no profile files; resolves when it exits. */
export function npmDeploy(args: string[], home: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = cliEnv(home, { AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKEFAKE", AWS_SECRET_ACCESS_KEY: FAKE_SECRET });
  return new Promise((done) => {
    execFile("npm", ["run", "--silent", "deploy", "--", ...args], { cwd: REPO_ROOT, env, timeout: 60_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Key files for --public-key, written once per test file: RSA 2048 and ECDSA P-256 (accepted), and their private halves. */
export function keyFiles(dir: string) {
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const pem = (key: KeyObject, type: "spki" | "pkcs8") => String(key.export({ type, format: "pem" }));
  return {
    rsaPem: pem(rsa.publicKey, "spki"),
    rsa: write("rsa-public.pem", pem(rsa.publicKey, "spki")),
    rsaPrivate: write("rsa-private.pem", pem(rsa.privateKey, "pkcs8")),
    rsaPrivatePem: pem(rsa.privateKey, "pkcs8"),
    ec: write("ec-public.pem", pem(ec.publicKey, "spki")),
    write,
  };
}
