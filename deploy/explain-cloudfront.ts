// One-line explanations, with the fix, for what CloudFront answers to the deploy's calls: the
// function association and the distribution update.
import type { ErrorFacts } from "./errors.ts";
import { MAX_ZIP_BYTES, REGION, TRUST_POLICY_FILE } from "./limits.ts";

export function explainCloudFront({ name, message, context }: ErrorFacts, where: string): string | undefined {
  switch (name) {
    case "InvalidLambdaFunctionAssociation":
      return explainAssociation(message);
    case "InvalidArgument":
      if (/lambda/i.test(message)) return explainAssociation(message);
      return undefined;
    case "NoSuchDistribution": {
      const id = context.distributionId ? `${context.distributionId} ` : "";
      return `${where}: distribution ${id}does not exist in this account: check --distribution-id (aws cloudfront list-distributions)`;
    }
    case "PreconditionFailed":
    case "InvalidIfMatchVersion":
      return `${where}: the distribution changed while it was being updated (ETag conflict): another deployment or a console edit is in progress; wait for it and run again`;
    default:
      return undefined;
  }
}

function explainAssociation(message: string): string {
  const prefix = "CloudFront rejected the function association";
  if (/edgelambda|assum/i.test(message)) {
    return `${prefix}: the execution role must be assumable by edgelambda.amazonaws.com as well as lambda.amazonaws.com: aws iam update-assume-role-policy --role-name ROLE --policy-document file://${TRUST_POLICY_FILE}`;
  }
  if (/region/i.test(message)) {
    return `${prefix}: the function must be in ${REGION}: deploy it there (this script always does) and pass its ${REGION} name to --function-name`;
  }
  if (/runtime/i.test(message)) {
    return `${prefix}: Lambda@Edge does not support the function's runtime: pass --runtime nodejs22.x`;
  }
  if (/environment/i.test(message)) {
    return `${prefix}: Lambda@Edge functions cannot have environment variables: remove them (this script clears them on update; configure with edge-sigv4.config.json instead)`;
  }
  if (/version|\$LATEST|qualif/i.test(message)) {
    return `${prefix}: it needs a numbered version ARN (not $LATEST or an alias): use the ARN this script prints`;
  }
  if (/timeout/i.test(message)) {
    return `${prefix}: the timeout is over the origin-request limit: pass --timeout 30 or less`;
  }
  if (/memory/i.test(message)) {
    return `${prefix}: the memory size is over the limit: pass a smaller --memory`;
  }
  if (/size|large/i.test(message)) {
    return `${prefix}: the function package is over Lambda@Edge's limit (${MAX_ZIP_BYTES / 1024 / 1024} MB zipped for origin events): rebuild with \`npm run build\``;
  }
  return `${prefix}: ${message}`;
}
