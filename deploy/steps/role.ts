// Step 2, the execution role: create it (--create-role) or check the one given (--role-arn)
// trusts both lambda.amazonaws.com and edgelambda.amazonaws.com, attach the logging policy, and
// print or attach (--attach) the least-privilege policy for the origin kind.
import type { Role } from "@aws-sdk/client-iam";
import type { Options } from "../args.ts";
import { DeployError, hasName } from "../errors.ts";
import { LOGGING_POLICY_NAME, originPolicyName, TRUST_POLICY_FILE, TRUSTED_SERVICES } from "../limits.ts";
import { originSideHints } from "../origin-side.ts";
import { loggingPolicy, originPolicy, trustAllowsEdge, trustPolicy } from "../policies.ts";
import { call, local, type RunContext, type Step } from "../step.ts";

export const roleNameFromArn = (arn: string): string => arn.slice(arn.lastIndexOf("/") + 1);
export const accountFromArn = (arn: string | undefined): string | undefined => (arn ? /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] : undefined);

/** The role's name, from --create-role or --role-arn. */
export const roleNameOf = (options: Options): string | undefined => options.createRole ?? (options.roleArn ? roleNameFromArn(options.roleArn) : undefined);

/** The role ARN as far as the options know it (the account of a role still to be created is unknown). */
export const plannedRoleArn = (options: Options): string | undefined =>
  options.roleArn ?? (options.createRole ? `arn:aws:iam::ACCOUNT:role/${options.createRole}` : undefined);

function checkTrust(role: Role | undefined, roleName: string): void {
  const trust = trustAllowsEdge(role?.AssumeRolePolicyDocument);
  const missing = TRUSTED_SERVICES.filter((service) => !trust[service.split(".")[0] as keyof typeof trust]);
  if (missing.length > 0) {
    throw new DeployError(
      `role ${roleName} cannot be assumed by ${missing.join(" and ")}: Lambda@Edge needs both lambda.amazonaws.com and edgelambda.amazonaws.com in its trust policy: aws iam update-assume-role-policy --role-name ${roleName} --policy-document file://${TRUST_POLICY_FILE}`,
    );
  }
}

async function createOrReuse(ctx: RunContext, roleName: string): Promise<void> {
  const { sdk, state, io, options } = ctx;
  let role: Role | undefined;
  try {
    role = (await ctx.send("iam", new sdk.iam.GetRoleCommand({ RoleName: roleName }))).Role;
  } catch (error) {
    if (!hasName(error, "NoSuchEntityException", "NoSuchEntity")) throw error;
  }
  if (role) {
    checkTrust(role, roleName);
    io.log(`role: ${roleName} exists and trusts ${TRUSTED_SERVICES.join(" and ")}`);
  } else {
    io.log(`role: creating ${roleName}, trusted by ${TRUSTED_SERVICES.join(" and ")}`);
    const input = {
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify(trustPolicy()),
      Description: "edge-sigv4 Lambda@Edge execution role (npm run deploy)",
    };
    role = (await ctx.send("iam", new sdk.iam.CreateRoleCommand(input))).Role;
    state.roleIsNew = true;
  }
  state.roleArn = role?.Arn;
  const document = JSON.stringify(loggingPolicy({ accountId: accountFromArn(state.roleArn), functionName: options.functionName }));
  await ctx.send("iam", new sdk.iam.PutRolePolicyCommand({ RoleName: roleName, PolicyName: LOGGING_POLICY_NAME, PolicyDocument: document }));
  io.log(`role: policy ${LOGGING_POLICY_NAME} attached (its log groups /aws/lambda/us-east-1.${options.functionName} in every region)`);
}

async function checkGiven(ctx: RunContext, roleArn: string, roleName: string): Promise<void> {
  try {
    checkTrust((await ctx.send("iam", new ctx.sdk.iam.GetRoleCommand({ RoleName: roleName }))).Role, roleName);
    ctx.io.log(`role: ${roleName} trusts ${TRUSTED_SERVICES.join(" and ")}`);
  } catch (error) {
    if (error instanceof DeployError) throw error;
    if (hasName(error, "NoSuchEntityException", "NoSuchEntity")) {
      throw new DeployError(`role ${roleArn} does not exist: check --role-arn, or create one with --create-role NAME`);
    }
    if (!hasName(error, "AccessDenied", "AccessDeniedException")) throw error;
    ctx.io.log(`role: could not read ${roleName} (iam:GetRole denied): its trust policy is not checked`);
  }
}

async function originPolicyFor(ctx: RunContext, roleName: string | undefined): Promise<void> {
  const { options, io } = ctx;
  if (!options.originKind) return;
  const policy = originPolicy(options.originKind, options.resources);
  const policyName = originPolicyName(options.originKind);
  if (options.attach && roleName) {
    await ctx.send("iam", new ctx.sdk.iam.PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: JSON.stringify(policy) }));
    io.log(`role: policy ${policyName} attached (iam/execution-role/${options.originKind}.json)`);
  } else {
    io.log(
      `role: the ${options.originKind} origin needs this policy on ${roleName ?? "the execution role"} (attach it with --attach, or save it and run aws iam put-role-policy --role-name ${roleName ?? "ROLE"} --policy-name ${policyName} --policy-document file://policy.json):`,
    );
    for (const line of JSON.stringify(policy, null, 2).split("\n")) io.log(`  ${line}`);
  }
  for (const hint of originSideHints(options.originKind, options.resources, ctx.state.roleArn)) io.log(hint);
}

export const roleStep: Step = {
  name: "role",
  plan(options) {
    const roleName = roleNameOf(options);
    const items = [];
    if (options.createRole) {
      items.push(
        call("iam", "GetRole", { RoleName: roleName }),
        call("iam", "CreateRole", { RoleName: roleName, AssumeRolePolicyDocument: `trust ${TRUSTED_SERVICES.join(" + ")}` }, "the role does not exist"),
        call("iam", "PutRolePolicy", {
          RoleName: roleName,
          PolicyName: LOGGING_POLICY_NAME,
          PolicyDocument: `logs on /aws/lambda/us-east-1.${options.functionName} in every region`,
        }),
      );
    } else if (options.roleArn) {
      items.push(call("iam", "GetRole", { RoleName: roleName, check: "trust allows lambda + edgelambda (skipped if denied)" }));
    }
    if (options.originKind && options.attach) {
      items.push(
        call("iam", "PutRolePolicy", {
          RoleName: roleName,
          PolicyName: originPolicyName(options.originKind),
          PolicyDocument: `iam/execution-role/${options.originKind}.json (printed below)`,
        }),
      );
    } else if (options.originKind) {
      items.push(local("policy", `${originPolicyName(options.originKind)} printed for you to attach (iam/execution-role/${options.originKind}.json, below)`));
    }
    return items;
  },
  async run(ctx) {
    const { options, state } = ctx;
    const roleName = roleNameOf(options);
    state.roleName = roleName;
    state.roleArn = options.roleArn;
    if (options.createRole && roleName) await createOrReuse(ctx, roleName);
    else if (options.roleArn && roleName) await checkGiven(ctx, options.roleArn, roleName);
    await originPolicyFor(ctx, roleName);
  },
};
