// Every failure ends as one line that says what went wrong and how to fix it. AWS error messages
// carry ARNs and request details, never credentials; they are still cut to one line and bounded.
import { MAX_ZIP_BYTES, REGION } from "./limits.mjs";

/** A failure whose message is already the one line to print (with the fix). */
export class DeployError extends Error {
  constructor(message, { exitCode = 1, cause } = {}) {
    super(oneLine(message), cause ? { cause } : undefined);
    this.name = "DeployError";
    this.exitCode = exitCode;
  }
}

/** A bad command line: exit code 2. */
export class UsageError extends DeployError {
  constructor(message) {
    super(message, { exitCode: 2 });
    this.name = "UsageError";
  }
}

export function oneLine(text) {
  const line = String(text ?? "")
    .replace(/\s+/g, " ")
    .trim();
  return line.length > 400 ? `${line.slice(0, 397)}...` : line;
}

const DEPLOYER_POLICY = "iam/deployer-policy.json";
const TRUST_POLICY = "iam/execution-role/trust-policy.json";

/** The IAM actions each call needs, for an AccessDenied that does not name the action. */
const PERMISSIONS = {
  "lambda:GetFunction": "lambda:GetFunction",
  "lambda:CreateFunction": "lambda:CreateFunction and iam:PassRole on the execution role",
  "lambda:UpdateFunctionCode": "lambda:UpdateFunctionCode",
  "lambda:UpdateFunctionConfiguration": "lambda:UpdateFunctionConfiguration (and iam:PassRole when the role changes)",
  "lambda:PublishVersion": "lambda:PublishVersion",
  "iam:GetRole": "iam:GetRole",
  "iam:CreateRole": "iam:CreateRole",
  "iam:PutRolePolicy": "iam:PutRolePolicy",
  "cloudfront:GetDistributionConfig": "cloudfront:GetDistributionConfig",
  "cloudfront:GetDistribution": "cloudfront:GetDistribution",
  "cloudfront:UpdateDistribution":
    "cloudfront:UpdateDistribution, plus lambda:GetFunction and lambda:EnableReplication* on the function and, the first time, iam:CreateServiceLinkedRole",
};

const ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess", "AuthorizationError"]);
const BAD_CREDENTIALS = new Set([
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "InvalidSignatureException",
  "IncompleteSignature",
]);
const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"]);

/**
 * One line, with the fix, for an error thrown by a deploy step. `context` names the call that
 * failed ({ service: "lambda", operation: "CreateFunction", ... }); errors thrown through
 * `deploy()` carry it as `error.context`.
 */
export function explainError(error, context = error?.context ?? {}) {
  if (error instanceof DeployError) return error.message;
  const name = String(error?.name ?? error?.Code ?? "Error");
  const message = oneLine(error?.message ?? "");
  const action = context.service && context.operation ? `${context.service}:${context.operation}` : undefined;
  const where = action ? `${action} failed` : "failed";
  const status = error?.$metadata?.httpStatusCode;

  if (name === "CredentialsProviderError" || /could not load credentials|no credentials|credential.*not found/i.test(message)) {
    return "no AWS credentials found: pass --profile NAME (run `aws sso login --profile NAME` for SSO), or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; --dry-run needs none";
  }
  if (EXPIRED.has(name) || /token.*expired|expired.*token/i.test(message)) {
    return `${where}: the AWS credentials have expired: refresh them (\`aws sso login --profile NAME\`, or new keys) and run again`;
  }
  if (BAD_CREDENTIALS.has(name)) {
    return `${where}: ${name}: the AWS credentials are not valid for this endpoint: check --profile, the AWS_* variables and --endpoint-url`;
  }
  if (ACCESS_DENIED.has(name) || (status === 403 && /not authorized|access denied/i.test(message))) {
    const named = /not authorized to perform:?\s*([\w-]+:[\w*-]+)(?:\s+on resource:?\s*(\S+))?/i.exec(message);
    const needed = named
      ? `${named[1]}${named[2] ? ` on ${named[2].replace(/[.,;]+$/, "")}` : ""}`
      : (PERMISSIONS[action] ?? action ?? "the permission for this call");
    return `AccessDenied${action ? ` on ${action}` : ""}: the deploying identity needs ${needed} (least-privilege policy: ${DEPLOYER_POLICY})`;
  }
  if (name === "InvalidParameterValueException" && /cannot be assumed|assume.*role|role.*assum/i.test(message)) {
    return `${where}: Lambda cannot assume the execution role: its trust policy must allow lambda.amazonaws.com and edgelambda.amazonaws.com (${TRUST_POLICY}: aws iam update-assume-role-policy --role-name ROLE --policy-document file://${TRUST_POLICY})`;
  }
  if (name === "InvalidLambdaFunctionAssociation" || (name === "InvalidArgument" && /lambda/i.test(message))) {
    return explainAssociation(message);
  }
  if (
    name === "RequestEntityTooLargeException" ||
    status === 413 ||
    (/request must be smaller than|too large|exceeds the maximum|unzipped size must be smaller/i.test(message) && context.service === "lambda")
  ) {
    return `${where}: the deployment package is too large: Lambda@Edge origin-request functions take at most ${MAX_ZIP_BYTES / 1024 / 1024} MB zipped; rebuild with \`npm run build\` (the bundle is a few KB) and check --zip`;
  }
  if (name === "CodeStorageExceededException") {
    return `${where}: the account's Lambda code storage is full: delete old versions of the function that no distribution uses (aws lambda delete-function --function-name NAME:VERSION --region ${REGION})`;
  }
  if (name === "ResourceConflictException") {
    return `${where}: the function is being changed by another update: wait until it finishes (aws lambda get-function --region ${REGION}) and run again`;
  }
  if (name === "ResourceNotFoundException" && context.service === "lambda") {
    return `${where}: the function does not exist in ${REGION}: Lambda@Edge functions must be in ${REGION}; check --function-name`;
  }
  if (name === "NoSuchDistribution") {
    const id = context.distributionId ? `${context.distributionId} ` : "";
    return `${where}: distribution ${id}does not exist in this account: check --distribution-id (aws cloudfront list-distributions)`;
  }
  if (name === "PreconditionFailed" || name === "InvalidIfMatchVersion") {
    return `${where}: the distribution changed while it was being updated (ETag conflict): another deployment or a console edit is in progress; wait for it and run again`;
  }
  if (name === "NoSuchEntityException" || name === "NoSuchEntity") {
    return `${where}: the IAM role does not exist: check --role-arn, or create it with --create-role NAME`;
  }
  if (name === "TimeoutError" || name === "AbortError" || /waiter.*(timeout|timed out)|TIMEOUT/.test(message)) {
    return `${where}: timed out waiting: AWS may still complete it; check the console or run the command again`;
  }
  const code = error?.code ?? error?.cause?.code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ECONNRESET") {
    return `${where}: cannot reach the AWS endpoint (${code}): check the network and --endpoint-url`;
  }
  return `${where}: ${name}${message ? `: ${message}` : ""}`;
}

function explainAssociation(message) {
  const prefix = "CloudFront rejected the function association";
  if (/edgelambda|assum/i.test(message)) {
    return `${prefix}: the execution role must be assumable by edgelambda.amazonaws.com as well as lambda.amazonaws.com: aws iam update-assume-role-policy --role-name ROLE --policy-document file://${TRUST_POLICY}`;
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
