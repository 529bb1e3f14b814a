// npm run deploy: from a clone to a live origin-request trigger in one command.
//
//   npm run deploy -- --create-role edge-sigv4-role --distribution-id E2EXAMPLE --wait
//   npm run deploy -- --help
//
// Builds dist/function.zip, creates or updates the function in us-east-1 (Lambda@Edge's only
// region), publishes a numbered version (printed on stdout), and optionally attaches it to a
// distribution behavior as its origin-request trigger with include-body on. Progress goes to
// stderr, one line per step; a failure is one line with the fix. --dry-run prints every call it
// would make and calls nothing. This file only wires the outside world (argv, environment,
// stdout/stderr, exit code) to the steps; main() runs when node runs this file directly.
import { readFileSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Options, parseDeployArgs } from "./args.ts";
import { withBuildConfigFile } from "./build-config.ts";
import { deploy } from "./deploy.ts";
import { explainError } from "./errors.ts";
import { HELP } from "./help.ts";
import { CONFIG_ROLES_POLICY_NAME, originPolicyName } from "./limits.ts";
import { originTemplateFile } from "./origin-kinds.ts";
import { ASSUME_ROLE_TEMPLATE, assumeRolePolicy, targetRoles, trustHints } from "./origin-roles.ts";
import { originSideHints } from "./origin-side.ts";
import { formatPlan, planWithState } from "./plan.ts";
import { originPolicy } from "./policies.ts";
import { checkProfile, type SharedFiles } from "./profiles.ts";
import { type Clients, createClients } from "./sdk.ts";
import type { Io } from "./step.ts";
import { REPO_ROOT } from "./steps/package.ts";
import { plannedRoleArn } from "./steps/role.ts";

export type MainDeps = {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  createClients?: (options: Options) => Promise<Clients>;
  io?: Io;
  /** Where EDGE_SIGV4_CONFIG is read (process.env unless a test gives its own). */
  env?: NodeJS.ProcessEnv;
};

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
};

/** The shared config and credentials files, where the AWS SDK looks for them. */
export function sharedFiles(env: NodeJS.ProcessEnv = process.env, home = homedir()): SharedFiles {
  const configPath = env.AWS_CONFIG_FILE || join(home, ".aws", "config");
  const credentialsPath = env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials");
  return { configPath, credentialsPath, configText: readText(configPath), credentialsText: readText(credentialsPath) };
}

/** The real clients, once the profile they will read is known to exist. */
async function clientsFor(options: Options): Promise<Clients> {
  const profile = options.profile ?? process.env.AWS_PROFILE;
  if (profile) checkProfile(profile, sharedFiles(), options.profile ? "--profile" : "AWS_PROFILE");
  return createClients(options);
}

function dryRun(options: Options, stdout: (text: string) => void, io: Io | undefined): void {
  const { items, state } = planWithState(options, io);
  stdout(`${formatPlan(items, options)}\n`);
  const roleArn = plannedRoleArn(options);
  const json = (policy: unknown) => JSON.stringify(policy, null, 2);
  if (options.originKind) {
    const policy = json(originPolicy(options.originKind, options.resources));
    stdout(`\npolicy ${originPolicyName(options.originKind)} (${originTemplateFile(options.originKind)}, filled):\n${policy}\n`);
    const hints = originSideHints(options.originKind, options.resources, roleArn);
    if (hints.length > 0) stdout(`${hints.join("\n")}\n`);
  }
  const configRoles = state.originRoles ?? [];
  if (configRoles.length > 0) {
    const policy = json(assumeRolePolicy(configRoles.map((role) => role.roleArn)));
    stdout(`\npolicy ${CONFIG_ROLES_POLICY_NAME} (${ASSUME_ROLE_TEMPLATE}, filled from ${options.buildConfig}):\n${policy}\n`);
  }
  const hints = trustHints(targetRoles(options, configRoles), roleArn);
  if (hints.length > 0) stdout(`\n${hints.join("\n")}\n`);
}

/** The command: returns the exit code (0 done, 1 failed, 2 bad arguments). */
export async function main(argv: string[], deps: MainDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = deps.stderr ?? ((text: string) => void process.stderr.write(text));
  const log = (line: string) => stderr(`${line}\n`);
  try {
    const parsed = parseDeployArgs(argv);
    if (parsed.help) {
      stdout(HELP);
      return 0;
    }
    const options = withBuildConfigFile(parsed, deps.env ?? process.env, REPO_ROOT);
    if (options.printPolicy && options.originKind) {
      stdout(`${JSON.stringify(originPolicy(options.originKind, options.resources), null, 2)}\n`);
      return 0;
    }
    if (options.dryRun) {
      dryRun(options, stdout, deps.io);
      return 0;
    }
    const clients = await (deps.createClients ?? clientsFor)(options);
    await deploy(options, clients, { log, out: (line) => stdout(`${line}\n`), ...deps.io });
    return 0;
  } catch (error) {
    log(`deploy: ${explainError(error)}`);
    const exitCode = (error as { exitCode?: unknown } | undefined)?.exitCode;
    return typeof exitCode === "number" ? exitCode : 1;
  }
}

function runDirectly(): boolean {
  try {
    return Boolean(process.argv[1]) && realpathSync(String(process.argv[1])) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (runDirectly()) process.exitCode = await main(process.argv.slice(2));
