import type { Credentials } from "../credentials.ts";
import { StsMalformedResponseError, StsNetworkError, StsRefusedError, StsTimeoutError } from "./errors.ts";
import type { AssumeRoleParameters } from "./parameters.ts";
import { signAssumeRoleRequest, stsEndpoint } from "./sts-request.ts";
import { parseAssumeRoleResponse, parseStsError, type StsCredentials, XmlShapeError } from "./sts-xml.ts";

/** What the global `fetch` offers and this module uses; tests and other runtimes may pass their own. */
export interface FetchResponseLike {
  readonly status: number;
  text(): Promise<string>;
}
export type FetchLike = (
  url: string,
  init: { method: "POST"; headers: Readonly<Record<string, string>>; body: string; signal: AbortSignal },
) => Promise<FetchResponseLike>;

/** Where and as whom the function calls STS. Nothing here is read from the environment. */
export interface StsContext {
  /** The function's own credentials (its execution role's, from AWS_ACCESS_KEY_ID, ...). */
  readonly credentials: Credentials;
  /** The Region of the replica that runs the function (AWS_REGION): its STS endpoint is used and signed for. */
  readonly region: string;
  /** An STS endpoint URL to use instead (local testing, a VPC endpoint); still signed for `region`. */
  readonly endpoint?: string;
  /** The clock: the signing date, and what "expires soon" is measured against. */
  readonly now: Date;
  /** Default: the global fetch. */
  readonly fetch?: FetchLike;
  /** Give up on STS after this long (default 3000 ms); the body is read within the same time. */
  readonly timeoutMs?: number;
}

export type TemporaryCredentials = StsCredentials;

export const DEFAULT_STS_TIMEOUT_MS = 3000;
// No STS answer to AssumeRole comes near this; a larger body is not STS.
const MAX_ANSWER_CHARS = 64 * 1024;
const MAX_MESSAGE_CHARS = 300;

/**
 * STS's message, made safe to log. Some AWS services put the canonical request (with the
 * caller's x-amz-security-token) into a SignatureDoesNotMatch message: it is cut, and the
 * caller's secret and token, or anything long enough to be a token, are removed wherever else.
 */
export function safeStsMessage(message: string, credentials: Credentials): string {
  const echo = message.indexOf("The Canonical String");
  let safe = echo < 0 ? message : message.slice(0, echo);
  for (const secret of [credentials.secretAccessKey, credentials.sessionToken]) {
    if (secret) safe = safe.split(secret).join("<redacted>");
  }
  safe = safe
    .replace(/[A-Za-z0-9+/=_-]{64,}/g, "<redacted>")
    .replace(/\s+/g, " ")
    .trim();
  return safe.length > MAX_MESSAGE_CHARS ? `${safe.slice(0, MAX_MESSAGE_CHARS)}...` : safe;
}

/**
 * Calls STS AssumeRole (Query API, POST, signed with SigV4 for `sts` in the context's Region) and
 * returns the temporary credentials. Every failure is an AssumeRoleError subclass. The parameters,
 * the endpoint and the Region are checked where they enter (the configuration parser, the origin
 * custom header, the handler): not again here, where every check would cost bundle bytes.
 */
export async function assumeRole(parameters: AssumeRoleParameters, context: StsContext): Promise<TemporaryCredentials> {
  const { roleArn } = parameters;
  const timeoutMs = context.timeoutMs ?? DEFAULT_STS_TIMEOUT_MS;
  const endpoint = stsEndpoint(context.region, context.endpoint);
  const request = await signAssumeRoleRequest(parameters, context.credentials, context.region, endpoint, context.now);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let status = 0;
  let answer: string;
  try {
    const response = await (context.fetch ?? fetch)(request.url, { method: "POST", headers: request.headers, body: request.body, signal: controller.signal });
    status = response.status;
    answer = await response.text();
  } catch (error) {
    throw controller.signal.aborted ? new StsTimeoutError(roleArn, timeoutMs, error) : new StsNetworkError(roleArn, endpoint.host, error);
  } finally {
    clearTimeout(timer);
  }

  if (answer.length > MAX_ANSWER_CHARS) throw new StsMalformedResponseError(roleArn, status, `${answer.length} characters is not an STS answer`);
  try {
    if (status === 200) return parseAssumeRoleResponse(answer);
    const refusal = parseStsError(answer);
    if (!refusal) throw new XmlShapeError("not STS's <ErrorResponse> document");
    throw new StsRefusedError(roleArn, status, refusal.code, refusal.type, safeStsMessage(refusal.message, context.credentials));
  } catch (error) {
    if (error instanceof XmlShapeError) throw new StsMalformedResponseError(roleArn, status, error.message, error);
    throw error;
  }
}
