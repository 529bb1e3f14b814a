/**
 * What the function needs to assume a role in an origin's account, and the checks for each value.
 * Each `...Problem` function returns undefined for a good value, or what is wrong and how to fix
 * it (the caller prefixes where the value came from: a configuration key, a header). Problems
 * never repeat the value itself.
 */

/** One role session: the role, its trust policy's external id, and how the session is named. */
export interface AssumeRoleParameters {
  readonly roleArn: string;
  /** The value of the role's trust policy `sts:ExternalId` condition, when it has one. */
  readonly externalId?: string;
  /** `RoleSessionName`: it appears in the origin account's CloudTrail as the assumed-role session. */
  readonly sessionName: string;
  readonly durationSeconds: number;
}

export const DEFAULT_SESSION_NAME = "edge-sigv4";
export const DEFAULT_DURATION_SECONDS = 3600;
export const MIN_DURATION_SECONDS = 900;
/**
 * STS accepts up to 43,200 s for a role whose MaxSessionDuration allows it, but only 3,600 s for
 * role chaining: a session assumed with credentials that are themselves a role session. The
 * function's own credentials are its execution role's session, so every AssumeRole it makes is
 * chained, and STS answers a longer DurationSeconds with a ValidationError.
 */
export const MAX_CHAINED_DURATION_SECONDS = 3600;
export const MAX_DURATION_SECONDS = 43_200;

// arn:<partition>:iam::<account>:role/<path/><name>; a path is "/" or "/a/b/" of printable ASCII.
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/(?:[!-~]*\/)?[\w+=,.@-]{1,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const ROLE_ARN_MAX_LENGTH = 2048;

export function roleArnProblem(value: unknown): string | undefined {
  if (typeof value === "string" && value.length <= ROLE_ARN_MAX_LENGTH && ROLE_ARN.test(value)) return undefined;
  return (
    'must be an IAM role ARN such as "arn:aws:iam::123456789012:role/edge-origin-reader": ' +
    "arn:<partition>:iam::<12-digit account id>:role/<optional /path/><name of 1-64 letters, digits or +=,.@_->"
  );
}

export function externalIdProblem(value: unknown): string | undefined {
  if (typeof value === "string" && EXTERNAL_ID.test(value)) return undefined;
  return (
    "must be 2 to 1224 characters of letters, digits or +=,.@:/_- (no spaces): " + "the exact value of the sts:ExternalId condition in the role's trust policy"
  );
}

export function sessionNameProblem(value: unknown): string | undefined {
  if (typeof value === "string" && SESSION_NAME.test(value)) return undefined;
  return `must be 2 to 64 characters of letters, digits or +=,.@_- (no spaces or slashes), such as "${DEFAULT_SESSION_NAME}"`;
}

export function durationSecondsProblem(value: unknown): string | undefined {
  if (!Number.isInteger(value) || (value as number) < MIN_DURATION_SECONDS || (value as number) > MAX_DURATION_SECONDS) {
    return `must be a whole number of seconds from ${MIN_DURATION_SECONDS} (15 minutes) to ${MAX_CHAINED_DURATION_SECONDS} (1 hour)`;
  }
  if ((value as number) > MAX_CHAINED_DURATION_SECONDS) {
    return (
      `must be at most ${MAX_CHAINED_DURATION_SECONDS} (1 hour): the function assumes the role with its execution role's ` +
      "credentials (role chaining), and STS refuses a longer session for a chained role whatever the role's maximum"
    );
  }
  return undefined;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * An STS endpoint override (local testing, a VPC endpoint): https, or http to a loopback address
 * only, since the answer carries secret keys. No user info, query or fragment.
 */
export function stsEndpointProblem(value: unknown): string | undefined {
  const problem = 'must be an https URL such as "https://sts.eu-west-1.amazonaws.com/" (http only to 127.0.0.1, localhost or [::1]), without query or fragment';
  if (typeof value !== "string" || !URL.canParse(value)) return problem;
  const url = new URL(value);
  const schemeOk = url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
  return schemeOk && !url.username && !url.password && !url.search && !url.hash && !value.includes("#") ? undefined : problem;
}
