// What differs from one AWS service to another when it checks a SigV4 request.
import type { PathRules } from "./canonical-request.ts";

export interface ServiceRules {
  readonly pathRules: PathRules;
  /**
   * Where the canonical request's payload line comes from: S3 takes x-amz-content-sha256 (then
   * checks it against the body); other services hash the body they received, whatever the header says.
   */
  readonly payloadLine: "header" | "body";
  /** Refuses a request without x-amz-content-sha256 (S3, OpenSearch Serverless). */
  readonly requiresContentSha256: boolean;
  /** Accepts `UNSIGNED-PAYLOAD` (S3 only: Lambda function URLs and the others do not). */
  readonly acceptsUnsignedPayload: boolean;
  /** Refuses any x-amz-* header that is not signed (S3's HeadersNotSigned). */
  readonly refusesUnsignedAmzHeaders: boolean;
  /** Refuses raw `[` and `]` in the query (Lambda function URLs). */
  readonly refusesRawBrackets: boolean;
  /** Answers with S3's codes where services differ (AccessDenied rather than MissingAuthenticationToken). */
  readonly s3Codes: boolean;
}

const S3_FAMILY = new Set(["s3", "s3-object-lambda"]);

export function serviceRules(service: string): ServiceRules {
  const s3 = S3_FAMILY.has(service);
  return {
    pathRules: s3 ? "s3" : "standard",
    payloadLine: s3 ? "header" : "body",
    requiresContentSha256: s3 || service === "aoss",
    acceptsUnsignedPayload: s3,
    refusesUnsignedAmzHeaders: s3,
    refusesRawBrackets: service === "lambda",
    s3Codes: s3,
  };
}
