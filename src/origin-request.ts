import type { CloudFrontRequest, CloudFrontResultResponse } from "aws-lambda";
import type { Config } from "./config.ts";
import type { Credentials } from "./credentials.ts";
import { EdgeError } from "./errors.ts";
import { peekRequestId, readOriginRequest } from "./event.ts";
import { generatedResponse } from "./generated-response.ts";
import type { Logger } from "./log.ts";
import { MAX_REQUEST_HEAD_BYTES, requestHeadBytes } from "./request-head-bytes.ts";
import { buildRequestToSign } from "./request-to-sign.ts";
import { signRequest } from "./signature.ts";
import { resolveSigningTarget } from "./signing-target.ts";
import { removeConfigHeaders, writeSignedRequest } from "./write-back.ts";

export interface Context {
  readonly config: Config;
  readonly credentials: Credentials | undefined;
  readonly now: Date;
  readonly log: Logger;
}

export type OriginRequestResult = CloudFrontRequest | CloudFrontResultResponse;

function redactToken(canonicalRequest: string): string {
  return canonicalRequest.replace(/^x-amz-security-token:.*$/m, "x-amz-security-token:<redacted>");
}

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
    if (target.algorithm === "sigv4a") {
      throw new EdgeError(502, `origin ${target.domainName} is an S3 Multi-Region Access Point, which needs SigV4A; this function signs SigV4 only`);
    }
    if (!credentials) {
      throw new EdgeError(500, "no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): refusing to forward unsigned");
    }
    const plan = buildRequestToSign(request, requestId, target, config);
    const explain = target.debug || log.enabled("debug");
    const signed = await signRequest(plan.toSign, target, credentials, now, explain);
    writeSignedRequest(request, plan, signed, target);
    const headBytes = requestHeadBytes(request, requestId);
    if (headBytes > MAX_REQUEST_HEAD_BYTES) {
      // CloudFront would refuse it with an opaque 502; say which limit and what to trim.
      throw new EdgeError(
        502,
        `the signed request's line and headers are ${headBytes} bytes, over CloudFront's ${MAX_REQUEST_HEAD_BYTES}-byte limit ` +
          "(the session token and signature take about 1.5 KB): forward fewer viewer headers or cookies in the origin request policy",
      );
    }
    const fields = {
      requestId,
      outcome: "signed",
      originKind: target.originKind,
      origin: target.domainName,
      service: target.service,
      region: target.region,
      source: target.source,
      payload: plan.payload.source,
      ...(plan.droppedQuery.length > 0 ? { droppedQuery: plan.droppedQuery } : {}),
    };
    if (signed.explanation) {
      const details = { ...fields, canonicalRequest: redactToken(signed.explanation.canonicalRequest), stringToSign: signed.explanation.stringToSign };
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
    (status >= 500 ? log.error : log.warn)({ msg: "not forwarded", requestId, outcome: "response", status, reason, ...(cause ? { cause } : {}) });
    return generatedResponse(status, reason, requestId);
  }
}
