// Every failure ends as one line that says what went wrong and how to fix it. AWS error messages
// carry ARNs and request details, never credentials; they are still cut to one line and bounded.
import { explainCloudFront } from "./explain-cloudfront.ts";
import { DEFAULT_RUNTIME, MAX_ZIP_BYTES, REGION, TRUST_POLICY_FILE } from "./limits.ts";

/** A failure whose message is already the one line to print (with the fix). */
export class DeployError extends Error {
  readonly exitCode: number;
  constructor(message: string, { exitCode = 1, cause }: { exitCode?: number; cause?: unknown } = {}) {
    super(oneLine(message), cause === undefined ? undefined : { cause });
    this.name = "DeployError";
    this.exitCode = exitCode;
  }
}

/** A bad command line: exit code 2. */
export class UsageError extends DeployError {
  constructor(message: string) {
    super(message, { exitCode: 2 });
    this.name = "UsageError";
  }
}

export function oneLine(text: unknown): string {
  const line = String(text ?? "")
    .replace(/\s+/g, " ")
    .trim();
  return line.length > 400 ? `${line.slice(0, 397)}...` : line;
}

/** Which call failed: deploy steps attach it to the errors they let through. */
export type ErrorContext = { service?: string; operation?: string; distributionId?: string; keyGroup?: string };

/** What the explanation needs from any thrown value (an SDK ServiceException, a Node error, ...). */
export type ErrorFacts = { name: string; message: string; status?: number; code?: string; context: ErrorContext };

const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {});
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

export function errorFacts(error: unknown, context?: ErrorContext): ErrorFacts {
  const e = record(error);
  const status = record(e.$metadata).httpStatusCode;
  const code = text(e.code) ?? text(record(e.cause).code);
  return {
    name: text(e.name) ?? text(e.Code) ?? "Error",
    message: oneLine(e.message ?? ""),
    ...(typeof status === "number" ? { status } : {}),
    ...(code ? { code } : {}),
    context: context ?? (record(e.context) as ErrorContext),
  };
}

/** Does this error carry one of these names (SDK errors: `name`; some XML errors: `Code`)? */
export const hasName = (error: unknown, ...names: string[]): boolean => {
  const e = record(error);
  return names.includes(text(e.name) ?? "") || names.includes(text(e.Code) ?? "");
};

/** Attaches the failed call to an error (once: the innermost call wins). */
export function withContext(error: unknown, context: ErrorContext): unknown {
  if (error !== null && typeof error === "object" && !("context" in error)) Object.assign(error, { context });
  return error;
}

const DEPLOYER_POLICY = "iam/deployer-policy.json";

/** The IAM actions each call needs, for an AccessDenied that does not name the action. */
const PERMISSIONS: Record<string, string> = {
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
const NETWORK = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET"]);

/**
 * One line, with the fix, for an error thrown by a deploy step. `context` names the call that
 * failed ({ service: "lambda", operation: "CreateFunction", ... }); errors thrown through
 * `deploy()` carry it as `error.context`.
 */
export function explainError(error: unknown, context?: ErrorContext): string {
  if (error instanceof DeployError) return error.message;
  const facts = errorFacts(error, context);
  const { name, message, status } = facts;
  const action = facts.context.service && facts.context.operation ? `${facts.context.service}:${facts.context.operation}` : undefined;
  const where = action ? `${action} failed` : "failed";

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
      : ((action ? PERMISSIONS[action] : undefined) ?? action ?? "the permission for this call");
    return `AccessDenied${action ? ` on ${action}` : ""}: the deploying identity needs ${needed} (least-privilege policy: ${DEPLOYER_POLICY})`;
  }
  if (name === "InvalidParameterValueException" && /cannot be assumed|assume.*role|role.*assum/i.test(message)) {
    return `${where}: Lambda cannot assume the execution role: its trust policy must allow lambda.amazonaws.com and edgelambda.amazonaws.com (${TRUST_POLICY_FILE}: aws iam update-assume-role-policy --role-name ROLE --policy-document file://${TRUST_POLICY_FILE})`;
  }
  if (name === "InvalidParameterValueException" && /runtime/i.test(message) && /no longer supported|deprecated/i.test(message)) {
    return `${where}: Lambda no longer accepts this runtime for new or updated functions: pass --runtime ${DEFAULT_RUNTIME} (the default)`;
  }
  const cloudfront = explainCloudFront(facts, where);
  if (cloudfront) return cloudfront;
  if (
    name === "RequestEntityTooLargeException" ||
    status === 413 ||
    (/request must be smaller than|too large|exceeds the maximum|unzipped size must be smaller/i.test(message) && facts.context.service === "lambda")
  ) {
    return `${where}: the deployment package is too large: Lambda@Edge origin-request functions take at most ${MAX_ZIP_BYTES / 1024 / 1024} MB zipped; rebuild with \`npm run build\` (the bundle is a few KB) and check --zip`;
  }
  if (name === "CodeStorageExceededException") {
    return `${where}: the account's Lambda code storage is full: delete old versions of the function that no distribution uses (aws lambda delete-function --function-name NAME:VERSION --region ${REGION})`;
  }
  if (name === "ResourceConflictException") {
    return `${where}: the function is being changed by another update: wait until it finishes (aws lambda get-function --region ${REGION}) and run again`;
  }
  if (name === "ResourceNotFoundException" && facts.context.service === "lambda") {
    return `${where}: the function does not exist in ${REGION}: Lambda@Edge functions must be in ${REGION}; check --function-name`;
  }
  if (name === "NoSuchEntityException" || name === "NoSuchEntity") {
    return `${where}: the IAM role does not exist: check --role-arn, or create it with --create-role NAME`;
  }
  if (name === "TimeoutError" || name === "AbortError" || /waiter.*(timeout|timed out)|TIMEOUT/.test(message)) {
    return `${where}: timed out waiting: AWS may still complete it; check the console or run the command again`;
  }
  if (facts.code && NETWORK.has(facts.code)) {
    return `${where}: cannot reach the AWS endpoint (${facts.code}): check the network and --endpoint-url`;
  }
  return `${where}: ${name}${message ? `: ${message}` : ""}`;
}
