/**
 * Why an AssumeRole call failed. `reason` (also the message) is safe to log and to show: it names
 * the role, the STS error code or the kind of failure, never a key, token or signature. `cause`
 * holds the underlying error where there is one (a network error, an abort, a parse error),
 * never the request or STS's raw answer.
 */
export type AssumeRoleFailure = "refused" | "timeout" | "network" | "malformed-response";

interface AssumeRoleErrorDetails {
  readonly roleArn: string;
  readonly code: string;
  readonly reason: string;
  readonly httpStatus?: number;
  readonly cause?: unknown;
}

export class AssumeRoleError extends Error {
  readonly failure: AssumeRoleFailure;
  readonly roleArn: string;
  /** STS's error code (`AccessDenied`, `RegionDisabledException`, ...) or `Timeout`, `NetworkError`, `MalformedResponse`. */
  readonly code: string;
  readonly reason: string;
  readonly httpStatus: number | undefined;

  constructor(failure: AssumeRoleFailure, details: AssumeRoleErrorDetails) {
    super(details.reason, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "AssumeRoleError";
    this.failure = failure;
    this.roleArn = details.roleArn;
    this.code = details.code;
    this.reason = details.reason;
    this.httpStatus = details.httpStatus;
  }
}

/** STS answered with its error document (`<ErrorResponse><Error>...`). */
export class StsRefusedError extends AssumeRoleError {
  /** `Sender` or `Receiver`, as STS says. */
  readonly stsType: string | undefined;

  constructor(roleArn: string, httpStatus: number, code: string, stsType: string | undefined, safeMessage: string) {
    const said = safeMessage ? `: ${safeMessage}` : "";
    super("refused", { roleArn, code, httpStatus, reason: `STS refused AssumeRole of ${roleArn} with ${code} (HTTP ${httpStatus})${said}` });
    this.name = "StsRefusedError";
    this.stsType = stsType;
  }
}

export class StsTimeoutError extends AssumeRoleError {
  readonly timeoutMs: number;

  constructor(roleArn: string, timeoutMs: number, cause: unknown) {
    super("timeout", { roleArn, code: "Timeout", cause, reason: `STS did not answer AssumeRole of ${roleArn} within ${timeoutMs} ms` });
    this.name = "StsTimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

export class StsNetworkError extends AssumeRoleError {
  constructor(roleArn: string, endpointHost: string, cause: unknown) {
    const detail = describeNetworkCause(cause);
    super("network", { roleArn, code: "NetworkError", cause, reason: `cannot reach STS at ${endpointHost} for AssumeRole of ${roleArn}${detail}` });
    this.name = "StsNetworkError";
  }
}

export class StsMalformedResponseError extends AssumeRoleError {
  constructor(roleArn: string, httpStatus: number, problem: string, cause?: unknown) {
    super("malformed-response", {
      roleArn,
      code: "MalformedResponse",
      httpStatus,
      cause,
      reason: `STS's answer to AssumeRole of ${roleArn} is not usable (HTTP ${httpStatus}): ${problem}`,
    });
    this.name = "StsMalformedResponseError";
  }
}

/** `fetch failed` says nothing; the system error code under it (ECONNREFUSED, ENOTFOUND, ...) does. */
function describeNetworkCause(cause: unknown): string {
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  const code = (inner as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && /^[A-Z_]+$/.test(code) ? ` (${code})` : "";
}
