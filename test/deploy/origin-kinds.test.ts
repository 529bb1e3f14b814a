// The origin kinds added for Lambda Web Functions, Multi-Region Access Points and cross-account
// roles: which ARNs each takes, and whether the filled policy grants what a request to that origin
// is authorized against. The judge is IAM's own ARN matching (component by component, `*` within
// a component), applied to the resource ARNs AWS documents for those requests, and AWS's managed
// policy for web function endpoints: not the code that wrote the policy.
import { describe, expect, it } from "vitest";
import { type OriginKind, resolveOriginResources } from "../../deploy/origin-kinds.ts";
import { fillPolicy, originPolicy } from "../../deploy/policies.ts";
import { ACCOUNT } from "./harness.ts";

/** IAM resource matching: the six ARN components one by one; `*` any run of characters and `?` one, within a component. */
function iamMatches(pattern: string, arn: string): boolean {
  const split = (text: string) => {
    const parts = text.split(":");
    return [...parts.slice(0, 5), parts.slice(5).join(":")];
  };
  const [p, a] = [split(pattern), split(arn)];
  return p.every((component, i) => {
    const regex = component
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    return new RegExp(`^${regex}$`).test(a[i] ?? "");
  });
}

const resourcesOf = (kind: OriginKind, arns: string[]) => originPolicy(kind, resolveOriginResources(kind, arns)).Statement.flatMap((s) => [s.Resource].flat());
const allows = (kind: OriginKind, arns: string[], request: string) => resourcesOf(kind, arns).some((resource) => iamMatches(resource, request));
const refusal = (kind: string, arns: string[]): string => {
  try {
    resolveOriginResources(kind, arns);
  } catch (error) {
    expect((error as { exitCode?: number }).exitCode).toBe(2);
    expect((error as Error).message).not.toContain("\n");
    return (error as Error).message;
  }
  throw new Error(`${arns.join(" ")} was accepted`);
};

describe("deploy: Lambda Web Function endpoints (--origin-kind lambda-web)", () => {
  const endpoint = `arn:aws:lambda:us-west-2:${ACCOUNT}:web-function/my-function/endpoint/prod`;

  it("grants lambda:InvokeWebFunctionEndpoint on that endpoint only, within what AWS's managed policy covers", () => {
    const policy = originPolicy("lambda-web", resolveOriginResources("lambda-web", [endpoint]));
    expect(policy.Statement).toEqual([
      { Sid: "InvokeTheWebFunctionEndpoint", Effect: "Allow", Action: "lambda:InvokeWebFunctionEndpoint", Resource: endpoint },
    ]);
    // AWSLambdaInvokeWebFunctionEndpointAccess grants the same action on every endpoint.
    expect(iamMatches("arn:aws:lambda:*:*:web-function/*/endpoint/*", endpoint)).toBe(true);
    expect(allows("lambda-web", [endpoint], endpoint)).toBe(true);
    expect(allows("lambda-web", [endpoint], endpoint.replace("/prod", "/staging"))).toBe(false);
    expect(allows("lambda-web", [endpoint], endpoint.replace("my-function", "my-function2"))).toBe(false);
  });

  it("takes the web function alone as all of its endpoints, and refuses function URLs' functions and bad names", () => {
    const fn = `arn:aws:lambda:eu-west-1:${ACCOUNT}:web-function/app_2`;
    expect(resourcesOf("lambda-web", [fn])).toEqual([`${fn}/endpoint/*`]);
    expect(resourcesOf("lambda-web", [`${fn}/endpoint/*`])).toEqual([`${fn}/endpoint/*`]);
    expect(allows("lambda-web", [fn], `${fn}/endpoint/internal`)).toBe(true);
    expect(allows("lambda-web", [fn], `arn:aws:lambda:eu-west-1:${ACCOUNT}:web-function/app_3/endpoint/internal`)).toBe(false);
    for (const bad of [
      `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:app`,
      `arn:aws:lambda:eu-west-1:${ACCOUNT}:web-function/-app/endpoint/prod`,
      `arn:aws:lambda:eu-west-1:${ACCOUNT}:web-function/app/endpoint/prod_`,
      `arn:aws:lambda:eu-west-1:${ACCOUNT}:web-function/app/revision/1`,
      `arn:aws:lambda:eu-west-1:${ACCOUNT}:web-function/${"a".repeat(65)}`,
    ]) {
      expect(refusal("lambda-web", [bad])).toBe(
        `--resource-arn ${bad} is not an ARN for --origin-kind lambda-web (expected arn:aws:lambda:REGION:ACCOUNT:web-function/NAME/endpoint/ENDPOINT)`,
      );
    }
    expect(refusal("lambda-web", [endpoint, `${fn}/endpoint/x`])).toBe(
      "--origin-kind lambda-web takes one web function endpoint ARN; run the deploy once per origin policy",
    );
  });
});

