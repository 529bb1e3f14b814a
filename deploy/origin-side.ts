// What the origin itself must allow, beyond the execution role's own policy: printed, filled,
// after the role step (and in the dry run). Cross-account roles are the origin-trust step's.
import { type OriginKind, type OriginResources, valuesOf } from "./origin-kinds.ts";
import { fillPolicy, readTemplate } from "./policies.ts";

const DIR = "iam/origin-side";

const one = (resources: OriginResources, name: string): string => valuesOf(resources, name).join(", ");

function s3Hints(kind: "s3" | "s3-kms", resources: OriginResources): string[] {
  const mrap = one(resources, "MrapArn");
  const buckets = one(resources, "BucketName");
  const lines = mrap
    ? [
        `origin side: same account, nothing more; another account: the Multi-Region Access Point's policy and the bucket policy of each bucket behind it (${buckets}) must allow the role: ${DIR}/s3-bucket-policy.json with Resource ${mrap}/object/* in the access point's, arn:aws:s3:::BUCKET/* in each bucket's`,
        `origin side: the access point's policy is set with aws s3control put-multi-region-access-point-policy --account-id ${one(resources, "MrapAccount")} --details file://details.json (its Name is the access point's name, not its alias ${one(resources, "MrapAlias")})`,
      ]
    : [
        `origin side: same account, nothing more unless the bucket policy denies; another account: add ${DIR}/s3-bucket-policy.json to the bucket policy of ${buckets} (Block Public Access can stay on)`,
      ];
  if (kind === "s3-kms") {
    lines.push(
      `origin side: add ${DIR}/kms-key-policy-statement.json to the key policy of ${one(resources, "KmsKeyArn")} unless the key policy already delegates to IAM in this account`,
    );
  }
  return lines;
}

function lambdaWebHints(resources: OriginResources, roleArn: string): string[] {
  const policy = fillPolicy(readTemplate("origin-side/lambda-web-resource-policy.json"), { ...resources, RoleArn: roleArn });
  return [
    `origin side: the endpoint's auth type must be IamAuth; same account, nothing more (the role's policy is enough); another account: the web function's resource policy must allow the role too (${DIR}/lambda-web-resource-policy.json, filled below): aws lambda-web put-resource-policy --region ${one(resources, "OriginRegion")} --resource-arn ${one(resources, "WebFunctionArn")} --policy file://policy.json (it replaces the whole policy: merge these statements with aws lambda-web get-resource-policy's first)`,
    ...JSON.stringify(policy, null, 2)
      .split("\n")
      .map((line) => `  ${line}`),
  ];
}

/** The lines to print for this origin kind (commands and templates, filled). */
export function originSideHints(kind: OriginKind, resources: OriginResources, roleArn = "ROLE_ARN"): string[] {
  switch (kind) {
    case "s3":
    case "s3-kms":
      return s3Hints(kind, resources);
    case "lambda-url": {
      const [region, functionArn] = [one(resources, "OriginRegion"), one(resources, "FunctionArn")];
      return [
        `origin side: the function URL must use auth type AWS_IAM; same account, nothing more; another account: allow the role on the function (${DIR}/lambda-url-resource-policy.json):`,
        `  aws lambda add-permission --region ${region} --function-name ${functionArn} --statement-id edge-sigv4-invoke-url --action lambda:InvokeFunctionUrl --function-url-auth-type AWS_IAM --principal ${roleArn}`,
        `  aws lambda add-permission --region ${region} --function-name ${functionArn} --statement-id edge-sigv4-invoke-via-url --action lambda:InvokeFunction --invoked-via-function-url --principal ${roleArn}`,
      ];
    }
    case "lambda-web":
      return lambdaWebHints(resources, roleArn);
    case "apigw":
      return [
        `origin side: set the methods' authorization to AWS_IAM; if the API has a resource policy or is in another account, add ${DIR}/apigw-resource-policy.json to it and redeploy the stage`,
      ];
    case "opensearch":
      return [
        ...(resources.DomainArn
          ? [
              `origin side: add ${DIR}/opensearch-domain-access-policy.json to the domain access policy of ${one(resources, "DomainArn")} (with fine-grained access control, also map the role to an OpenSearch role)`,
            ]
          : []),
        ...(resources.CollectionArn
          ? [
              `origin side: create a data access policy for the collection from ${DIR}/aoss-data-access-policy.json (aws opensearchserverless create-access-policy --type data --region ${one(resources, "OriginRegion")})`,
            ]
          : []),
      ];
    case "cross-account":
      // The roles' trust policies need the function's execution role: the origin-trust step prints them.
      return [];
  }
}
