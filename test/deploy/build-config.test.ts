// The build configuration as the deploy reads it: found where the build finds it and handed to the
// build, the roles its origins assume, and each mistake in them as one line with the fix, before
// any AWS call (in the dry run and the real run alike).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GetRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { parseDeployArgs } from "../../deploy/args.ts";
import { originRolesOf, readOriginRoles, withBuildConfigFile } from "../../deploy/build-config.ts";
import { main } from "../../deploy/cli.ts";
import { harness, mockExistingFunction, ROLE_ARN, TRUST_DOC, tempDir } from "./harness.ts";

const A = "arn:aws:iam::444455556666:role/edge-origin-reader";
const B = "arn:aws:iam::777788889999:role/team/media-reader";
const dir = tempDir();
const write = (name: string, config: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof config === "string" ? config : JSON.stringify(config));
  return path;
};

describe("deploy: the build configuration's origin roles", () => {
  it("lists each role once, with the origins that assume it and its external id; other settings are the build's business", () => {
    const config = {
      logLevel: "debug",
      origins: {
        "api.example.com": { service: "execute-api", region: "eu-west-1", roleArn: A, externalId: "edge-sigv4-prod" },
        "files.example.com": { roleArn: A, externalId: "edge-sigv4-prod" },
        "media.example.com": { roleArn: B },
        "plain.example.com": { service: "s3" },
      },
    };
    expect(readOriginRoles(write("roles.json", config))).toEqual([
      { roleArn: A, externalId: "edge-sigv4-prod", origins: ["api.example.com", "files.example.com"] },
      { roleArn: B, origins: ["media.example.com"] },
    ]);
    expect(originRolesOf({}, "x")).toEqual([]);
    expect(originRolesOf({ origins: ["not", "an", "object"] }, "x")).toEqual([]);
  });

  it.each([
    [
      "a malformed role ARN",
      { origins: { "api.example.com": { roleArn: "arn:aws:iam::4444:role/reader" } } },
      'origins["api.example.com"].roleArn must be an IAM role ARN such as "arn:aws:iam::123456789012:role/edge-origin-reader"',
    ],
    [
      "a user ARN",
      { origins: { "api.example.com": { roleArn: "arn:aws:iam::444455556666:user/alice" } } },
      'origins["api.example.com"].roleArn must be an IAM role ARN',
    ],
    [
      "a malformed external id",
      { origins: { "api.example.com": { roleArn: A, externalId: "has space" } } },
      'origins["api.example.com"].externalId must be 2 to 1224 characters',
    ],
    [
      "two external ids for one role",
      { origins: { "a.example.com": { roleArn: A, externalId: "one-id" }, "b.example.com": { roleArn: A, externalId: "two-id" } } },
      `origins["b.example.com"] assumes ${A} with another externalId than origins["a.example.com"] does: give both the externalId that the role's trust policy requires`,
    ],
    [
      "one origin without the external id the others give",
      { origins: { "a.example.com": { roleArn: A }, "b.example.com": { roleArn: A, externalId: "one-id" } } },
      `origins["a.example.com"] assumes ${A} without the externalId other origins give it: its trust policy requires one of every caller; give it the same externalId`,
    ],
    ["JSON that does not parse", '{"origins": {', "is not valid JSON"],
  ])("%s: one line naming the file and the key, exit 1, no AWS call, dry run or not", async (_, config, expected) => {
    const file = write(`bad-${expected.length}.json`, config);
    for (const extra of [["--dry-run"], []]) {
      const h = harness();
      let stderr = "";
      const code = await main(["--build-config", file, "--create-role", "edge-sigv4-role", ...extra], {
        stdout: () => {},
        stderr: (t) => (stderr += t),
        createClients: async () => h.clients,
        io: h.io,
      });
      expect(code).toBe(1);
      expect(stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(stderr).toContain(`deploy: ${config === '{"origins": {' ? "build configuration " : ""}${file}`);
      expect(stderr).toContain(expected);
      expect(h.calls).toEqual([]);
    }
  });

  it("a --build-config that does not exist: one line", async () => {
    let stderr = "";
    const missing = join(dir, "missing.json");
    const code = await main(["--dry-run", "--build-config", missing], { stdout: () => {}, stderr: (t) => (stderr += t), io: harness().io });
    expect(code).toBe(1);
    expect(stderr).toBe(`deploy: build configuration ${missing} does not exist: check --build-config (or EDGE_SIGV4_CONFIG)\n`);
  });
});

describe("deploy: which build configuration", () => {
  const root = join(dir, "repo");
  mkdirSync(root, { recursive: true });
  const none = (env: NodeJS.ProcessEnv, ...argv: string[]) => withBuildConfigFile(parseDeployArgs(argv), env, root).buildConfig;

  it("is the build's: --build-config, else EDGE_SIGV4_CONFIG (relative to the repository, where the build runs), else edge-sigv4.config.json when present", () => {
    expect(none({})).toBeUndefined();
    expect(none({ EDGE_SIGV4_CONFIG: "configs/prod.json" })).toBe(join(root, "configs/prod.json"));
    writeFileSync(join(root, "edge-sigv4.config.json"), "{}");
    expect(none({})).toBe(join(root, "edge-sigv4.config.json"));
    expect(none({ EDGE_SIGV4_CONFIG: "/etc/edge.json" })).toBe("/etc/edge.json");
    expect(none({ EDGE_SIGV4_CONFIG: "/etc/edge.json" }, "--build-config", "mine.json")).toBe("mine.json");
    expect(none({ EDGE_SIGV4_CONFIG: "/etc/edge.json" }, "--no-build")).toBeUndefined();
  });

  it("and the build is handed the very file whose roles the deploy granted", async () => {
    const file = write("env.json", { origins: { "api.example.com": { roleArn: A } } });
    const argv = ["--role-arn", ROLE_ARN, "--attach"];
    let stdout = "";
    const dry = await main(["--dry-run", ...argv], { stdout: (t) => (stdout += t), stderr: () => {}, env: { EDGE_SIGV4_CONFIG: file }, io: harness().io });
    expect(dry).toBe(0);
    expect(stdout).toContain(`local       build: node esbuild.config.mjs --config ${file} → dist/function.zip`);

    const h = harness();
    h.mocks.iam.on(GetRoleCommand).resolves({
      Role: { Arn: ROLE_ARN, RoleName: "edge-sigv4-role", Path: "/", RoleId: "AROAFAKE", CreateDate: new Date(), AssumeRolePolicyDocument: TRUST_DOC },
    });
    h.mocks.iam.on(PutRolePolicyCommand).resolves({});
    mockExistingFunction(h, "7");
    const built: Array<string | undefined> = [];
    const code = await main(argv, {
      stdout: () => {},
      stderr: () => {},
      env: { EDGE_SIGV4_CONFIG: file },
      createClients: async () => h.clients,
      io: { ...h.io, build: (options) => void built.push(options.buildConfig) },
    });
    expect(code).toBe(0);
    expect(built).toEqual([file]);
    const [policy] = h.inputsOf("PutRolePolicy");
    expect(policy?.PolicyName).toBe("edge-sigv4-config-origin-roles");
    expect(JSON.parse(String(policy?.PolicyDocument)).Statement[0].Resource).toEqual([A]);
  });
});
