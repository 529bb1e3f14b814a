#!/usr/bin/env node
// npm run deploy: from a clone to a live origin-request trigger in one command.
//
//   npm run deploy -- --create-role edge-sigv4-role --distribution-id E2EXAMPLE --wait
//   npm run deploy -- --help
//
// Builds dist/function.zip, creates or updates the function in us-east-1 (Lambda@Edge's only
// region), publishes a numbered version (printed on stdout), and optionally attaches it to a
// distribution behavior as its origin-request trigger with include-body on. Progress goes to
// stderr, one line per step; a failure is one line with the fix. --dry-run prints every call it
// would make and calls nothing.
//
// The logic is importable: deploy(options, clients) takes the AWS clients (tests pass mocked
// ones), and the pure parts (argument parsing, the plan, the behavior transform, the error
// explanations) are exported. This file runs main() only when node runs it directly.
import { spawnSync } from "node:child_process";
import { readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";
import { HELP, OPTIONS, parseDeployArgs } from "./deploy/args.mjs";
import { associateBehavior, unqualifiedArn } from "./deploy/distribution.mjs";
import { DeployError, explainError, oneLine, UsageError } from "./deploy/errors.mjs";
import {
  ARCHITECTURE,
  DEFAULT_FUNCTION_NAME,
  DEFAULT_RUNTIME,
  EVENT_TYPE,
  HANDLER,
  LOGGING_POLICY_NAME,
  MAX_MEMORY_MB,
  MAX_TIMEOUT_S,
  MAX_ZIP_BYTES,
  originPolicyName,
  REGION,
  ROLE_PROPAGATION_ATTEMPTS,
  ROLE_PROPAGATION_DELAY_MS,
  RUNTIMES,
  TRUSTED_SERVICES,
} from "./deploy/limits.mjs";
import { accountFromArn, formatPlan, plan, roleNameFromArn } from "./deploy/plan.mjs";
import {
  fillPolicy,
  loggingPolicy,
  ORIGIN_KINDS,
  originPolicy,
  originSideHints,
  resolveOriginResources,
  trustAllowsEdge,
  trustPolicy,
} from "./deploy/policies.mjs";

export {
  ARCHITECTURE,
  associateBehavior,
  DEFAULT_FUNCTION_NAME,
  DEFAULT_RUNTIME,
  DeployError,
  EVENT_TYPE,
  explainError,
  fillPolicy,
  formatPlan,
  HANDLER,
  HELP,
  loggingPolicy,
  MAX_MEMORY_MB,
  MAX_TIMEOUT_S,
  MAX_ZIP_BYTES,
  OPTIONS,
  ORIGIN_KINDS,
  originPolicy,
  originSideHints,
  parseDeployArgs,
  plan,
  REGION,
  RUNTIMES,
  resolveOriginResources,
  trustAllowsEdge,
  trustPolicy,
  UsageError,
  unqualifiedArn,
};

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

let sdkModules;
/** The SDK clients load only for a real deploy: --help, --dry-run and --print-policy stay fast. */
async function sdk() {
  // Kept apart: CloudFront has its own GetFunction/CreateFunction commands (CloudFront Functions).
  sdkModules ??= Promise.all([import("@aws-sdk/client-lambda"), import("@aws-sdk/client-cloudfront"), import("@aws-sdk/client-iam")]).then(
    ([lambda, cloudfront, iam]) => ({
      lambda,
      cloudfront,
      iam,
    }),
  );
  return sdkModules;
}

/** The three clients, all in us-east-1, with the standard credential chain (or --profile). */
export async function createClients({ profile, endpointUrl } = {}) {
  const [aws, { defaultProvider }] = await Promise.all([sdk(), import("@aws-sdk/credential-provider-node")]);
  const config = {
    region: REGION,
    credentials: defaultProvider(profile ? { profile } : {}),
    ...(endpointUrl ? { endpoint: endpointUrl } : {}),
  };
  return { lambda: new aws.lambda.LambdaClient(config), cloudfront: new aws.cloudfront.CloudFrontClient(config), iam: new aws.iam.IAMClient(config) };
}

/**
 * The configuration changes an existing function needs to match what Lambda@Edge and the
 * options want, or undefined when none. Environment variables are cleared: Lambda@Edge rejects
 * functions that have any.
 */
export function configurationChanges(current, desired) {
  const changes = {};
  for (const key of ["Runtime", "Handler", "MemorySize", "Timeout"]) {
    if (current?.[key] !== desired[key]) changes[key] = desired[key];
  }
  if (desired.Role && current?.Role !== desired.Role) changes.Role = desired.Role;
  if (Object.keys(current?.Environment?.Variables ?? {}).length > 0) changes.Environment = { Variables: {} };
  return Object.keys(changes).length > 0 ? changes : undefined;
}

const hasName = (error, ...names) => names.includes(error?.name) || names.includes(error?.Code);
const isAccessDenied = (error) => hasName(error, "AccessDenied", "AccessDeniedException");
const formatBytes = (n) => (n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** Reads and checks the package: a zip, at most 50 MB, with index.mjs at its root. */
export function checkPackage(bytes, path = "the package") {
  if (bytes.length > MAX_ZIP_BYTES) {
    throw new DeployError(
      `${path} is ${formatBytes(bytes.length)}: Lambda@Edge origin-request functions take at most ${MAX_ZIP_BYTES / 1024 / 1024} MB zipped; rebuild with \`npm run build\` (the bundle is a few KB) or check --zip`,
    );
  }
  const names = [];
  try {
    unzipSync(bytes, { filter: (file) => (names.push(file.name), false) });
  } catch {
    throw new DeployError(`${path} is not a zip file: rebuild it with \`npm run build\``);
  }
  if (!names.includes("index.mjs")) {
    throw new DeployError(
      `${path} has no index.mjs at its root (it has: ${names.slice(0, 5).join(", ") || "nothing"}): the handler ${HANDLER} needs it; rebuild with \`npm run build\``,
    );
  }
}

function defaultBuild(options, log) {
  const args = [join(ROOT, "esbuild.config.mjs"), ...(options.buildConfig ? ["--config", resolve(options.buildConfig)] : [])];
  log(`build: node esbuild.config.mjs${options.buildConfig ? ` --config ${options.buildConfig}` : ""}`);
  // The build's output goes to stderr: stdout carries only the version ARN.
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", 2, 2] });
  if (result.status !== 0) throw new DeployError("the build failed (its message is above): fix it, or deploy an existing zip with --no-build");
}

/** The default zip is the repo's dist/function.zip wherever the command runs; a given path is the caller's. */
const zipPath = (path) => (isAbsolute(path) ? path : path === "dist/function.zip" ? join(ROOT, path) : resolve(path));

/**
 * Deploys with the given clients ({ lambda, cloudfront, iam }, all us-east-1). `io` replaces the
 * side effects for tests: log (progress, stderr), out (the version ARN, stdout), sleep, build,
 * readZip, waiterSeconds.
 * @returns {Promise<{ functionName: string, created: boolean, version: string, versionArn: string, roleArn?: string, distribution?: { id: string, change: string, previous?: string } }>}
 */
export async function deploy(options, clients, io = {}) {
  const log = io.log ?? ((line) => process.stderr.write(`${line}\n`));
  const out = io.out ?? ((line) => process.stdout.write(`${line}\n`));
  const sleep = io.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
  const build = io.build ?? defaultBuild;
  const readZip = io.readZip ?? ((path) => readFileSync(zipPath(path)));
  const waiterSeconds = { function: 300, distribution: 3600, ...io.waiterSeconds };
  const { lambda, cloudfront, iam } = clients;
  const aws = await sdk();
  const ref = options.functionRef ?? options.functionName;
  const name = options.functionName;

  const send = async (client, service, Command, input, context = {}) => {
    try {
      return await client.send(new Command(input));
    } catch (error) {
      if (error && typeof error === "object" && !error.context) error.context = { service, operation: Command.name.replace(/Command$/, ""), ...context };
      throw error;
    }
  };
  // Waiter failures carry the whole last response in their message (for GetFunction, a
  // presigned code URL): only the state and its reason are reported.
  const waitFor = async (what, waiter) => {
    try {
      await waiter();
    } catch (error) {
      let reason = "";
      try {
        const result = JSON.parse(error.message);
        const configuration = result?.reason?.Configuration;
        reason = [configuration?.State, configuration?.StateReason ?? configuration?.LastUpdateStatusReason, result?.reason?.Distribution?.Status]
          .filter(Boolean)
          .join(": ");
        if (!reason && typeof result?.reason === "string") reason = result.reason;
      } catch {
        reason = error.name ?? "";
      }
      const hint = error.name === "TimeoutError" ? "it may still finish: check the console and run again" : "fix the cause and run again";
      throw new DeployError(`waiting for ${what} failed${reason ? ` (${oneLine(reason)})` : ""}: ${hint}`);
    }
  };

  // 1. The package.
  if (options.build) build(options, log);
  let zip;
  try {
    zip = readZip(options.zip);
  } catch (error) {
    if (error?.code === "ENOENT") throw new DeployError(`${options.zip} does not exist: run \`npm run build\` (or drop --no-build)`);
    throw error;
  }
  checkPackage(zip, options.zip);
  log(`package: ${options.zip}, ${formatBytes(zip.length)}, index.mjs at the root`);

  // 2. The execution role.
  let roleArn = options.roleArn;
  let roleIsNew = false;
  const roleName = options.createRole ?? (options.roleArn ? roleNameFromArn(options.roleArn) : undefined);
  const checkTrust = (role) => {
    const trust = trustAllowsEdge(role.AssumeRolePolicyDocument);
    const missing = TRUSTED_SERVICES.filter((service) => !trust[service.split(".")[0]]);
    if (missing.length > 0) {
      throw new DeployError(
        `role ${roleName} cannot be assumed by ${missing.join(" and ")}: Lambda@Edge needs both lambda.amazonaws.com and edgelambda.amazonaws.com in its trust policy: aws iam update-assume-role-policy --role-name ${roleName} --policy-document file://iam/execution-role/trust-policy.json`,
      );
    }
  };
  if (options.createRole) {
    let role;
    try {
      role = (await send(iam, "iam", aws.iam.GetRoleCommand, { RoleName: roleName })).Role;
    } catch (error) {
      if (!hasName(error, "NoSuchEntityException", "NoSuchEntity")) throw error;
    }
    if (role) {
      checkTrust(role);
      log(`role: ${roleName} exists and trusts ${TRUSTED_SERVICES.join(" and ")}`);
    } else {
      log(`role: creating ${roleName}, trusted by ${TRUSTED_SERVICES.join(" and ")}`);
      role = (
        await send(iam, "iam", aws.iam.CreateRoleCommand, {
          RoleName: roleName,
          AssumeRolePolicyDocument: JSON.stringify(trustPolicy()),
          Description: "edge-sigv4 Lambda@Edge execution role (scripts/deploy.mjs)",
        })
      ).Role;
      roleIsNew = true;
    }
    roleArn = role.Arn;
    await send(iam, "iam", aws.iam.PutRolePolicyCommand, {
      RoleName: roleName,
      PolicyName: LOGGING_POLICY_NAME,
      PolicyDocument: JSON.stringify(loggingPolicy({ accountId: accountFromArn(roleArn), functionName: name })),
    });
    log(`role: policy ${LOGGING_POLICY_NAME} attached (its log groups /aws/lambda/us-east-1.${name} in every region)`);
  } else if (options.roleArn) {
    try {
      checkTrust((await send(iam, "iam", aws.iam.GetRoleCommand, { RoleName: roleName })).Role);
      log(`role: ${roleName} trusts ${TRUSTED_SERVICES.join(" and ")}`);
    } catch (error) {
      if (error instanceof DeployError) throw error;
      if (hasName(error, "NoSuchEntityException", "NoSuchEntity"))
        throw new DeployError(`role ${options.roleArn} does not exist: check --role-arn, or create one with --create-role NAME`);
      if (!isAccessDenied(error)) throw error;
      log(`role: could not read ${roleName} (iam:GetRole denied): its trust policy is not checked`);
    }
  }
  if (options.originKind) {
    const policy = originPolicy(options.originKind, options.resources);
    const policyName = originPolicyName(options.originKind);
    if (options.attach) {
      await send(iam, "iam", aws.iam.PutRolePolicyCommand, { RoleName: roleName, PolicyName: policyName, PolicyDocument: JSON.stringify(policy) });
      log(`role: policy ${policyName} attached (iam/execution-role/${options.originKind}.json)`);
    } else {
      log(
        `role: the ${options.originKind} origin needs this policy on ${roleName ?? "the execution role"} (attach it with --attach, or save it and run aws iam put-role-policy --role-name ${roleName ?? "ROLE"} --policy-name ${policyName} --policy-document file://policy.json):`,
      );
      for (const line of JSON.stringify(policy, null, 2).split("\n")) log(`  ${line}`);
    }
    for (const hint of originSideHints(options.originKind, options.resources, roleArn)) log(hint);
  }

  // 3. The function, in us-east-1.
  let existing;
  try {
    existing = await send(lambda, "lambda", aws.lambda.GetFunctionCommand, { FunctionName: ref });
  } catch (error) {
    if (!hasName(error, "ResourceNotFoundException")) throw error;
  }
  const desired = { Runtime: options.runtime, Handler: HANDLER, MemorySize: options.memory, Timeout: options.timeout, ...(roleArn ? { Role: roleArn } : {}) };
  let codeSha256;
  let created = false;
  if (!existing) {
    if (!roleArn)
      throw new DeployError(`function ${name} does not exist in ${REGION}: creating it needs an execution role: pass --create-role NAME or --role-arn ARN`);
    log(`function: creating ${name} in ${REGION} (${options.runtime}, ${ARCHITECTURE}, ${options.memory} MB, ${options.timeout} s, handler ${HANDLER})`);
    const input = {
      FunctionName: name,
      ...desired,
      PackageType: "Zip",
      Architectures: [ARCHITECTURE],
      Code: { ZipFile: zip },
      Description: "edge-sigv4: SigV4-signs CloudFront origin requests (Lambda@Edge origin-request)",
      Publish: false,
    };
    for (let attempt = 1; ; attempt += 1) {
      try {
        codeSha256 = (await send(lambda, "lambda", aws.lambda.CreateFunctionCommand, input)).CodeSha256;
        break;
      } catch (error) {
        const propagating = roleIsNew && hasName(error, "InvalidParameterValueException") && /assume/i.test(error.message ?? "");
        if (!propagating || attempt >= ROLE_PROPAGATION_ATTEMPTS) throw error;
        log(
          `function: the new role is not usable by Lambda yet (IAM propagation): retrying in ${ROLE_PROPAGATION_DELAY_MS / 1000} s (${attempt}/${ROLE_PROPAGATION_ATTEMPTS - 1})`,
        );
        await sleep(ROLE_PROPAGATION_DELAY_MS);
      }
    }
    await waitFor(`function ${name} to become Active`, () =>
      aws.lambda.waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: waiterSeconds.function }, { FunctionName: ref }),
    );
    created = true;
  } else {
    const current = existing.Configuration ?? {};
    if (current.PackageType === "Image")
      throw new DeployError(`function ${name} is a container image function: Lambda@Edge needs a .zip function; choose another --function-name`);
    log(`function: updating the code of ${name} in ${REGION}`);
    codeSha256 = (await send(lambda, "lambda", aws.lambda.UpdateFunctionCodeCommand, { FunctionName: ref, ZipFile: zip, Architectures: [ARCHITECTURE] }))
      .CodeSha256;
    await waitFor(`the code update of ${name}`, () =>
      aws.lambda.waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: waiterSeconds.function }, { FunctionName: ref }),
    );
    const changes = configurationChanges(current, desired);
    if (changes) {
      const described = Object.entries(changes).map(([key, value]) =>
        key === "Environment" ? "environment variables removed (Lambda@Edge rejects them)" : `${key} ${value}`,
      );
      log(`function: updating the configuration: ${described.join(", ")}`);
      await send(lambda, "lambda", aws.lambda.UpdateFunctionConfigurationCommand, { FunctionName: ref, ...changes });
      await waitFor(`the configuration update of ${name}`, () =>
        aws.lambda.waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: waiterSeconds.function }, { FunctionName: ref }),
      );
    }
  }

  // 4. A numbered version: Lambda@Edge cannot use $LATEST.
  const published = await send(lambda, "lambda", aws.lambda.PublishVersionCommand, {
    FunctionName: ref,
    CodeSha256: codeSha256,
    Description: `edge-sigv4 (${options.runtime}, ${options.memory} MB, ${options.timeout} s)`,
  });
  const version = published.Version;
  const versionArn = published.FunctionArn?.endsWith(`:${version}`) ? published.FunctionArn : `${unqualifiedArn(published.FunctionArn)}:${version}`;
  await waitFor(`version ${version} to become Active`, () =>
    aws.lambda.waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: waiterSeconds.function }, { FunctionName: ref, Qualifier: version }),
  );
  log(`version: ${version} published: ${versionArn}`);
  out(versionArn);
  const result = { functionName: name, created, version, versionArn, ...(roleArn ? { roleArn } : {}) };

  // 5. The trigger.
  if (options.distributionId) {
    const id = options.distributionId;
    for (let attempt = 1; ; attempt += 1) {
      const { DistributionConfig, ETag } = await send(
        cloudfront,
        "cloudfront",
        aws.cloudfront.GetDistributionConfigCommand,
        { Id: id },
        { distributionId: id },
      );
      const association = associateBehavior(DistributionConfig, { functionArn: versionArn, pathPattern: options.pathPattern, force: options.force });
      result.distribution = { id, change: association.change, ...(association.previous ? { previous: association.previous } : {}) };
      if (association.change === "unchanged") {
        log(`distribution: ${id} ${association.behavior} already runs ${versionArn} on ${EVENT_TYPE} with include body`);
        break;
      }
      log(
        `distribution: ${id} ${association.behavior}: ${EVENT_TYPE} → version ${version}, include body${association.previous ? `, replacing ${association.previous}` : ""}`,
      );
      try {
        const updated = await send(
          cloudfront,
          "cloudfront",
          aws.cloudfront.UpdateDistributionCommand,
          { Id: id, IfMatch: ETag, DistributionConfig: association.config },
          { distributionId: id },
        );
        log(`distribution: ${id} updated (${updated.Distribution?.Status ?? "InProgress"}; CloudFront replicates the function to its edge locations)`);
        break;
      } catch (error) {
        if (!hasName(error, "PreconditionFailed")) throw error;
        if (attempt >= 2) {
          throw new DeployError(
            `distribution ${id} changed again while the update was retried (ETag conflict after one retry): another deployment or a console edit is in progress; wait for it to finish and run the deploy again`,
            { cause: error },
          );
        }
        log(`distribution: ${id} changed since it was read (ETag conflict): reading it again, one retry`);
      }
    }
    if (options.wait) {
      log(`distribution: waiting until ${id} is deployed (usually a few minutes)`);
      await waitFor(`distribution ${id} to be deployed`, () =>
        aws.cloudfront.waitUntilDistributionDeployed({ client: cloudfront, maxWaitTime: waiterSeconds.distribution }, { Id: id }),
      );
      log(`distribution: ${id} deployed`);
    }
  }
  return result;
}

