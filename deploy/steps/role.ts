// Step 2, the execution role: create it (--create-role) or check the one given (--role-arn)
// trusts both lambda.amazonaws.com and edgelambda.amazonaws.com, attach the logging policy, print
// or attach (--attach) the least-privilege policy for the origin kind, and grant or print
// sts:AssumeRole on the roles the build configuration's origins assume (cross-account origins).
import type { Role } from "@aws-sdk/client-iam";
import type { Options } from "../args.ts";
import { DeployError, hasName, UsageError } from "../errors.ts";
import { CONFIG_ROLES_POLICY_NAME, LOGGING_POLICY_NAME, originPolicyName, TRUST_POLICY_FILE, TRUSTED_SERVICES } from "../limits.ts";
import { originTemplateFile } from "../origin-kinds.ts";
import { ASSUME_ROLE_TEMPLATE, assumeRolePolicy } from "../origin-roles.ts";
import { originSideHints } from "../origin-side.ts";
import { loggingPolicy, originPolicy, type Policy, trustAllowsEdge, trustPolicy } from "../policies.ts";
import { call, local, type RunContext, type Step } from "../step.ts";

export const roleNameFromArn = (arn: string): string => arn.slice(arn.lastIndexOf("/") + 1);
export const accountFromArn = (arn: string | undefined): string | undefined => (arn ? /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] : undefined);

/** The role's name, from --create-role or --role-arn. */
export const roleNameOf = (options: Options): string | undefined => options.createRole ?? (options.roleArn ? roleNameFromArn(options.roleArn) : undefined);

/** The role ARN as far as the options know it (the account of a role still to be created is unknown). */
export const plannedRoleArn = (options: Options): string | undefined =>
  options.roleArn ?? (options.createRole ? `arn:aws:iam::ACCOUNT:role/${options.createRole}` : undefined);

/**
 * Does the deploy put the policies the function itself needs (the build configuration's origin
 * roles) on the role? On a role it creates, or with --attach; otherwise it prints them.
 */
const attachesOwnPolicies = (options: Options): boolean => options.createRole !== undefined || (options.attach && options.roleArn !== undefined);

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

/** Attaches a policy to the role, or prints it with the command that would. */
async function attachOrPrint(ctx: RunContext, roleName: string | undefined, attach: boolean, policyName: string, policy: Policy, what: string): Promise<void> {
  if (attach && roleName) {
    await ctx.send("iam", new ctx.sdk.iam.PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: JSON.stringify(policy) }));
    ctx.io.log(`role: policy ${policyName} attached (${what})`);
    return;
  }
  ctx.io.log(
    `role: ${what} needs this policy on ${roleName ?? "the execution role"} (attach it with --attach, or save it and run aws iam put-role-policy --role-name ${roleName ?? "ROLE"} --policy-name ${policyName} --policy-document file://policy.json):`,
  );
  for (const line of JSON.stringify(policy, null, 2).split("\n")) ctx.io.log(`  ${line}`);
}

async function originPolicyFor(ctx: RunContext, roleName: string | undefined): Promise<void> {
  const { options, io } = ctx;
  if (!options.originKind) return;
  const policy = originPolicy(options.originKind, options.resources);
  const what = options.attach ? originTemplateFile(options.originKind) : `the ${options.originKind} origin`;
  await attachOrPrint(ctx, roleName, options.attach, originPolicyName(options.originKind), policy, what);
  for (const hint of originSideHints(options.originKind, options.resources, ctx.state.roleArn)) io.log(hint);
}

async function configRolesPolicyFor(ctx: RunContext, roleName: string | undefined): Promise<void> {
  const roles = ctx.state.originRoles ?? [];
  if (roles.length === 0) return;
  const attach = attachesOwnPolicies(ctx.options);
  const what = attach
    ? `sts:AssumeRole on the ${roles.length} role(s) the build configuration's origins assume, ${ASSUME_ROLE_TEMPLATE}`
    : "assuming the roles the build configuration's origins name";
  await attachOrPrint(ctx, roleName, attach, CONFIG_ROLES_POLICY_NAME, assumeRolePolicy(roles.map((role) => role.roleArn)), what);
}

export const roleStep: Step = {
  name: "role",
  check(options, state) {
    if (options.attach && !options.originKind && !state.originRoles?.length) {
      throw new UsageError("--attach needs --origin-kind and --resource-arn (or a build configuration whose origins assume roles)");
    }
  },
  plan(options, state) {
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
          PolicyDocument: `${originTemplateFile(options.originKind)} (printed below)`,
        }),
      );
    } else if (options.originKind) {
      items.push(local("policy", `${originPolicyName(options.originKind)} printed for you to attach (${originTemplateFile(options.originKind)}, below)`));
    }
    const roles = (state.originRoles ?? []).map((role) => role.roleArn);
    if (roles.length > 0 && attachesOwnPolicies(options)) {
      items.push(
        call("iam", "PutRolePolicy", { RoleName: roleName, PolicyName: CONFIG_ROLES_POLICY_NAME, PolicyDocument: `sts:AssumeRole on ${roles.join(", ")}` }),
      );
    } else if (roles.length > 0) {
      items.push(local("policy", `${CONFIG_ROLES_POLICY_NAME} printed for you to attach (sts:AssumeRole on ${roles.join(", ")}, ${ASSUME_ROLE_TEMPLATE})`));
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
    await configRolesPolicyFor(ctx, roleName);
  },
};
