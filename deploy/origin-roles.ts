// Cross-account origins: the roles the function assumes (the build configuration's, and those of
// --origin-kind cross-account), the execution role's permission to assume them, the trust policy
// each of them needs in its own account, and roles a distribution names in a custom header.
import type { DistributionConfig } from "@aws-sdk/client-cloudfront";
import { roleArnProblem } from "../src/assume-role/parameters.ts";
import type { Options } from "./args.ts";
import type { OriginRole } from "./build-config.ts";
import { originPolicyName } from "./limits.ts";
import { valuesOf } from "./origin-kinds.ts";
import { fillPolicy, type Policy, readTemplate } from "./policies.ts";

export const ASSUME_ROLE_TEMPLATE = "iam/execution-role/assume-role.json";
export const TRUST_TEMPLATE = "iam/origin-side/cross-account-trust-policy.json";
/** The origin custom header that names a role for one origin (read by the function, never by viewers). */
export const ROLE_HEADER = "x-sigv4-role-arn";

const template = (file: string): Policy => readTemplate(file.replace(/^iam\//, ""));

/** Every role the function may assume as far as the deploy knows: the build configuration's, then those of --resource-arn. */
export function targetRoles(options: Options, configRoles: readonly OriginRole[] = []): OriginRole[] {
  const roles = [...configRoles];
  if (options.originKind !== "cross-account") return roles;
  for (const roleArn of valuesOf(options.resources, "OriginRoleArn")) {
    if (!roles.some((role) => role.roleArn === roleArn)) roles.push({ roleArn, origins: [] });
  }
  return roles;
}

/** The execution role's permission to assume exactly these roles. */
export const assumeRolePolicy = (roleArns: readonly string[]): Policy => fillPolicy(template(ASSUME_ROLE_TEMPLATE), { OriginRoleArn: roleArns });

/**
 * The trust policy an origin's role needs for the execution role. Without an external id the
 * template's sts:ExternalId condition is left out (an empty condition block with it): the
 * function sends none, and a role that required one would refuse every AssumeRole.
 */
export function trustPolicyFor(executionRoleArn: string, externalId: string | undefined): Policy {
  const policy = template(TRUST_TEMPLATE);
  if (externalId === undefined) {
    for (const statement of policy.Statement) {
      for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
        delete block["sts:ExternalId"];
        if (Object.keys(block).length === 0) delete statement.Condition?.[operator];
      }
      if (statement.Condition && Object.keys(statement.Condition).length === 0) delete statement.Condition;
    }
  }
  return fillPolicy(policy, { RoleArn: executionRoleArn, ExternalId: externalId });
}

const parts = (roleArn: string) => ({ account: roleArn.split(":")[4] ?? "ACCOUNT", name: roleArn.slice(roleArn.lastIndexOf("/") + 1) });

/** What to print for each role: who must trust whom, the command, and the filled trust policy. */
export function trustHints(roles: readonly OriginRole[], executionRoleArn = "ROLE_ARN"): string[] {
  return roles.flatMap((role) => {
    const { account, name } = parts(role.roleArn);
    const used = role.origins.length > 0 ? `assumed for ${role.origins.join(", ")}` : "given with --resource-arn";
    const id = role.externalId === undefined ? "no external id (none configured)" : "the external id of the build configuration";
    const policy = JSON.stringify(trustPolicyFor(executionRoleArn, role.externalId), null, 2);
    return [
      `origin side: role ${name} in account ${account} (${used}) must trust the execution role ${executionRoleArn}, with ${id}: its trust policy (${TRUST_TEMPLATE}, filled) below; a new role: aws iam create-role --role-name ${name} --assume-role-policy-document file://trust.json; an existing one: merge the statement in (aws iam update-assume-role-policy replaces the whole document)`,
      ...policy.split("\n").map((line) => `  ${line}`),
      `origin side: role ${name} also needs a policy allowing what the origin needs, as the execution role would for a same-account origin (iam/execution-role/KIND.json, filled)`,
    ];
  });
}

/** The origins of a distribution that name a role with the custom header, and the value they give. */
export function headerRoles(config: DistributionConfig | undefined): Array<{ originId: string; roleArn: string }> {
  return (config?.Origins?.Items ?? []).flatMap((origin) =>
    (origin.CustomHeaders?.Items ?? [])
      .filter((header) => header.HeaderName?.toLowerCase() === ROLE_HEADER)
      .map((header) => ({ originId: String(origin.Id), roleArn: String(header.HeaderValue ?? "") })),
  );
}

/**
 * One line per origin whose custom header names a role this deploy does not grant: a malformed
 * one with the fix, and a role the build configuration and --resource-arn do not list.
 */
export function headerRoleNotes(config: DistributionConfig | undefined, known: readonly OriginRole[]): string[] {
  return headerRoles(config).flatMap(({ originId, roleArn }) => {
    const problem = roleArnProblem(roleArn);
    if (problem) return [`distribution: origin ${originId}: its custom header ${ROLE_HEADER} ${problem}`];
    if (known.some((role) => role.roleArn === roleArn)) return [];
    return [
      `distribution: origin ${originId} assumes ${roleArn} (custom header ${ROLE_HEADER}): the execution role needs sts:AssumeRole on it, which ${originPolicyName("cross-account")} grants when you deploy with --origin-kind cross-account --resource-arn ${roleArn} --attach (that also prints the trust policy the role needs)`,
    ];
  });
}
