// The IAM templates in iam/: valid JSON, filled completely from the ARNs given, least privilege,
// and the deployer's policy has what every deploy call needs.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type OriginKind, resolveOriginResources } from "../../deploy/origin-kinds.ts";
import { loggingPolicy, originPolicy, trustAllowsEdge, trustPolicy } from "../../deploy/policies.ts";
import { REPO_ROOT } from "../support/test-bundle.ts";
import { ACCOUNT, ORIGIN_FN, TRUST_DOC } from "./harness.ts";

const iamDir = join(REPO_ROOT, "iam");
const jsonFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith(".json") ? [path] : [];
  });

const deployerActions = (): string[] => {
  const deployer = JSON.parse(readFileSync(join(iamDir, "deployer-policy.json"), "utf8")) as { Statement: Array<{ Action: string | string[] }> };
  return deployer.Statement.flatMap((s) => [s.Action].flat());
};

describe("deploy: IAM templates", () => {
  it("are valid JSON, and every execution-role policy fills completely from the ARNs given", () => {
    expect(jsonFiles(iamDir).length).toBeGreaterThanOrEqual(14);
    for (const file of jsonFiles(iamDir)) expect(() => JSON.parse(readFileSync(file, "utf8")), file).not.toThrow();
    const cases: Array<[OriginKind, string[]]> = [
      ["s3", ["arn:aws:s3:::media-bucket"]],
      ["s3-kms", ["arn:aws:s3:::media-bucket", `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`]],
      ["lambda-url", [ORIGIN_FN]],
      ["apigw", [`arn:aws:execute-api:eu-west-1:${ACCOUNT}:a1b2c3d4e5`]],
      ["opensearch", [`arn:aws:es:eu-west-1:${ACCOUNT}:domain/search`, `arn:aws:aoss:eu-west-1:${ACCOUNT}:collection/abc123def`]],
      ["lambda-web", [`arn:aws:lambda:eu-west-1:${ACCOUNT}:web-function/app/endpoint/prod`]],
      ["s3", [`arn:aws:s3::${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap`, "arn:aws:s3:::media-eu"]],
      ["cross-account", ["arn:aws:iam::444455556666:role/edge-origin-reader"]],
    ];
    for (const [kind, arns] of cases) {
      const policy = originPolicy(kind, resolveOriginResources(kind, arns));
      const text = JSON.stringify(policy);
      expect(text, kind).not.toMatch(/\$\{/);
      for (const statement of policy.Statement) {
        expect(statement.Effect).toBe("Allow");
        for (const resource of [statement.Resource].flat()) expect(resource, kind).not.toBe("*");
        for (const action of [statement.Action].flat()) expect(action, kind).not.toMatch(/\*$/);
      }
    }
    expect(JSON.stringify(originPolicy("s3-kms", resolveOriginResources("s3-kms", cases[1]![1])))).toContain('"kms:ViaService":"s3.eu-west-1.amazonaws.com"');
    expect(originPolicy("apigw", resolveOriginResources("apigw", cases[3]![1])).Statement[0]!.Resource).toBe(
      `arn:aws:execute-api:eu-west-1:${ACCOUNT}:a1b2c3d4e5/*`,
    );
    expect(
      originPolicy("opensearch", resolveOriginResources("opensearch", [`arn:aws:es:eu-west-1:${ACCOUNT}:domain/search`])).Statement.map((s) => s.Sid),
    ).toEqual(["ReadAndSearchTheDomain"]);
  });

  it("trust both services, log only the function's own groups, and give the deployer what Lambda@Edge documents", () => {
    expect(trustAllowsEdge(trustPolicy())).toEqual({ lambda: true, edgelambda: true });
    expect(trustAllowsEdge(TRUST_DOC)).toEqual({ lambda: true, edgelambda: true });
    const logging = loggingPolicy({ accountId: ACCOUNT, functionName: "edge-sigv4" });
    expect(logging.Statement[0]!.Action).toEqual(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]);
    for (const resource of [logging.Statement[0]!.Resource].flat())
      expect(resource).toMatch(new RegExp(`^arn:aws:logs:[^:]+:${ACCOUNT}:log-group:/aws/lambda/(us-east-1\\.)?edge-sigv4(:\\*)?$`));

    const deployer = JSON.parse(readFileSync(join(iamDir, "deployer-policy.json"), "utf8")) as {
      Statement: Array<{ Action: string | string[]; Condition?: object }>;
    };
    const actions = deployerActions();
    for (const action of [
      "lambda:GetFunction",
      "lambda:CreateFunction",
      "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration",
      "lambda:PublishVersion",
      "lambda:EnableReplication*",
      "iam:PassRole",
      "iam:CreateServiceLinkedRole",
      "cloudfront:GetDistributionConfig",
      "cloudfront:UpdateDistribution",
      "cloudfront:GetDistribution",
    ]) {
      expect(actions).toContain(action);
    }
    const passRole = deployer.Statement.find((s) => s.Action === "iam:PassRole");
    expect(passRole?.Condition).toEqual({ StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } });
  });
});
