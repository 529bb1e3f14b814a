import type { CloudFrontHeaders, CloudFrontRequest } from "aws-lambda";
import { setHeader } from "./headers.ts";
import type { SigningPlan } from "./request-to-sign.ts";
import type { TargetSignature } from "./sign-for-target.ts";
import { CONFIG_HEADER_PREFIX, type SigningTarget } from "./signing-target.ts";

/** Removes the x-sigv4-* configuration headers from the origin, so they never reach it. */
export function removeConfigHeaders(request: CloudFrontRequest): void {
  const origin = request.origin?.s3 ?? request.origin?.custom;
  const customHeaders: CloudFrontHeaders | undefined = origin?.customHeaders;
  if (!customHeaders) return;
  for (const name of Object.keys(customHeaders)) {
    if (name.startsWith(CONFIG_HEADER_PREFIX)) delete customHeaders[name];
  }
}

/**
 * Writes the signature into the event's request (which the handler returns). Only headers that
 * are neither read-only nor disallowed are touched; X-Amz-Cf-Id is signed but never written:
 * CloudFront adds it.
 */
export function writeSignedRequest(request: CloudFrontRequest, plan: SigningPlan, signed: TargetSignature, target: SigningTarget): CloudFrontRequest {
  const headers = request.headers;
  for (const name of plan.removeHeaders) delete headers[name];
  setHeader(headers, "Host", target.host);
  setHeader(headers, "X-Amz-Date", signed.amzDate);
  setHeader(headers, "X-Amz-Content-Sha256", plan.payload.hash);
  if (signed.securityToken !== undefined) setHeader(headers, "X-Amz-Security-Token", signed.securityToken);
  if (signed.regionSet !== undefined) setHeader(headers, "X-Amz-Region-Set", signed.regionSet);
  setHeader(headers, "Authorization", signed.authorization);
  request.uri = plan.uri;
  request.querystring = plan.querystring;
  const origin = request.origin?.s3 ?? request.origin?.custom;
  if (origin && plan.originPath !== (origin.path ?? "")) origin.path = plan.originPath;
  removeConfigHeaders(request);
  return request;
}
