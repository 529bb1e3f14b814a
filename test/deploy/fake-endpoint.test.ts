// The deploy through the real SDK (serializers, signer, waiters) against a loopback fake of the
// Lambda and CloudFront endpoints (--endpoint-url), run the way a user runs it: npm run deploy.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startFakeAws } from "./fake-aws.ts";
import { ACCOUNT, FAKE_SECRET, npmDeploy, tempDir, ZIP } from "./harness.ts";

describe("deploy: through --endpoint-url", () => {
  it("sends every call, serialized and signed for us-east-1, to the given endpoint; stdout is the version ARN only", async () => {
    const fake = await startFakeAws();
    const home = tempDir();
    writeFileSync(join(home, "function.zip"), ZIP);
    try {
      const argv = ["--no-build", "--zip", join(home, "function.zip"), "--distribution-id", "E2EXAMPLE", "--wait", "--endpoint-url", fake.url];
      const { code, stdout, stderr } = await npmDeploy(argv, home);
      expect(stderr).not.toContain(FAKE_SECRET);
      expect(code, stderr).toBe(0);
      expect(stdout).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:edge-sigv4:3\n`);
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        "GET /2015-03-31/functions/edge-sigv4",
        "PUT /2015-03-31/functions/edge-sigv4/code",
        "GET /2015-03-31/functions/edge-sigv4",
        "POST /2015-03-31/functions/edge-sigv4/versions",
        "GET /2015-03-31/functions/edge-sigv4?Qualifier=3",
        "GET /2020-05-31/distribution/E2EXAMPLE/config",
        "PUT /2020-05-31/distribution/E2EXAMPLE/config",
        "GET /2020-05-31/distribution/E2EXAMPLE",
      ]);
      for (const request of fake.requests) {
        expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKEFAKE\/\d{8}\/us-east-1\/(lambda|cloudfront)\/aws4_request/);
      }
      const upload = JSON.parse(fake.requests[1]!.body) as { ZipFile: string; Architectures: string[] };
      expect(Buffer.from(upload.ZipFile, "base64").equals(Buffer.from(ZIP))).toBe(true);
      expect(upload.Architectures).toEqual(["x86_64"]);
      const update = fake.requests[6]!;
      expect(update.headers["if-match"]).toBe("E1");
      const associations = update.body.replace(/\s+/g, "");
      expect(associations).toContain(
        `<LambdaFunctionAssociations><Quantity>2</Quantity><Items><LambdaFunctionAssociation><LambdaFunctionARN>arn:aws:lambda:us-east-1:${ACCOUNT}:function:other-edge:4</LambdaFunctionARN><EventType>viewer-request</EventType><IncludeBody>false</IncludeBody></LambdaFunctionAssociation><LambdaFunctionAssociation><LambdaFunctionARN>arn:aws:lambda:us-east-1:${ACCOUNT}:function:edge-sigv4:3</LambdaFunctionARN><EventType>origin-request</EventType><IncludeBody>true</IncludeBody></LambdaFunctionAssociation></Items></LambdaFunctionAssociations>`,
      );
      expect(associations).toContain("<CallerReference>caller-1</CallerReference>");

      // stderr is the deploy's progress, one line per step, and nothing else: no Node or SDK
      // warning (the SDK warns below Node 22; npm scripts run the node package's Node 22).
      expect(stderr).not.toContain("NodeVersionSupportWarning");
      expect(stderr).not.toMatch(/\(node:\d+\)/);
      for (const line of stderr.trimEnd().split("\n")) expect(line).toMatch(/^(package|function|version|distribution): /);
    } finally {
      await fake.close();
    }
  });
});
