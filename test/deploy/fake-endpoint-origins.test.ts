// The new origin kinds through the real SDK against the loopback fake (--endpoint-url), run as a
// user runs them (npm run deploy): the IAM policy the deploy attaches is read from the wire, as
// IAM's query protocol carries it, signed for iam in us-east-1.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DISTRIBUTION_CONFIG_XML, startFakeAws } from "./fake-aws.ts";
import { ACCOUNT, FAKE_SECRET, npmDeploy, tempDir, ZIP } from "./harness.ts";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/edge-sigv4-role`;
const A = "arn:aws:iam::444455556666:role/edge-origin-reader";
const B = "arn:aws:iam::777788889999:role/team/media-reader";
const HEADER_ROLE = "arn:aws:iam::222233334444:role/header-named";
// The distribution's origin names a role with the custom header the function reads.
const WITH_HEADER = DISTRIBUTION_CONFIG_XML.replace(
  "<DomainName>abc.lambda-url.eu-west-1.on.aws</DomainName>",
  `<DomainName>abc.lambda-url.eu-west-1.on.aws</DomainName><CustomHeaders><Quantity>1</Quantity><Items><OriginCustomHeader><HeaderName>x-sigv4-role-arn</HeaderName><HeaderValue>${HEADER_ROLE}</HeaderValue></OriginCustomHeader></Items></CustomHeaders>`,
);

/** Deploys the existing function with these extra options against a fresh fake; returns what the fake received and the command printed. */
async function run(extra: string[], distributionConfig?: string) {
  const fake = await startFakeAws(undefined, distributionConfig);
  const home = tempDir();
  writeFileSync(join(home, "function.zip"), ZIP);
  try {
    const argv = ["--no-build", "--zip", join(home, "function.zip"), "--role-arn", ROLE, "--attach", ...extra, "--endpoint-url", fake.url];
    const result = await npmDeploy(argv, home);
    const iam = fake.requests.filter((r) => r.method === "POST" && r.path === "/").map((r) => ({ form: new URLSearchParams(r.body), headers: r.headers }));
    const put = iam.find(({ form }) => form.get("Action") === "PutRolePolicy")?.form;
    return { ...result, iam, put, document: JSON.parse(String(put?.get("PolicyDocument"))) as { Statement: Array<Record<string, unknown>> } };
  } finally {
    await fake.close();
  }
}

describe("deploy: new origin kinds through --endpoint-url", () => {
  it("cross-account, a Lambda Web Function endpoint and a Multi-Region Access Point: the attached policy as IAM receives it", async () => {
    const endpoint = "arn:aws:lambda:us-west-2:123456789012:web-function/my-function/endpoint/prod";
    const mrap = `arn:aws:s3::${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap`;
    const [cross, web, s3] = await Promise.all([
      run(["--origin-kind", "cross-account", "--resource-arn", A, "--resource-arn", B, "--distribution-id", "E2EXAMPLE"], WITH_HEADER),
      run(["--origin-kind", "lambda-web", "--resource-arn", endpoint]),
      run(["--origin-kind", "s3", "--resource-arn", mrap, "--resource-arn", "arn:aws:s3:::media-eu", "--resource-arn", "arn:aws:s3:::media-us"]),
    ]);
    for (const result of [cross, web, s3]) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain(FAKE_SECRET);
      expect(result.stdout).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:edge-sigv4:3\n`);
      expect(result.iam.map(({ form }) => form.get("Action"))).toEqual(["GetRole", "PutRolePolicy"]);
      for (const { headers } of result.iam) {
        expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKEFAKE\/\d{8}\/us-east-1\/iam\/aws4_request/);
      }
      expect(result.put?.get("RoleName")).toBe("edge-sigv4-role");
    }

    expect(cross.put?.get("PolicyName")).toBe("edge-sigv4-origin-cross-account");
    expect(cross.document.Statement).toEqual([{ Sid: "AssumeTheOriginAccountsRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: [A, B] }]);
    // Each role's trust policy, naming the execution role; and the header's role, which this deploy does not grant.
    for (const name of ["edge-origin-reader", "media-reader"]) expect(cross.stderr).toContain(`origin side: role ${name} in account`);
    expect(cross.stderr).toContain(`"AWS": "${ROLE}"`);
    expect(cross.stderr).toContain(
      `distribution: origin api assumes ${HEADER_ROLE} (custom header x-sigv4-role-arn): the execution role needs sts:AssumeRole on it`,
    );

    expect(web.put?.get("PolicyName")).toBe("edge-sigv4-origin-lambda-web");
    expect(web.document.Statement).toEqual([
      { Sid: "InvokeTheWebFunctionEndpoint", Effect: "Allow", Action: "lambda:InvokeWebFunctionEndpoint", Resource: endpoint },
    ]);
    expect(web.stderr).toContain(
      "aws lambda-web put-resource-policy --region us-west-2 --resource-arn arn:aws:lambda:us-west-2:123456789012:web-function/my-function --policy file://policy.json",
    );

    expect(s3.put?.get("PolicyName")).toBe("edge-sigv4-origin-s3");
    expect(s3.document.Statement[0]?.Resource).toEqual([`${mrap}/object/*`, "arn:aws:s3:::media-eu/*", "arn:aws:s3:::media-us/*"]);
  });
});
