// Step 7, the trigger (--distribution-id): the behavior's origin-request association points at
// the new version with include body on, and with --trusted-key-group the behavior trusts that key
// group. GetDistributionConfig, then one UpdateDistribution with its ETag (If-Match); on an ETag
// conflict, read again and retry once. --wait waits for Deployed.
import { retryOnceOnConflict } from "../conflict.ts";
import { associateBehavior, trustKeyGroup } from "../distribution.ts";
import { DeployError } from "../errors.ts";
import { EVENT_TYPE, REGION } from "../limits.ts";
import { headerRoleNotes, targetRoles } from "../origin-roles.ts";
import { call, type RunContext, type Step } from "../step.ts";
import { accountFromArn } from "./role.ts";

async function attach(ctx: RunContext, id: string): Promise<void> {
  const { options, state, io, sdk } = ctx;
  const versionArn = String(state.versionArn);
  const { DistributionConfig, ETag } = await ctx.send("cloudfront", new sdk.cloudfront.GetDistributionConfigCommand({ Id: id }), { distributionId: id });
  for (const note of headerRoleNotes(DistributionConfig, targetRoles(options, state.originRoles))) io.log(note);
  const association = associateBehavior(DistributionConfig, { functionArn: versionArn, pathPattern: options.pathPattern, force: options.force });
  const keyGroupId = state.keyGroupId;
  const trust = keyGroupId ? trustKeyGroup(association.config, { keyGroupId, pathPattern: options.pathPattern }) : undefined;
  state.distribution = {
    id,
    change: association.change,
    ...(association.previous ? { previous: association.previous } : {}),
    ...(trust ? { trustedKeyGroup: trust.change } : {}),
  };
  if (association.change === "unchanged") {
    io.log(`distribution: ${id} ${association.behavior} already runs ${versionArn} on ${EVENT_TYPE} with include body`);
  } else {
    io.log(
      `distribution: ${id} ${association.behavior}: ${EVENT_TYPE} → version ${state.version}, include body${association.previous ? `, replacing ${association.previous}` : ""}`,
    );
  }
  if (trust) {
    const group = `key group ${options.trustedKeyGroup} (${keyGroupId})`;
    io.log(
      trust.change === "unchanged"
        ? `distribution: ${id} ${trust.behavior} already trusts ${group}`
        : `distribution: ${id} ${trust.behavior}: trusts ${group}; its viewers now need a URL or cookies signed with that group's keys`,
    );
  }
  if (association.change === "unchanged" && trust?.change !== "added") return;
  const updated = await ctx.send(
    "cloudfront",
    new sdk.cloudfront.UpdateDistributionCommand({ Id: id, IfMatch: ETag, DistributionConfig: trust?.config ?? association.config }),
    { distributionId: id },
  );
  io.log(`distribution: ${id} updated (${updated.Distribution?.Status ?? "InProgress"}; CloudFront replicates the function to its edge locations)`);
}

export const triggerStep: Step = {
  name: "trigger",
  plan(options) {
    const id = options.distributionId;
    if (!id) return [];
    const account = accountFromArn(options.roleArn) ?? "ACCOUNT";
    const versionArn = `arn:aws:lambda:${REGION}:${account}:function:${options.functionName}:VERSION`;
    return [
      call("cloudfront", "GetDistributionConfig", { Id: id }),
      call(
        "cloudfront",
        "UpdateDistribution",
        {
          Id: id,
          IfMatch: "ETag",
          behavior: options.pathPattern ?? "default (*)",
          [EVENT_TYPE]: versionArn,
          IncludeBody: true,
          ...(options.trustedKeyGroup ? { TrustedKeyGroups: `+KEY_GROUP_ID of ${options.trustedKeyGroup}, Enabled=true` } : {}),
        },
        options.trustedKeyGroup ? "the association or the trusted key groups differ" : "the association differs",
      ),
      call("cloudfront", "GetDistributionConfig", { Id: id }, "PreconditionFailed (once)"),
      call("cloudfront", "UpdateDistribution", { Id: id, IfMatch: "fresh ETag" }, "PreconditionFailed (once)"),
      ...(options.wait ? [call("cloudfront", "GetDistribution", { Id: id, waiter: "DistributionDeployed" })] : []),
    ];
  },
  async run(ctx) {
    const { options, io, sdk } = ctx;
    const id = String(options.distributionId);
    await retryOnceOnConflict(
      () => attach(ctx, id),
      () => io.log(`distribution: ${id} changed since it was read (ETag conflict): reading it again, one retry`),
      (error) =>
        new DeployError(
          `distribution ${id} changed again while the update was retried (ETag conflict after one retry): another deployment or a console edit is in progress; wait for it to finish and run the deploy again`,
          { cause: error },
        ),
    );
    if (!options.wait) return;
    io.log(`distribution: waiting until ${id} is deployed (usually a few minutes)`);
    await ctx.waitFor(`distribution ${id} to be deployed`, "cloudfront", "GetDistribution", () =>
      sdk.cloudfront.waitUntilDistributionDeployed({ client: ctx.clients.cloudfront, maxWaitTime: io.waiterSeconds.distribution }, { Id: id }),
    );
    io.log(`distribution: ${id} deployed`);
  },
};
