// A local stand-in for the Lambda (REST-JSON) and CloudFront (REST-XML) endpoints the deploy
// calls when the function already exists, and for IAM's GetRole and PutRolePolicy (query
// protocol: a form-encoded POST /), for `--endpoint-url`: the SDK's real serializers and signer
// run, and every request is recorded. The distribution keeps the last config written, and
// public keys and key groups live in memory (fake-key-groups.ts), so a second deploy sees what the
// first one did. Loopback only, port 0; closed by the test.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { answerKeyRoute, type KeyState } from "./fake-key-groups.ts";

export type Recorded = { method: string; path: string; headers: IncomingHttpHeaders; body: string };

const ACCOUNT = "111122223333";
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:edge-sigv4`;
const XMLNS = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

const configuration = (version = "$LATEST") => ({
  FunctionName: "edge-sigv4",
  FunctionArn: version === "$LATEST" ? FUNCTION_ARN : `${FUNCTION_ARN}:${version}`,
  Version: version,
  Runtime: "nodejs22.x",
  Handler: "index.handler",
  MemorySize: 128,
  Timeout: 5,
  Role: `arn:aws:iam::${ACCOUNT}:role/edge-sigv4-role`,
  PackageType: "Zip",
  State: "Active",
  LastUpdateStatus: "Successful",
  CodeSha256: "c2hhLWZha2U=",
});

export const DISTRIBUTION_CONFIG_XML = `<?xml version="1.0" encoding="UTF-8"?>
<DistributionConfig xmlns="${XMLNS}">
  <CallerReference>caller-1</CallerReference>
  <Comment>app</Comment>
  <Enabled>true</Enabled>
  <Origins><Quantity>1</Quantity><Items><Origin><Id>api</Id><DomainName>abc.lambda-url.eu-west-1.on.aws</DomainName></Origin></Items></Origins>
  <DefaultCacheBehavior>
    <TargetOriginId>api</TargetOriginId>
    <ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>
    <LambdaFunctionAssociations><Quantity>1</Quantity><Items>
      <LambdaFunctionAssociation><LambdaFunctionARN>arn:aws:lambda:us-east-1:${ACCOUNT}:function:other-edge:4</LambdaFunctionARN><EventType>viewer-request</EventType><IncludeBody>false</IncludeBody></LambdaFunctionAssociation>
    </Items></LambdaFunctionAssociations>
  </DefaultCacheBehavior>
</DistributionConfig>`;

const distributionXml = (status: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Distribution xmlns="${XMLNS}"><Id>E2EXAMPLE</Id><ARN>arn:aws:cloudfront::${ACCOUNT}:distribution/E2EXAMPLE</ARN><Status>${status}</Status><DomainName>d111111abcdef8.cloudfront.net</DomainName></Distribution>`;

const IAM_XMLNS = "https://iam.amazonaws.com/doc/2010-05-08/";
const TRUST = encodeURIComponent(
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] }, Action: "sts:AssumeRole" }],
  }),
);

/** IAM's query protocol: the action and its parameters in a form-encoded body; XML answers. Every role exists and trusts both services. */
function answerIam(body: string): { status: number; xml: string } {
  const form = new URLSearchParams(body);
  const action = form.get("Action");
  const metadata = "<ResponseMetadata><RequestId>fake-iam</RequestId></ResponseMetadata>";
  if (action === "GetRole") {
    const name = String(form.get("RoleName"));
    const role = `<Role><Path>/</Path><RoleName>${name}</RoleName><RoleId>AROAFAKEFAKEFAKE</RoleId><Arn>arn:aws:iam::${ACCOUNT}:role/${name}</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>${TRUST}</AssumeRolePolicyDocument></Role>`;
    return { status: 200, xml: `<GetRoleResponse xmlns="${IAM_XMLNS}"><GetRoleResult>${role}</GetRoleResult>${metadata}</GetRoleResponse>` };
  }
  if (action === "PutRolePolicy") return { status: 200, xml: `<PutRolePolicyResponse xmlns="${IAM_XMLNS}">${metadata}</PutRolePolicyResponse>` };
  return {
    status: 400,
    xml: `<ErrorResponse xmlns="${IAM_XMLNS}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>fake IAM does not know ${action}</Message></Error>${metadata}</ErrorResponse>`,
  };
}

export type FakeAws = { url: string; requests: Recorded[]; keys: KeyState; close: () => Promise<void> };

/** `distributionConfig`: the XML GetDistributionConfig answers first (DISTRIBUTION_CONFIG_XML unless given). */
export async function startFakeAws(keys: KeyState = { publicKeys: [], keyGroups: [] }, distributionConfig = DISTRIBUTION_CONFIG_XML): Promise<FakeAws> {
  const requests: Recorded[] = [];
  const distribution = { config: distributionConfig, etag: "E1" };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: req.method ?? "", path: url.pathname + url.search, headers: req.headers, body });
      const json = (status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      const xml = (status: number, value: string, etag?: string) => res.writeHead(status, { "content-type": "text/xml", ...(etag ? { etag } : {}) }).end(value);
      const route = `${req.method} ${url.pathname}`;
      if (route === "GET /2015-03-31/functions/edge-sigv4") {
        const qualifier = url.searchParams.get("Qualifier") ?? "$LATEST";
        return json(200, { Configuration: configuration(qualifier), Code: { RepositoryType: "S3" } });
      }
      if (route === "PUT /2015-03-31/functions/edge-sigv4/code") return json(200, { ...configuration(), LastUpdateStatus: "InProgress" });
      if (route === "POST /2015-03-31/functions/edge-sigv4/versions") return json(201, configuration("3"));
      if (route === "GET /2020-05-31/distribution/E2EXAMPLE/config") return xml(200, distribution.config, distribution.etag);
      if (route === "PUT /2020-05-31/distribution/E2EXAMPLE/config") {
        distribution.config = body;
        distribution.etag = `E${Number(distribution.etag.slice(1)) + 1}`;
        return xml(200, distributionXml("InProgress"), distribution.etag);
      }
      if (route === "GET /2020-05-31/distribution/E2EXAMPLE") return xml(200, distributionXml("Deployed"), "E2");
      if (route === "POST /") {
        const answer = answerIam(body);
        return xml(answer.status, answer.xml);
      }
      const answer = answerKeyRoute(keys, req.method ?? "", url.pathname, req.headers, body);
      if (answer) return xml(answer.status, answer.xml, answer.etag);
      return json(400, { message: `fake AWS does not know ${route}` });
    });
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    keys,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
