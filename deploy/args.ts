// The deploy command line: parsed and validated without touching AWS, so that a bad option fails
// before anything is created.
import { parseArgs } from "node:util";
import { UsageError } from "./errors.ts";
import {
  DEFAULT_FUNCTION_NAME,
  DEFAULT_MEMORY_MB,
  DEFAULT_RUNTIME,
  DEFAULT_TIMEOUT_S,
  MAX_MEMORY_MB,
  MAX_TIMEOUT_S,
  MIN_MEMORY_MB,
  REGION,
  RETIRED_RUNTIMES,
  RUNTIMES,
} from "./limits.ts";
import { isOriginKind, ORIGIN_KINDS, type OriginKind, type OriginResources, resolveOriginResources } from "./origin-kinds.ts";

export type Options = {
  help: boolean;
  functionName: string;
  /** What the Lambda calls name: the name, or the us-east-1 function ARN given. */
  functionRef: string;
  runtime: string;
  memory: number;
  timeout: number;
  zip: string;
  build: boolean;
  buildConfig?: string;
  roleArn?: string;
  createRole?: string;
  originKind?: OriginKind;
  resources: OriginResources;
  attach: boolean;
  printPolicy: boolean;
  distributionId?: string;
  /** undefined: the default behavior. */
  pathPattern?: string;
  force: boolean;
  wait: boolean;
  trustedKeyGroup?: string;
  publicKey?: string;
  profile?: string;
  endpointUrl?: string;
  dryRun: boolean;
};

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
  "trusted-key-group": { type: "string" },
  "public-key": { type: "string" },
  profile: { type: "string" },
  "endpoint-url": { type: "string" },
  "dry-run": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true; allowPositionals: false }>>["values"];

/** argv (without node and the script) → options. Throws UsageError (exit 2) with one line. */
export function parseDeployArgs(argv: string[]): Options {
  let values: Values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(`${String((error as Error).message).split("\n")[0]} (see --help)`);
  }
  const originKind = values["origin-kind"];
  const options: Options = {
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
    resources: {},
    attach: values.attach === true,
    printPolicy: values["print-policy"] === true,
    distributionId: values["distribution-id"],
    pathPattern: values["path-pattern"],
    force: values.force === true,
    wait: values.wait === true,
    trustedKeyGroup: values["trusted-key-group"],
    publicKey: values["public-key"],
    profile: values.profile,
    endpointUrl: values["endpoint-url"],
    dryRun: values["dry-run"] === true,
  };
  if (options.help) return options;

  const retired = RETIRED_RUNTIMES[options.runtime];
  if (retired) throw new UsageError(`--runtime ${options.runtime} can no longer be deployed (${retired}): use ${DEFAULT_RUNTIME}, the default`);
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
  if (originKind !== undefined) {
    if (!isOriginKind(originKind)) throw new UsageError(`--origin-kind ${originKind} is not one of ${ORIGIN_KINDS.join(", ")}`);
    options.originKind = originKind;
    options.resources = resolveOriginResources(originKind, resourceArns);
  } else if (resourceArns.length > 0) {
    throw new UsageError("--resource-arn needs --origin-kind");
  }
  if (options.attach && !options.roleArn && !options.createRole) throw new UsageError("--attach needs the role: --role-arn ARN or --create-role NAME");
  if (options.printPolicy && !options.originKind) throw new UsageError("--print-policy needs --origin-kind and --resource-arn");
  if (!options.distributionId) {
    for (const flag of ["path-pattern", "wait", "force"] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} needs --distribution-id`);
    }
  } else if (!/^[A-Z0-9]{1,64}$/.test(options.distributionId)) {
    throw new UsageError(`--distribution-id ${options.distributionId} is not a CloudFront distribution ID (like E2EXAMPLE1ABCD)`);
  }
  if (options.pathPattern === "*" || options.pathPattern === "") options.pathPattern = undefined;
  checkKeyGroupOptions(options);
  if (options.endpointUrl !== undefined) checkEndpoint(options.endpointUrl);
  return options;
}

function checkKeyGroupOptions({ trustedKeyGroup, publicKey }: Options): void {
  if (publicKey !== undefined && trustedKeyGroup === undefined)
    throw new UsageError("--public-key needs --trusted-key-group NAME (the key group to put it in)");
  if (trustedKeyGroup === undefined) return;
  if (!/^[\w-]{1,100}$/.test(trustedKeyGroup)) {
    throw new UsageError(`--trusted-key-group ${trustedKeyGroup} is not a key group name (1-100 of letters, digits, - and _)`);
  }
  if (publicKey === undefined) {
    throw new UsageError("--trusted-key-group needs --public-key FILE: the public half (PEM) of the key pair whose private key signs the URLs");
  }
}

function checkEndpoint(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--endpoint-url ${value} is not a URL (like http://127.0.0.1:4566)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--endpoint-url ${value} is not an http:// or https:// URL (like http://127.0.0.1:4566)`);
  }
}

/** A function name, or a us-east-1 function ARN (the name is what the role's log policy uses). */
function parseFunction(value: string): { functionName: string; functionRef: string } {
  const arn = /^arn:aws[\w-]*:lambda:([a-z0-9-]+):(\d{12}):function:([\w-]{1,64})(?::([^:]+))?$/.exec(value);
  if (arn) {
    const [, region, , name = "", qualifier] = arn;
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

function integer(flag: string, raw: string | undefined, fallback: number, min: number, max: number, why: string): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`${flag} ${raw} is not a whole number`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`${flag} ${raw} is out of range ${min}..${max}: ${why}`);
  return value;
}
