// npm run deploy's command line: defaults, every refusal in one line (exit 2), --help.
import { describe, expect, it } from "vitest";
import { OPTIONS, parseDeployArgs } from "../../deploy/args.ts";
import { HELP } from "../../deploy/help.ts";
import { DEFAULT_RUNTIME, REGION, RUNTIMES } from "../../deploy/limits.ts";
import { ORIGIN_KINDS } from "../../deploy/origin-kinds.ts";
import { FUNCTION_ARN, ORIGIN_FN, ROLE_ARN } from "./harness.ts";

describe("deploy: arguments", () => {
  it("defaults to a us-east-1 origin-request function: nodejs22.x, 128 MB, 5 s, dist/function.zip, built first", () => {
    const o = parseDeployArgs([]);
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
    expect(REGION).toBe("us-east-1");
    expect(DEFAULT_RUNTIME).toBe("nodejs22.x");
    expect(parseDeployArgs(["--memory", "10240", "--timeout", "30"])).toMatchObject({ memory: 10240, timeout: 30 });
    expect(parseDeployArgs(["--function-name", FUNCTION_ARN])).toMatchObject({ functionName: "edge-sigv4", functionRef: FUNCTION_ARN });
    expect(parseDeployArgs(["--distribution-id", "E2EXAMPLE", "--path-pattern", "*"]).pathPattern).toBeUndefined();
  });

  it("deploys nodejs22.x (the default) and nodejs24.x, never nodejs20.x (Lambda blocks creating and updating it)", () => {
    expect(RUNTIMES).toEqual(["nodejs22.x", "nodejs24.x"]);
    expect(parseDeployArgs(["--runtime", "nodejs24.x"]).runtime).toBe("nodejs24.x");
    expect(HELP).not.toContain("nodejs20.x");
  });

  it.each([
    [["--timeout", "31"], "--timeout 31 is out of range 1..30: the Lambda@Edge origin-request limit is 30 seconds"],
    [["--memory", "64"], "--memory 64 is out of range 128..10240"],
    [["--memory", "1.5"], "--memory 1.5 is not a whole number"],
    [["--runtime", "nodejs18.x"], "--runtime nodejs18.x is not a Node.js runtime Lambda@Edge supports"],
    [
      ["--runtime", "nodejs20.x"],
      "--runtime nodejs20.x can no longer be deployed (Lambda blocks creating functions on it since 2026-08-31 and updating them since 2026-09-30): use nodejs22.x, the default",
    ],
    [["--role-arn", ROLE_ARN, "--create-role", "r"], "give either --role-arn or --create-role, not both"],
    [["--role-arn", "edge-role"], "is not an IAM role ARN"],
    [
      ["--function-name", "arn:aws:lambda:eu-west-1:111122223333:function:edge"],
      "is in eu-west-1: Lambda@Edge functions must be in us-east-1; pass --function-name edge",
    ],
    [["--function-name", `${FUNCTION_ARN}:3`], "must not carry a version or alias"],
    [
      ["--origin-kind", "s3", "--resource-arn", ORIGIN_FN],
      "is not an ARN for --origin-kind s3 (expected arn:aws:s3:::BUCKET, or arn:aws:s3::ACCOUNT:accesspoint/ALIAS.mrap (no region) and the buckets behind it)",
    ],
    [["--origin-kind", "s3-kms", "--resource-arn", "arn:aws:s3:::media"], "--origin-kind s3-kms needs --resource-arn arn:aws:s3:::BUCKET and arn:aws:kms"],
    [["--origin-kind", "ftp"], "--origin-kind ftp is not one of s3, s3-kms, lambda-url, lambda-web, apigw, opensearch, cross-account"],
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
      parseDeployArgs(argv);
    } catch (caught) {
      error = caught as Error & { exitCode?: number };
    }
    expect(error?.message).toContain(message);
    expect(error?.message).not.toContain("\n");
    expect(error?.exitCode).toBe(2);
  });

  it("--help documents every option", () => {
    for (const name of Object.keys(OPTIONS)) expect(HELP).toContain(`--${name}`);
    expect(HELP).toContain("-h, --help");
    for (const kind of ORIGIN_KINDS) expect(HELP).toContain(kind);
  });
});
