// The checks of the Credential scope and the request time against what the origin knows: the
// signing protocol it requires, the date of x-amz-date, its region (by the scheme's rule), its
// service, the `aws4_request` terminator and its clock.
import { type Finding, finding, malformedAuthorization } from "./findings.ts";
import type { CredentialScope, SignatureScheme } from "./signature-scheme.ts";
import type { SignedRequest } from "./signed-request.ts";

export const MAX_SKEW_MS = 15 * 60 * 1000;

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** x-amz-date (`yyyymmddThhmmssZ`) in ms since the epoch; undefined when absent or malformed. */
export function amzDateToMs(value: string | undefined): number | undefined {
  const m = value === undefined ? null : AMZ_DATE.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms;
}

/** The protocol the origin requires, when it requires one (S3 answers a SigV4 request to a Multi-Region Access Point so). */
export function checkAlgorithm(scheme: SignatureScheme, required: SignatureScheme | undefined): Finding[] {
  if (required === undefined || scheme === required) return [];
  return [
    finding(
      "InvalidRequest",
      400,
      `The authorization mechanism you have provided is not supported. Please use ${required.algorithm}.`,
      `signed with ${scheme.algorithm}; this origin requires ${required.algorithm} (${required.name})`,
    ),
  ];
}

export interface RequestTime {
  /** x-amz-date as sent. */
  readonly amzDate: string;
  readonly signedAt: number;
}

/** Date, region, service, terminator and clock skew, every problem found. */
export function checkScope(
  scheme: SignatureScheme,
  scope: CredentialScope,
  request: SignedRequest,
  { amzDate, signedAt }: RequestTime,
  expected: { readonly service: string; readonly region: string; readonly now: Date },
): Finding[] {
  const findings: Finding[] = [];
  if (scope.date !== amzDate.slice(0, 8)) {
    findings.push(
      malformedAuthorization(
        "Invalid credential date. Date is not the same as X-Amz-Date.",
        `credential date ${scope.date} is not the date of x-amz-date ${amzDate}`,
      ),
    );
  }
  findings.push(...scheme.checkRegion(scope, request, expected.region));
  if (scope.service !== expected.service) {
    findings.push(
      malformedAuthorization(
        `incorrect service "${scope.service}". This endpoint belongs to "${expected.service}".`,
        `credential scope service '${scope.service}' is wrong; expecting '${expected.service}'`,
      ),
    );
  }
  if (scope.terminator !== "aws4_request") {
    findings.push(
      malformedAuthorization(`incorrect terminal "${scope.terminator}". This endpoint uses "aws4_request".`, `credential scope ends with ${scope.terminator}`),
    );
  }
  const now = expected.now.getTime();
  if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    findings.push(
      finding(
        "RequestTimeTooSkewed",
        403,
        "The difference between the request time and the current time is too large.",
        `x-amz-date ${amzDate} is more than 15 minutes from the origin's clock`,
        { RequestTime: amzDate, ServerTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"), MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS) },
      ),
    );
  }
  return findings;
}
