// The deploy command line: parsed and validated without touching AWS, so that a bad option fails
// before anything is created.
import { parseArgs } from "node:util";
import { UsageError } from "./errors.mjs";
import {
  DEFAULT_FUNCTION_NAME,
  DEFAULT_MEMORY_MB,
  DEFAULT_RUNTIME,
  DEFAULT_TIMEOUT_S,
  MAX_MEMORY_MB,
  MAX_TIMEOUT_S,
  MIN_MEMORY_MB,
  REGION,
  RUNTIMES,
} from "./limits.mjs";
import { ORIGIN_KINDS, resolveOriginResources } from "./policies.mjs";

export const HELP = `usage: npm run deploy -- [options]        (or: node scripts/deploy.mjs [options])

Builds dist/function.zip, creates or updates the Lambda@Edge function in ${REGION} (always,
whatever your profile's region), publishes a numbered version and prints its ARN on stdout.
With --distribution-id it also attaches that version as the behavior's origin-request trigger
(include body on). Progress goes to stderr, one line per step.

Function
  --function-name NAME   function to create or update in ${REGION} (default: ${DEFAULT_FUNCTION_NAME});
                         a ${REGION} function ARN is accepted too
  --runtime ID           ${RUNTIMES.join(" | ")} (default: ${DEFAULT_RUNTIME}, the newest Node.js
                         runtime CloudFront lists for Lambda@Edge)
  --memory MB            ${MIN_MEMORY_MB}..${MAX_MEMORY_MB} (default: ${DEFAULT_MEMORY_MB}; origin-request limit: ${MAX_MEMORY_MB})
  --timeout SECONDS      1..${MAX_TIMEOUT_S} (default: ${DEFAULT_TIMEOUT_S}; origin-request limit: ${MAX_TIMEOUT_S})
  --zip FILE             the package to upload (default: dist/function.zip, index.mjs at its root)
  --no-build             upload the existing zip instead of running \`npm run build\` first
  --build-config FILE    build with this edge-sigv4.config.json (passed to the build as --config)

Execution role (needed to create the function; an existing function keeps its role)
  --role-arn ARN         use this role (its trust policy must allow lambda.amazonaws.com and
                         edgelambda.amazonaws.com: iam/execution-role/trust-policy.json)
  --create-role NAME     create that role (or reuse it if it exists) with that trust policy and
                         the logging policy iam/execution-role/logging.json
  --origin-kind KIND     ${ORIGIN_KINDS.join(" | ")}: print the least-privilege policy the
                         role needs to sign for that origin (iam/execution-role/KIND.json)
  --resource-arn ARN     the origin resource the policy grants, repeatable:
                           s3          arn:aws:s3:::BUCKET
                           s3-kms      arn:aws:s3:::BUCKET  and  arn:aws:kms:REGION:ACCOUNT:key/ID
                           lambda-url  arn:aws:lambda:REGION:ACCOUNT:function:NAME
                           apigw       arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH
                                       (API_ID alone means API_ID/*)
                           opensearch  arn:aws:es:REGION:ACCOUNT:domain/NAME  and/or
                                       arn:aws:aoss:REGION:ACCOUNT:collection/ID
  --attach               attach that policy to the role (iam:PutRolePolicy) instead of printing it
  --print-policy         print the filled origin policy as JSON on stdout and exit (no AWS call)

CloudFront trigger
  --distribution-id ID   attach the new version to this distribution (GetDistributionConfig, then
                         UpdateDistribution with If-Match; one retry on an ETag conflict)
  --path-pattern P       the cache behavior to attach to (default: the default behavior, "*")
  --force                replace an origin-request trigger of another function on that behavior
                         (an older version of this function is always replaced)
  --wait                 wait until the distribution is deployed (several minutes)

AWS access
  --profile NAME         credentials profile (standard chain otherwise: environment, SSO, ...)
  --endpoint-url URL     send every AWS call to this endpoint (a local fake, for testing)
  --dry-run              print every AWS call it would make, with region and key parameters,
                         and call nothing (no credentials needed)
  -h, --help             this text

Examples
  npm run deploy -- --create-role edge-sigv4-role --origin-kind lambda-url \\
    --resource-arn arn:aws:lambda:eu-west-1:111122223333:function:api --attach \\
    --distribution-id E2EXAMPLE --wait
  npm run deploy -- --dry-run --role-arn arn:aws:iam::111122223333:role/edge --distribution-id E2EXAMPLE
`;