/**
 * The command: returns the exit code (0 done, 1 failed, 2 bad arguments). `deps` replaces the
 * outside world for tests: stdout, stderr (functions taking text), createClients, io (for deploy).
 */
export async function main(argv, deps = {}) {
  const stdout = deps.stdout ?? ((text) => process.stdout.write(text));
  const stderr = deps.stderr ?? ((text) => process.stderr.write(text));
  const log = (line) => stderr(`${line}\n`);
  try {
    const options = parseDeployArgs(argv);
    if (options.help) {
      stdout(HELP);
      return 0;
    }
    if (options.printPolicy) {
      stdout(`${JSON.stringify(originPolicy(options.originKind, options.resources), null, 2)}\n`);
      return 0;
    }
    if (options.dryRun) {
      let zipBytes;
      try {
        zipBytes = statSync(zipPath(options.zip)).size;
      } catch {
        zipBytes = undefined;
      }
      stdout(`${formatPlan(plan(options, { zipBytes }), options)}\n`);
      if (options.originKind) {
        const roleArn = options.roleArn ?? (options.createRole ? `arn:aws:iam::ACCOUNT:role/${options.createRole}` : undefined);
        stdout(
          `\npolicy ${originPolicyName(options.originKind)} (iam/execution-role/${options.originKind}.json, filled):\n${JSON.stringify(originPolicy(options.originKind, options.resources), null, 2)}\n`,
        );
        stdout(`${originSideHints(options.originKind, options.resources, roleArn).join("\n")}\n`);
      }
      return 0;
    }
    const clients = await (deps.createClients ?? createClients)(options);
    await deploy(options, clients, { log, out: (line) => stdout(`${line}\n`), ...deps.io });
    return 0;
  } catch (error) {
    log(`deploy: ${explainError(error)}`);
    return typeof error?.exitCode === "number" ? error.exitCode : 1;
  }
}

function runDirectly() {
  try {
    return Boolean(process.argv[1]) && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (runDirectly()) process.exitCode = await main(process.argv.slice(2));
