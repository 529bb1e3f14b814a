// A start-up check for `--origin`: the function runs once on a GET / for that origin, and when
// it would not sign (it cannot tell the service and region from an unknown host name, and
// forwards the request unsigned), the edge says so before the first request, and how to fix it.
import { buildOriginRequestEvent, cloudFrontRequestId, type Distribution, validateFunctionResult } from "../cloudfront-emulator/index.ts";
import type { Behavior } from "./behaviors.ts";
import { type Credentials, credentialEnvironment } from "./credentials.ts";
import type { FunctionRuntime } from "./function-runtime.ts";

export interface SigningCheck {
  readonly runtime: FunctionRuntime;
  readonly behavior: Behavior;
  readonly credentials: Credentials;
  readonly distribution: Distribution;
  readonly serverId: string;
  /** The --origin URL as given. */
  readonly originUrl: string;
}

/** A warning line when the function would not sign requests for the origin; undefined when it signs. */
export async function signingWarning(check: SigningCheck): Promise<string | undefined> {
  const viewer = { clientIp: "127.0.0.1", clientPort: 0, method: "GET", target: "/", rawHeaders: [], httpVersion: "1.1", body: Buffer.alloc(0) };
  const event = buildOriginRequestEvent(viewer, check.behavior, {
    requestId: cloudFrontRequestId(),
    distribution: check.distribution,
    serverId: check.serverId,
  });
  const original = structuredClone(event.Records[0]?.cf.request);
  const invocation = await check.runtime.invoke(event, credentialEnvironment(check.credentials));
  if (!invocation.ok) return `  warning: the function fails on a GET / for this origin (${invocation.error.name}: ${invocation.error.message})`;
  if (!original) return undefined;
  const verdict = validateFunctionResult(original, invocation.json);
  if (verdict.kind === "invalid") return `  warning: CloudFront would refuse the function's result for a GET / to this origin: ${verdict.message}`;
  if (verdict.kind === "response") {
    let reason = "";
    try {
      const body = JSON.parse(verdict.response.body ?? "") as { message?: unknown };
      if (typeof body.message === "string") reason = `: ${body.message}`;
    } catch {
      // not the function's JSON error body
    }
    const hint = " (npm start sets x-sigv4-service and x-sigv4-region from --service NAME and --region REGION)";
    return `  warning: the function answers ${verdict.response.status} to requests for this origin instead of signing them${reason}${hint}`;
  }
  if (verdict.request.headers.authorization) return undefined;
  const url = check.originUrl.replace(/\/+$/, "");
  return (
    `  warning: requests go to ${url} UNSIGNED: the function cannot tell the signing service and region from its host name. ` +
    `To sign them: npm start -- --origin ${url} --service NAME --region REGION (e.g. --service s3 --region us-east-1)`
  );
}
