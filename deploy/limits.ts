// What Lambda@Edge accepts for an origin-request function. Sources (Amazon CloudFront Developer
// Guide): "Restrictions on Lambda@Edge" (us-east-1 only, numbered version, no environment
// variables, execution role assumable by lambda.amazonaws.com and edgelambda.amazonaws.com,
// supported runtimes: Node.js 22 is the newest listed) and "Quotas on Lambda@Edge" (origin
// request/response events: 30 s timeout, memory as for Lambda, 50 MB compressed package; viewer
// events: 5 s, 128 MB, 1 MB).

export const REGION = "us-east-1";
export const HANDLER = "index.handler";
export const ARCHITECTURE = "x86_64";
export const EVENT_TYPE = "origin-request";

export const DEFAULT_RUNTIME = "nodejs22.x";
/** nodejs22.x is the newest Node.js runtime the CloudFront guide's runtime list names; nodejs24.x
 * is accepted for when CloudFront lists it ("Lambda@Edge supports the latest versions"). */
export const RUNTIMES: readonly string[] = ["nodejs22.x", "nodejs24.x"];
/** Runtimes Lambda no longer lets anyone create or update functions on, with the dates. */
export const RETIRED_RUNTIMES: Readonly<Record<string, string>> = {
  "nodejs20.x": "Lambda blocks creating functions on it since 2026-08-31 and updating them since 2026-09-30",
};

export const DEFAULT_MEMORY_MB = 128;
export const MIN_MEMORY_MB = 128;
export const MAX_MEMORY_MB = 10_240;
export const DEFAULT_TIMEOUT_S = 5;
export const MAX_TIMEOUT_S = 30;
export const MAX_ZIP_BYTES = 50 * 1024 * 1024;

export const DEFAULT_FUNCTION_NAME = "edge-sigv4";
export const LOGGING_POLICY_NAME = "edge-sigv4-logging";
export const originPolicyName = (kind: string): string => `edge-sigv4-origin-${kind}`;
/** The execution role's permission to assume the roles the build configuration's origins name. */
export const CONFIG_ROLES_POLICY_NAME = "edge-sigv4-config-origin-roles";

/** The execution role's trust policy template (both services may assume the role). */
export const TRUST_POLICY_FILE = "iam/execution-role/trust-policy.json";
export const TRUSTED_SERVICES: readonly string[] = ["lambda.amazonaws.com", "edgelambda.amazonaws.com"];

/** How long to keep retrying CreateFunction while a just-created role propagates through IAM. */
export const ROLE_PROPAGATION_ATTEMPTS = 10;
export const ROLE_PROPAGATION_DELAY_MS = 3_000;

/** CloudFront quotas for signed URLs ("Quotas" in the CloudFront Developer Guide). */
export const MAX_KEYS_PER_KEY_GROUP = 5;
