import type { CloudFrontRequest, CloudFrontResultResponse } from "aws-lambda";
import type { Config } from "./config.ts";
import type { Credentials } from "./credentials.ts";
import { EdgeError } from "./errors.ts";
import { peekRequestId, readOriginRequest } from "./event.ts";
import { generatedResponse } from "./generated-response.ts";
import type { Logger } from "./log.ts";
import { redactCanonicalRequest } from "./redact-canonical-request.ts";
import { MAX_REQUEST_HEAD_BYTES, requestHeadBytes } from "./request-head-bytes.ts";
import { buildRequestToSign } from "./request-to-sign.ts";
import { roleCredentials, type StsAccess } from "./role-credentials.ts";
import { signForTarget } from "./sign-for-target.ts";
import { resolveSigningTarget } from "./signing-target.ts";
import { removeConfigHeaders, writeSignedRequest } from "./write-back.ts";

export interface Context {
  readonly config: Config;
  readonly credentials: Credentials | undefined;
  readonly now: Date;
  readonly log: Logger;
  /** For origins in other accounts (a role to assume); without it such an origin is a 500. */
  readonly sts?: StsAccess;
}

export type OriginRequestResult = CloudFrontRequest | CloudFrontResultResponse;

/**
 * event → signing target → request to sign → signature → headers written back.
 * Never throws: anything that cannot be signed becomes a generated response and one log line.
 */
export async function handleOriginRequest(event: unknown, context: Context): Promise<OriginRequestResult> {
  const { config, credentials, now, log } = context;
  let requestId = peekRequestId(event);
  try {
    const originRequest = readOriginRequest(event);
    requestId = originRequest.requestId;
    const { request } = originRequest;
    const resolution = resolveSigningTarget(request.origin!, config);
    if (resolution.kind === "forward") {
      removeConfigHeaders(request);
      log.debug({ msg: "forwarded unsigned", requestId, outcome: "forwarded", reason: resolution.reason });
      return request;
    }
    const { target } = resolution;
    if (!credentials) {
      throw new EdgeError(500, "no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): refusing to forward unsigned");
    }
    const plan = buildRequestToSign(request, requestId, target, config);
    const signer = target.role ? await roleCredentials(target.role, target.domainName, credentials, context.sts, now) : credentials;
    const explain = target.debug || log.enabled("debug");
    const signed = await signForTarget(plan.toSign, target, signer, now, explain);
    writeSignedRequest(request, plan, signed, target);
    const headBytes = requestHeadBytes(request, requestId);
    if (headBytes > MAX_REQUEST_HEAD_BYTES) {
      // CloudFront would refuse it with an opaque 502; say which limit, how much the signature took, and what to trim.
      const token = signed.securityToken?.length ?? 0;
      throw new EdgeError(
        502,
        `the signed request's line and headers are ${headBytes} bytes, over CloudFront's ${MAX_REQUEST_HEAD_BYTES}-byte limit ` +
          `(the session token is ${token} bytes and the Authorization header ${signed.authorization.length} bytes): ` +
          "forward fewer viewer headers or cookies in the origin request policy",
      );
    }
    const fields = {
      requestId,
      outcome: "signed",
      originKind: target.originKind,
      origin: target.domainName,
      service: target.service,
      // SigV4A: the region set (`*`, `eu-west-1,us-east-1`).
      region: target.region,
      algorithm: target.algorithm,
      source: target.source,
      ...(target.role ? { roleArn: target.role.roleArn } : {}),
      payload: plan.payload.source,
      ...(plan.droppedQuery.length > 0 ? { droppedQuery: plan.droppedQuery } : {}),
    };
    if (signed.explanation) {
      const details = {
        ...fields,
        canonicalRequest: redactCanonicalRequest(signed.explanation.canonicalRequest),
        stringToSign: signed.explanation.stringToSign,
      };
      // A per-origin debug header shows the explanation even when the configured level is higher.
      (target.debug && !log.enabled("debug") ? log.info : log.debug)({ msg: "signed", ...details });
    } else {
      log.info({ msg: "signed", ...fields });
    }
    return request;
  } catch (error) {
    const known = error instanceof EdgeError;
    const status = known ? error.status : 502;
    const reason = known ? error.reason : "internal error while signing the request";
    const cause = known ? undefined : error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
    const details = known ? error.details : undefined;
    (status >= 500 ? log.error : log.warn)({ msg: "not forwarded", requestId, outcome: "response", status, reason, ...details, ...(cause ? { cause } : {}) });
    return generatedResponse(status, reason, requestId);
  }
}
