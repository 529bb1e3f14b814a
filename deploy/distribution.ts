// The changes the deploy makes to a distribution, all on one behavior: its origin-request
// trigger points at the new version, with include-body on, and (with --trusted-key-group) it
// trusts the key group. Everything else in the config is sent back exactly as
// GetDistributionConfig returned it.
import type { CacheBehavior, DefaultCacheBehavior, DistributionConfig, LambdaFunctionAssociation } from "@aws-sdk/client-cloudfront";
import { DeployError } from "./errors.ts";
import { EVENT_TYPE } from "./limits.ts";

export type Behavior = DefaultCacheBehavior | CacheBehavior;
export type Change = "added" | "replaced" | "unchanged";

/** arn:...:function:NAME:7 → arn:...:function:NAME (the function, whatever the version). */
export const unqualifiedArn = (arn: string | undefined): string => String(arn).replace(/^(arn:[^:]+:lambda:[^:]+:\d+:function:[^:]+):[^:]+$/, "$1");

/** "default behavior (*)" or "behavior /api/*": how log lines and errors name it. */
export const behaviorName = (pathPattern: string | undefined): string => (pathPattern === undefined ? "default behavior (*)" : `behavior ${pathPattern}`);

/** The behavior to edit, inside `config` (a copy the caller may change). Throws DeployError. */
export function findBehavior(config: DistributionConfig | undefined, pathPattern: string | undefined): Behavior {
  if (!config?.DefaultCacheBehavior) throw new DeployError("the distribution config has no DefaultCacheBehavior: is this a CloudFront DistributionConfig?");
  if (pathPattern === undefined) return config.DefaultCacheBehavior;
  const items = config.CacheBehaviors?.Items ?? [];
  const behavior = items.find((b) => b.PathPattern === pathPattern);
  if (!behavior) {
    const known = items.map((b) => b.PathPattern).join(", ") || "none";
    throw new DeployError(
      `the distribution has no cache behavior with path pattern ${pathPattern} (it has: ${known}); omit --path-pattern for the default behavior`,
    );
  }
  return behavior;
}

/**
 * Returns a new DistributionConfig whose behavior (the default one when pathPattern is
 * undefined) has `functionArn` as its origin-request association with IncludeBody: true. An
 * origin-request association of an older version of the same function is replaced; one of
 * another function is replaced only with `force`; other event types are kept as they are.
 */
export function associateBehavior(
  distributionConfig: DistributionConfig | undefined,
  { functionArn, pathPattern, force = false }: { functionArn: string; pathPattern?: string | undefined; force?: boolean },
): { config: DistributionConfig; behavior: string; previous?: string; change: Change } {
  findBehavior(distributionConfig, pathPattern);
  if (!/:\d+$/.test(functionArn)) throw new DeployError(`${functionArn} is not a numbered version ARN: Lambda@Edge needs one (not $LATEST or an alias)`);
  const config = structuredClone(distributionConfig) as DistributionConfig;
  const behavior = findBehavior(config, pathPattern);
  const name = behaviorName(pathPattern);

  const associations: LambdaFunctionAssociation[] = [...(behavior.LambdaFunctionAssociations?.Items ?? [])];
  const index = associations.findIndex((a) => a.EventType === EVENT_TYPE);
  const wanted: LambdaFunctionAssociation = { LambdaFunctionARN: functionArn, EventType: EVENT_TYPE, IncludeBody: true };
  const current = associations[index];
  if (!current) {
    associations.push(wanted);
    behavior.LambdaFunctionAssociations = { Quantity: associations.length, Items: associations };
    return { config, behavior: name, change: "added" };
  }
  const previous = current.LambdaFunctionARN ?? "";
  if (previous === functionArn && current.IncludeBody === true) {
    return { config: structuredClone(distributionConfig) as DistributionConfig, behavior: name, previous, change: "unchanged" };
  }
  if (unqualifiedArn(previous) !== unqualifiedArn(functionArn) && !force) {
    throw new DeployError(
      `the ${name} already has an origin-request trigger of another function (${previous}): pass --force to replace it, or choose another --path-pattern`,
    );
  }
  associations[index] = wanted;
  behavior.LambdaFunctionAssociations = { Quantity: associations.length, Items: associations };
  return { config, behavior: name, previous, change: "replaced" };
}

/**
 * Returns a new DistributionConfig whose behavior trusts `keyGroupId` for signed URLs and
 * cookies: TrustedKeyGroups enabled, the group added to those it already trusts (kept).
 */
export function trustKeyGroup(
  distributionConfig: DistributionConfig | undefined,
  { keyGroupId, pathPattern }: { keyGroupId: string; pathPattern?: string | undefined },
): { config: DistributionConfig; behavior: string; change: "added" | "unchanged" } {
  findBehavior(distributionConfig, pathPattern);
  const config = structuredClone(distributionConfig) as DistributionConfig;
  const behavior = findBehavior(config, pathPattern);
  const name = behaviorName(pathPattern);
  const trusted = behavior.TrustedKeyGroups;
  const items = [...(trusted?.Items ?? [])];
  if (trusted?.Enabled === true && items.includes(keyGroupId)) {
    return { config: structuredClone(distributionConfig) as DistributionConfig, behavior: name, change: "unchanged" };
  }
  if (!items.includes(keyGroupId)) items.push(keyGroupId);
  behavior.TrustedKeyGroups = { Enabled: true, Quantity: items.length, Items: items };
  return { config, behavior: name, change: "added" };
}
