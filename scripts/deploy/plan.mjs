// --dry-run: every AWS call the deploy would make, in order, with its region and key parameters.
// Built from the options alone: no client, no credentials, no network. Calls that depend on what
// AWS answers are marked with the condition under which they happen.
import { ARCHITECTURE, EVENT_TYPE, HANDLER, LOGGING_POLICY_NAME, originPolicyName, REGION, TRUSTED_SERVICES } from "./limits.mjs";

export const roleNameFromArn = (arn) => arn.slice(arn.lastIndexOf("/") + 1);
export const accountFromArn = (arn) => /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];

/**
 * @param {ReturnType<import("./args.mjs").parseDeployArgs>} options
 * @param {{ zipBytes?: number }} [facts] what is known locally (the zip's size when it exists)
 * @returns {{ steps: Array<{ kind: "local", what: string, detail: string } | { kind: "call", service: string, region: string, operation: string, params: Record<string, unknown>, when?: string }> }}
 */
export function plan(options, facts = {}) {
  const steps = [];
  const call = (service, operation, params, when) => steps.push({ kind: "call", service, region: REGION, operation, params, ...(when ? { when } : {}) });
  const local = (what, detail) => steps.push({ kind: "local", what, detail });

  if (options.build) local("build", `node esbuild.config.mjs${options.buildConfig ? ` --config ${options.buildConfig}` : ""} → dist/function.zip`);
  const size = facts.zipBytes === undefined ? (options.build ? "built above" : "not found yet") : `${facts.zipBytes} bytes`;
  local("package", `${options.zip} (${size}): index.mjs at the zip root, at most 50 MB`);

  const roleName = options.createRole ?? (options.roleArn ? roleNameFromArn(options.roleArn) : undefined);
  const accountId = options.roleArn ? accountFromArn(options.roleArn) : undefined;
  const roleArn = options.roleArn ?? (options.createRole ? `arn:aws:iam::${accountId ?? "ACCOUNT"}:role/${options.createRole}` : undefined);
  if (options.createRole) {
    call("iam", "GetRole", { RoleName: roleName });
    call("iam", "CreateRole", { RoleName: roleName, AssumeRolePolicyDocument: `trust ${TRUSTED_SERVICES.join(" + ")}` }, "the role does not exist");
    call("iam", "PutRolePolicy", {
      RoleName: roleName,
      PolicyName: LOGGING_POLICY_NAME,
      PolicyDocument: `logs on /aws/lambda/us-east-1.${options.functionName} in every region`,
    });
  } else if (options.roleArn) {
    call("iam", "GetRole", { RoleName: roleName, check: "trust allows lambda + edgelambda (skipped if denied)" });
  }
  if (options.attach) {
    call("iam", "PutRolePolicy", {
      RoleName: roleName,
      PolicyName: originPolicyName(options.originKind),
      PolicyDocument: `iam/execution-role/${options.originKind}.json (printed below)`,
    });
  }

  call("lambda", "GetFunction", { FunctionName: options.functionRef });
  const configuration = { Runtime: options.runtime, Handler: HANDLER, MemorySize: options.memory, Timeout: options.timeout };
  if (roleArn) {
    call(
      "lambda",
      "CreateFunction",
      { FunctionName: options.functionName, ...configuration, Architectures: ARCHITECTURE, Role: roleArn, ZipFile: options.zip, Environment: "none" },
      "GetFunction: ResourceNotFoundException",
    );
    call("lambda", "GetFunction", { FunctionName: options.functionRef, waiter: "FunctionActiveV2" }, "created");
  } else {
    local("create", "if the function does not exist the deploy stops here: creating it needs --role-arn ARN or --create-role NAME");
  }
  call("lambda", "UpdateFunctionCode", { FunctionName: options.functionRef, ZipFile: options.zip, Architectures: ARCHITECTURE }, "the function exists");
  call("lambda", "GetFunction", { FunctionName: options.functionRef, waiter: "FunctionUpdatedV2" }, "the function exists");
  call(
    "lambda",
    "UpdateFunctionConfiguration",
    { FunctionName: options.functionRef, ...configuration, ...(options.roleArn ? { Role: roleArn } : {}), Environment: "cleared if set" },
    "its configuration differs",
  );
  call("lambda", "GetFunction", { FunctionName: options.functionRef, waiter: "FunctionUpdatedV2" }, "its configuration was updated");
  call("lambda", "PublishVersion", { FunctionName: options.functionRef, CodeSha256: "of the upload" });
  call("lambda", "GetFunction", { FunctionName: options.functionRef, Qualifier: "VERSION", waiter: "FunctionActiveV2" });

  if (options.distributionId) {
    const behavior = options.pathPattern ?? "default (*)";
    const versionArn = `arn:aws:lambda:${REGION}:${accountId ?? "ACCOUNT"}:function:${options.functionName}:VERSION`;
    call("cloudfront", "GetDistributionConfig", { Id: options.distributionId });
    call(
      "cloudfront",
      "UpdateDistribution",
      { Id: options.distributionId, IfMatch: "ETag", behavior, [EVENT_TYPE]: versionArn, IncludeBody: true },
      "the association differs",
    );
    call("cloudfront", "GetDistributionConfig", { Id: options.distributionId }, "PreconditionFailed (once)");
    call("cloudfront", "UpdateDistribution", { Id: options.distributionId, IfMatch: "fresh ETag" }, "PreconditionFailed (once)");
    if (options.wait) call("cloudfront", "GetDistribution", { Id: options.distributionId, waiter: "DistributionDeployed" });
  }
  return { steps };
}

const formatValue = (value) => {
  const text = String(value);
  return /[\s"]/.test(text) ? JSON.stringify(text) : text;
};

/** The plan as text: one line per step. */
export function formatPlan({ steps }, options) {
  const credentials = options.profile ? `profile ${options.profile}` : "the standard chain";
  const lines = [
    "dry run: no AWS call is made and no credentials are read",
    `clients: region ${REGION}${options.endpointUrl ? `, endpoint ${options.endpointUrl}` : ""}, credentials from ${credentials} when run for real`,
  ];
  let n = 0;
  for (const step of steps) {
    n += 1;
    if (step.kind === "local") {
      lines.push(`${String(n).padStart(2)}. local       ${step.what}: ${step.detail}`);
      continue;
    }
    const params = Object.entries(step.params)
      .map(([k, v]) => `${k}=${formatValue(v)}`)
      .join(" ");
    lines.push(`${String(n).padStart(2)}. ${step.service.padEnd(10)} ${step.region} ${step.operation} ${params}${step.when ? `   [if ${step.when}]` : ""}`);
  }
  return lines.join("\n");
}