/** Every option (the test checks that --help documents each one). */
export const OPTIONS = {
  "function-name": { type: "string" },
  runtime: { type: "string" },
  memory: { type: "string" },
  timeout: { type: "string" },
  zip: { type: "string" },
  "no-build": { type: "boolean" },
  "build-config": { type: "string" },
  "role-arn": { type: "string" },
  "create-role": { type: "string" },
  "origin-kind": { type: "string" },
  "resource-arn": { type: "string", multiple: true },
  attach: { type: "boolean" },
  "print-policy": { type: "boolean" },
  "distribution-id": { type: "string" },
  "path-pattern": { type: "string" },
  force: { type: "boolean" },
  wait: { type: "boolean" },
  profile: { type: "string" },
  "endpoint-url": { type: "string" },
  "dry-run": { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

/**
 * argv (without node and the script) → options. Throws UsageError (exit 2) with one line.
 * @returns {{ help: boolean, functionName: string, functionRef: string, runtime: string,
 *   memory: number, timeout: number, zip: string, build: boolean, buildConfig?: string,
 *   roleArn?: string, createRole?: string, originKind?: string, resources: Record<string,string>,
 *   attach: boolean, printPolicy: boolean, distributionId?: string, pathPattern?: string,
 *   force: boolean, wait: boolean, profile?: string, endpointUrl?: string, dryRun: boolean }}
 */
export function parseDeployArgs(argv) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(`${error.message.split("\n")[0]} (see --help)`);
  }
  const options = {
    help: values.help === true,
    ...parseFunction(values["function-name"] ?? DEFAULT_FUNCTION_NAME),
    runtime: values.runtime ?? DEFAULT_RUNTIME,
    memory: integer("--memory", values.memory, DEFAULT_MEMORY_MB, MIN_MEMORY_MB, MAX_MEMORY_MB, "Lambda@Edge origin-request functions take 128 to 10,240 MB"),
    timeout: integer("--timeout", values.timeout, DEFAULT_TIMEOUT_S, 1, MAX_TIMEOUT_S, "the Lambda@Edge origin-request limit is 30 seconds"),
    zip: values.zip ?? "dist/function.zip",
    build: values["no-build"] !== true,
    buildConfig: values["build-config"],
    roleArn: values["role-arn"],
    createRole: values["create-role"],
    originKind: values["origin-kind"],
    resources: {},
    attach: values.attach === true,
    printPolicy: values["print-policy"] === true,
    distributionId: values["distribution-id"],
    pathPattern: values["path-pattern"],
    force: values.force === true,
    wait: values.wait === true,
    profile: values.profile,
    endpointUrl: values["endpoint-url"],
    dryRun: values["dry-run"] === true,
  };
  if (options.help) return options;

  if (!RUNTIMES.includes(options.runtime)) {
    throw new UsageError(`--runtime ${options.runtime} is not a Node.js runtime Lambda@Edge supports: use ${RUNTIMES.join(", ")}`);
  }
  if (options.build === false && options.buildConfig) throw new UsageError("--build-config needs a build: drop --no-build");
  if (options.roleArn && options.createRole) throw new UsageError("give either --role-arn or --create-role, not both");
  if (options.roleArn && !/^arn:aws[\w-]*:iam::\d{12}:role\/(?:[\w+=,.@/-]+\/)?[\w+=,.@-]{1,64}$/.test(options.roleArn)) {
    throw new UsageError(`--role-arn ${options.roleArn} is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)`);
  }
  if (options.createRole !== undefined && !/^[\w+=,.@-]{1,64}$/.test(options.createRole)) {
    throw new UsageError(`--create-role ${options.createRole} is not a valid role name (1-64 of letters, digits and +=,.@_-)`);
  }
  const resourceArns = values["resource-arn"] ?? [];
  if (options.originKind !== undefined) {
    if (!ORIGIN_KINDS.includes(options.originKind)) {
      throw new UsageError(`--origin-kind ${options.originKind} is not one of ${ORIGIN_KINDS.join(", ")}`);
    }
    options.resources = resolveOriginResources(options.originKind, resourceArns);
  } else if (resourceArns.length > 0) {
    throw new UsageError("--resource-arn needs --origin-kind");
  }
  if (options.attach && !options.originKind) throw new UsageError("--attach needs --origin-kind and --resource-arn");
  if (options.attach && !options.roleArn && !options.createRole) throw new UsageError("--attach needs the role: --role-arn ARN or --create-role NAME");
  if (options.printPolicy && !options.originKind) throw new UsageError("--print-policy needs --origin-kind and --resource-arn");
  if (!options.distributionId) {
    for (const flag of ["path-pattern", "wait", "force"]) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} needs --distribution-id`);
    }
  } else if (!/^[A-Z0-9]{1,64}$/.test(options.distributionId)) {
    throw new UsageError(`--distribution-id ${options.distributionId} is not a CloudFront distribution ID (like E2EXAMPLE1ABCD)`);
  }
  if (options.pathPattern === "*" || options.pathPattern === "") options.pathPattern = undefined;
  if (options.endpointUrl !== undefined) {
    let url;
    try {
      url = new URL(options.endpointUrl);
    } catch {
      throw new UsageError(`--endpoint-url ${options.endpointUrl} is not a URL (like http://127.0.0.1:4566)`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new UsageError(`--endpoint-url ${options.endpointUrl} is not an http:// or https:// URL (like http://127.0.0.1:4566)`);
  }
  return options;
}

/** A function name, or a us-east-1 function ARN (the name is what the role's log policy uses). */
function parseFunction(value) {
  const arn = /^arn:aws[\w-]*:lambda:([a-z0-9-]+):(\d{12}):function:([\w-]{1,64})(?::([^:]+))?$/.exec(value);
  if (arn) {
    const [, region, , name, qualifier] = arn;
    if (region !== REGION) {
      throw new UsageError(
        `--function-name ${value} is in ${region}: Lambda@Edge functions must be in ${REGION}; pass --function-name ${name} to deploy a new one there`,
      );
    }
    if (qualifier !== undefined) throw new UsageError(`--function-name must not carry a version or alias (:${qualifier}): this script publishes the version`);
    return { functionName: name, functionRef: value };
  }
  if (!/^[\w-]{1,64}$/.test(value)) {
    throw new UsageError(`--function-name ${value} is not a Lambda function name (1-64 of letters, digits, - and _) nor a ${REGION} function ARN`);
  }
  return { functionName: value, functionRef: value };
}

function integer(flag, raw, fallback, min, max, why) {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`${flag} ${raw} is not a whole number`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`${flag} ${raw} is out of range ${min}..${max}: ${why}`);
  return value;
}
