// The distribution association: the behavior transform (pure), the deploy's update of it, and
// the ETag conflict retry (If-Match, one retry, then one line).
import { GetDistributionConfigCommand, UpdateDistributionCommand } from "@aws-sdk/client-cloudfront";
import { GetFunctionCommand, PublishVersionCommand, UpdateFunctionCodeCommand } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { deploy } from "../../deploy/deploy.ts";
import { associateBehavior } from "../../deploy/distribution.ts";
import { explainError } from "../../deploy/errors.ts";
import { conflict412, distributionConfig, existing, FUNCTION_ARN, type Harness, harness, mockExistingFunction, OTHER_FN, options } from "./harness.ts";

describe("deploy: associate", () => {
  it("adds the association with include body, keeping the other event types", () => {
    const before = distributionConfig();
    const { config, change, behavior } = associateBehavior(before, { functionArn: `${FUNCTION_ARN}:5` });
    expect(change).toBe("added");
    expect(behavior).toBe("default behavior (*)");
    expect(config.DefaultCacheBehavior?.LambdaFunctionAssociations).toEqual({
      Quantity: 2,
      Items: [
        { LambdaFunctionARN: `${OTHER_FN}:4`, EventType: "viewer-request", IncludeBody: false },
        { LambdaFunctionARN: `${FUNCTION_ARN}:5`, EventType: "origin-request", IncludeBody: true },
      ],
    });
    expect(config.CacheBehaviors).toEqual(before.CacheBehaviors);
    expect(before).toEqual(distributionConfig()); // the input is not modified
  });

  it("replaces an older version of the same function in place, keeping the other associations", () => {
    const { config, change, previous } = associateBehavior(distributionConfig(), { functionArn: `${FUNCTION_ARN}:5`, pathPattern: "/api/*" });
    expect(change).toBe("replaced");
    expect(previous).toBe(`${FUNCTION_ARN}:2`);
    expect(config.CacheBehaviors?.Items?.[0]?.LambdaFunctionAssociations).toEqual({
      Quantity: 2,
      Items: [
        { LambdaFunctionARN: `${OTHER_FN}:9`, EventType: "origin-response", IncludeBody: false },
        { LambdaFunctionARN: `${FUNCTION_ARN}:5`, EventType: "origin-request", IncludeBody: true },
      ],
    });
    expect(config.DefaultCacheBehavior).toEqual(distributionConfig().DefaultCacheBehavior);
    expect(config.CacheBehaviors?.Items?.[1]).toEqual(distributionConfig().CacheBehaviors?.Items?.[1]);
  });

  it("refuses to replace another function's origin-request trigger unless forced", () => {
    expect(() => associateBehavior(distributionConfig(), { functionArn: `${FUNCTION_ARN}:5`, pathPattern: "/static/*" })).toThrow(
      `the behavior /static/* already has an origin-request trigger of another function (${OTHER_FN}:9): pass --force to replace it`,
    );
    const forced = associateBehavior(distributionConfig(), { functionArn: `${FUNCTION_ARN}:5`, pathPattern: "/static/*", force: true });
    expect(forced.config.CacheBehaviors?.Items?.[1]?.LambdaFunctionAssociations?.Items).toEqual([
      { LambdaFunctionARN: `${FUNCTION_ARN}:5`, EventType: "origin-request", IncludeBody: true },
    ]);
  });

  it("reports no change when the version is already attached, and names the behaviors that exist", () => {
    const once = associateBehavior(distributionConfig(), { functionArn: `${FUNCTION_ARN}:5` }).config;
    expect(associateBehavior(once, { functionArn: `${FUNCTION_ARN}:5` }).change).toBe("unchanged");
    expect(() => associateBehavior(distributionConfig(), { functionArn: `${FUNCTION_ARN}:5`, pathPattern: "/img/*" })).toThrow(
      "no cache behavior with path pattern /img/* (it has: /api/*, /static/*)",
    );
    expect(() => associateBehavior(distributionConfig(), { functionArn: FUNCTION_ARN })).toThrow("is not a numbered version ARN");
  });

  it("replaces the older version on the distribution and skips the update when nothing changes", async () => {
    const h = harness();
    h.mocks.lambda.on(GetFunctionCommand).resolves(existing);
    h.mocks.lambda.on(UpdateFunctionCodeCommand).resolves({ CodeSha256: "sha" });
    h.mocks.lambda.on(PublishVersionCommand).resolves({ FunctionArn: `${FUNCTION_ARN}:2`, Version: "2" });
    const attached = distributionConfig();
    attached.CacheBehaviors!.Items![0]!.LambdaFunctionAssociations!.Items![1]!.IncludeBody = true;
    h.mocks.cloudfront.on(GetDistributionConfigCommand).resolves({ ETag: "E1", DistributionConfig: attached });
    const result = await deploy(options("--distribution-id", "E2EXAMPLE", "--path-pattern", "/api/*"), h.clients, h.io);
    expect(h.sequence().slice(-2)).toEqual(["lambda:GetFunction", "cloudfront:GetDistributionConfig"]);
    expect(result.distribution).toEqual({ id: "E2EXAMPLE", change: "unchanged", previous: `${FUNCTION_ARN}:2` });
  });
});

describe("deploy: ETag conflict", () => {
  const existingFunction = (h: Harness) => mockExistingFunction(h, "3");

  it("re-reads the config and retries once with the fresh ETag", async () => {
    const h = harness();
    existingFunction(h);
    const fresh = distributionConfig();
    fresh.Comment = "edited meanwhile";
    h.mocks.cloudfront
      .on(GetDistributionConfigCommand)
      .resolvesOnce({ ETag: "E1", DistributionConfig: distributionConfig() })
      .resolves({ ETag: "E7", DistributionConfig: fresh });
    h.mocks.cloudfront
      .on(UpdateDistributionCommand)
      .rejectsOnce(conflict412())
      .resolves({ ETag: "E8", Distribution: { Status: "InProgress" } as never });
    await deploy(options("--distribution-id", "E2EXAMPLE"), h.clients, h.io);
    expect(h.sequence().filter((s) => s.startsWith("cloudfront"))).toEqual([
      "cloudfront:GetDistributionConfig",
      "cloudfront:UpdateDistribution",
      "cloudfront:GetDistributionConfig",
      "cloudfront:UpdateDistribution",
    ]);
    const [first, second] = h.inputsOf("UpdateDistribution");
    expect(first?.IfMatch).toBe("E1");
    expect(second?.IfMatch).toBe("E7");
    expect((second?.DistributionConfig as { Comment?: string } | undefined)?.Comment).toBe("edited meanwhile");
    expect(h.logs.some((l) => l.includes("ETag conflict") && l.includes("one retry"))).toBe(true);
  });

  it("stops after the one retry with a one-line explanation", async () => {
    const h = harness();
    existingFunction(h);
    h.mocks.cloudfront.on(GetDistributionConfigCommand).resolves({ ETag: "E1", DistributionConfig: distributionConfig() });
    h.mocks.cloudfront.on(UpdateDistributionCommand).rejects(conflict412());
    const error = await deploy(options("--distribution-id", "E2EXAMPLE"), h.clients, h.io).catch((e: Error) => e);
    expect(explainError(error)).toBe(
      "distribution E2EXAMPLE changed again while the update was retried (ETag conflict after one retry): another deployment or a console edit is in progress; wait for it to finish and run the deploy again",
    );
    expect(h.sequence().filter((s) => s.startsWith("cloudfront"))).toHaveLength(4);
  });
});
