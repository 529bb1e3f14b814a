// What the origin itself must allow, beyond the execution role's own policy: printed, filled,
// after the role step (and in the dry run).
import type { OriginKind, OriginResources } from "./policies.ts";

const DIR = "iam/origin-side";

/** The lines to print for this origin kind (commands and templates, filled). */
export function originSideHints(kind: OriginKind, resources: OriginResources, roleArn = "ROLE_ARN"): string[] {
  switch (kind) {
    case "s3":
    case "s3-kms": {
      const lines = [
        `origin side: same account, nothing more unless the bucket policy denies; another account: add ${DIR}/s3-bucket-policy.json to the bucket policy of ${resources.BucketName} (Block Public Access can stay on)`,
      ];
      if (kind === "s3-kms") {
        lines.push(
          `origin side: add ${DIR}/kms-key-policy-statement.json to the key policy of ${resources.KmsKeyArn} unless the key policy already delegates to IAM in this account`,
        );
      }
      return lines;
    }
    case "lambda-url":
      return [
        `origin side: the function URL must use auth type AWS_IAM; same account, nothing more; another account: allow the role on the function (${DIR}/lambda-url-resource-policy.json):`,
        `  aws lambda add-permission --region ${resources.OriginRegion} --function-name ${resources.FunctionArn} --statement-id edge-sigv4-invoke-url --action lambda:InvokeFunctionUrl --function-url-auth-type AWS_IAM --principal ${roleArn}`,
        `  aws lambda add-permission --region ${resources.OriginRegion} --function-name ${resources.FunctionArn} --statement-id edge-sigv4-invoke-via-url --action lambda:InvokeFunction --invoked-via-function-url --principal ${roleArn}`,
      ];
    case "apigw":
      return [
        `origin side: set the methods' authorization to AWS_IAM; if the API has a resource policy or is in another account, add ${DIR}/apigw-resource-policy.json to it and redeploy the stage`,
      ];
    case "opensearch":
      return [
        ...(resources.DomainArn
          ? [
              `origin side: add ${DIR}/opensearch-domain-access-policy.json to the domain access policy of ${resources.DomainArn} (with fine-grained access control, also map the role to an OpenSearch role)`,
            ]
          : []),
        ...(resources.CollectionArn
          ? [
              `origin side: create a data access policy for the collection from ${DIR}/aoss-data-access-policy.json (aws opensearchserverless create-access-policy --type data --region ${resources.OriginRegion})`,
            ]
          : []),
      ];
  }
}
