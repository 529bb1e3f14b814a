// The one change the deploy makes to a distribution: the chosen behavior's origin-request
// trigger points at the new version, with include-body on. Everything else in the config is
// sent back exactly as GetDistributionConfig returned it.
import { DeployError } from "./errors.mjs";
import { EVENT_TYPE } from "./limits.mjs";

/** arn:...:function:NAME:7 → arn:...:function:NAME (the function, whatever the version). */
export const unqualifiedArn = (arn) => String(arn).replace(/^(arn:[^:]+:lambda:[^:]+:\d+:function:[^:]+):[^:]+$/, "$1");

/**
 * Returns a new DistributionConfig whose behavior (the default one when pathPattern is
 * undefined) has `functionArn` as its origin-request association with IncludeBody: true. An
 * origin-request association of an older version of the same function is replaced; one of
 * another function is replaced only with `force`; other event types are kept as they are.
 * @returns {{ config: object, behavior: string, previous?: string, change: "added"|"replaced"|"unchanged" }}
 */
export function associateBehavior(distributionConfig, { functionArn, pathPattern, force = false }) {
  if (!distributionConfig?.DefaultCacheBehavior)
    throw new DeployError("the distribution config has no DefaultCacheBehavior: is this a CloudFront DistributionConfig?");
  if (!/:\d+$/.test(functionArn)) throw new DeployError(`${functionArn} is not a numbered version ARN: Lambda@Edge needs one (not $LATEST or an alias)`);
  const config = structuredClone(distributionConfig);
  const behaviorName = pathPattern === undefined ? "default behavior (*)" : `behavior ${pathPattern}`;
  let behavior;
  if (pathPattern === undefined) {
    behavior = config.DefaultCacheBehavior;
  } else {
    const items = config.CacheBehaviors?.Items ?? [];
    behavior = items.find((b) => b.PathPattern === pathPattern);
    if (!behavior) {
      const known = items.map((b) => b.PathPattern).join(", ") || "none";
      throw new DeployError(
        `the distribution has no cache behavior with path pattern ${pathPattern} (it has: ${known}); omit --path-pattern for the default behavior`,
      );
    }
  }

  const associations = [...(behavior.LambdaFunctionAssociations?.Items ?? [])];
  const index = associations.findIndex((a) => a.EventType === EVENT_TYPE);
  const wanted = { LambdaFunctionARN: functionArn, EventType: EVENT_TYPE, IncludeBody: true };
  let change = "added";
  let previous;
  if (index >= 0) {
    previous = associations[index].LambdaFunctionARN;
    if (previous === functionArn && associations[index].IncludeBody === true) {
      return { config: structuredClone(distributionConfig), behavior: behaviorName, previous, change: "unchanged" };
    }
    if (unqualifiedArn(previous) !== unqualifiedArn(functionArn) && !force) {
      throw new DeployError(
        `the ${behaviorName} already has an origin-request trigger of another function (${previous}): pass --force to replace it, or choose another --path-pattern`,
      );
    }
    associations[index] = wanted;
    change = "replaced";
  } else {
    associations.push(wanted);
  }
  behavior.LambdaFunctionAssociations = { Quantity: associations.length, Items: associations };
  return { config, behavior: behaviorName, previous, change };
}