describe("deploy: Multi-Region Access Points (--origin-kind s3)", () => {
  const mrap = `arn:aws:s3::${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap`;
  const buckets = ["arn:aws:s3:::media-eu", "arn:aws:s3:::media-us"];

  it("grants s3:GetObject on the access point's objects (no region in the ARN) and on the buckets behind it", () => {
    const resources = resourcesOf("s3", [mrap, ...buckets]);
    expect(resources).toEqual([`${mrap}/object/*`, "arn:aws:s3:::media-eu/*", "arn:aws:s3:::media-us/*"]);
    // The resource S3 authorizes a GetObject through the access point against, and the object in the bucket it routes to.
    expect(allows("s3", [mrap, ...buckets], `${mrap}/object/photos/2026/a b.jpg`)).toBe(true);
    expect(allows("s3", [mrap, ...buckets], "arn:aws:s3:::media-us/photos/2026/a b.jpg")).toBe(true);
    expect(allows("s3", [mrap, ...buckets], `arn:aws:s3::${ACCOUNT}:accesspoint/other.mrap/object/x`)).toBe(false);
    expect(allows("s3", [mrap, ...buckets], "arn:aws:s3:::media-ap/x")).toBe(false);
    expect(allows("s3", [mrap, ...buckets], `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap/object/x`)).toBe(false);
    expect(resourcesOf("s3", [`${mrap}/object/*`, buckets[0]!])[0]).toBe(`${mrap}/object/*`);
  });

  it("needs the buckets behind it, takes one access point, and keeps one bucket without one", () => {
    expect(refusal("s3", [mrap])).toBe(
      "--origin-kind s3 with a Multi-Region Access Point also needs the buckets behind it, each as --resource-arn arn:aws:s3:::BUCKET (S3 checks the request against the bucket it routes it to)",
    );
    expect(refusal("s3", [mrap, mrap.replace("mfzwi23gnjvgw", "abcdefgh"), buckets[0]!])).toBe(
      "--origin-kind s3 takes one Multi-Region Access Point ARN; run the deploy once per origin policy",
    );
    expect(refusal("s3", buckets)).toContain("--origin-kind s3 takes one bucket ARN (several only behind a Multi-Region Access Point)");
    const regional = `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap`;
    expect(refusal("s3", [regional, buckets[0]!])).toContain(`--resource-arn ${regional} is not an ARN for --origin-kind s3`);
    expect(refusal("s3-kms", [mrap, buckets[0]!])).toContain(`--resource-arn ${mrap} is not an ARN for --origin-kind s3-kms`);
  });
});

describe("deploy: cross-account roles (--origin-kind cross-account)", () => {
  const a = "arn:aws:iam::444455556666:role/edge-origin-reader";
  const b = "arn:aws:iam::777788889999:role/team/media-reader";

  it("grants sts:AssumeRole on exactly the roles given, in one statement, whatever their number", () => {
    const policy = originPolicy("cross-account", resolveOriginResources("cross-account", [a, b, a]));
    expect(policy.Statement).toEqual([{ Sid: "AssumeTheOriginAccountsRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: [a, b] }]);
    expect(allows("cross-account", [a, b], b)).toBe(true);
    expect(allows("cross-account", [a, b], `${a}2`)).toBe(false);
    expect(allows("cross-account", [a], "arn:aws:iam::444455556666:role/other")).toBe(false);
  });

  it("refuses what is not a role ARN, in one line with the form", () => {
    for (const bad of ["arn:aws:iam::444455556666:user/alice", "arn:aws:iam::4444:role/x", "edge-origin-reader", "arn:aws:iam::444455556666:role/has space"]) {
      expect(refusal("cross-account", [bad])).toBe(
        `--resource-arn ${bad} is not an ARN for --origin-kind cross-account (expected arn:aws:iam::ACCOUNT:role/NAME (repeatable))`,
      );
    }
    expect(refusal("cross-account", [])).toBe("--origin-kind cross-account needs --resource-arn arn:aws:iam::ACCOUNT:role/NAME (repeatable)");
  });
});

describe("deploy: list placeholders", () => {
  const ph = (name: string) => `\${${name}}`;

  it("replace an array element by their values, turn a string into an array, combine, and never fill from an empty list", () => {
    const template = { Statement: [{ Resource: [ph("A"), "fixed"], Action: `${ph("B")}:Get`, Both: `${ph("A")}/${ph("B")}`, One: ph("C") }] };
    expect(fillPolicy(template, { A: ["a1", "a2"], B: "s3", C: ["only"] }).Statement).toEqual([
      { Resource: ["a1", "a2", "fixed"], Action: "s3:Get", Both: ["a1/s3", "a2/s3"], One: "only" },
    ]);
    expect(fillPolicy({ Statement: [{ R: `${ph("A")}-${ph("B")}` }] }, { A: ["1", "2"], B: ["x", "y"] }).Statement).toEqual([
      { R: ["1-x", "1-y", "2-x", "2-y"] },
    ]);
    expect(() => fillPolicy(template, { A: [], B: "s3", C: "c" })).toThrow(`policy template placeholder ${ph("A")} has no value`);
  });
});
