// The properties about the function as an edge function: it always settles, CloudFront always
// accepts what it returns, nothing secret reaches a log line or a generated response, and
// structural garbage is answered or forwarded, never thrown.
import { validateFunctionResult } from "../../cloudfront-emulator/index.ts";
import { SECRETS } from "./known-origins.ts";
import {
  brief,
  eventRequest,
  functionAuthorization,
  headerValue,
  isRecord,
  MAX_HEAD_BYTES,
  type Observation,
  resultOf,
  returnedRequest,
  verdictOf,
  wireHeadBytes,
  wireOf,
} from "./observation.ts";

export interface Property {
  readonly name: string;
  /** What is wrong with this observation, or undefined when the property holds. */
  readonly check: (o: Observation) => string | undefined;
}

export const NEVER_THROWS: Property = {
  name: "1. the handler never throws or hangs",
  check: (o) => {
    if (o.run.settled === "threw") return `the handler threw ${brief(o.run.error)}`;
    if (o.run.settled === "hung") return "the handler did not settle within the bound";
    return undefined;
  },
};

export const CLOUDFRONT_ACCEPTS: Property = {
  name: "2. CloudFront accepts every result (read-only headers unchanged, no disallowed header, a valid response)",
  check: (o) => {
    const verdict = verdictOf(o);
    if (!verdict) return undefined; // property 1's case
    if (verdict.kind === "invalid") {
      // Forwarding an event that breaks CloudFront's rules by itself (garbage) is not the function's doing.
      if (isRequestShaped(resultOf(o)) && !eventPassesAsIs(o)) return undefined;
      return `CloudFront refuses the result: ${verdict.message} (${verdict.detail}); result ${brief(resultOf(o))}`;
    }
    if (verdict.kind === "response") {
      const status = Number(verdict.response.status);
      return status >= 400 ? undefined : `a generated response that is not a refusal: status ${status}`;
    }
    // The function's additions must keep the request line and headers within CloudFront's limit.
    if (o.known && functionAuthorization(verdict.request)) {
      let bytes: number;
      try {
        bytes = wireHeadBytes(wireOf(o, verdict.request));
      } catch {
        return undefined; // property 3 reports a request that cannot go on the wire
      }
      if (bytes > MAX_HEAD_BYTES) return `the signed request's line and headers are ${bytes} bytes on the wire, over CloudFront's ${MAX_HEAD_BYTES}`;
    }
    return undefined;
  },
};

/** What must never be written: the credentials' secrets, the viewer's Authorization and cookies, the function's own signature. */
export function secretsOf(o: Observation): Array<readonly [what: string, value: string]> {
  const secrets: Array<readonly [string, string]> = [
    ["the secret access key", SECRETS.secretAccessKey],
    ["the session token", SECRETS.sessionToken],
    ["the viewer's Authorization", SECRETS.viewerAuthorization],
    ["the viewer's cookie", SECRETS.viewerCookie.split("=")[1] ?? SECRETS.viewerCookie],
    ["the viewer's session token", SECRETS.viewerSessionToken],
  ];
  const viewer = eventRequest(o.event)?.headers;
  const authorization = headerValue(viewer, "authorization");
  if (authorization) secrets.push(["the viewer's Authorization", authorization]);
  for (const pair of (headerValue(viewer, "cookie") ?? "").split(/[;,]/)) {
    const value = pair.slice(pair.indexOf("=") + 1).trim();
    if (value.length >= 8) secrets.push(["a viewer cookie's value", value]);
  }
  const signature = /Signature=([0-9a-f]{64})/.exec(functionAuthorization(returnedRequest(o)) ?? "")?.[1];
  if (signature) secrets.push(["the function's signature", signature]);
  return secrets;
}

export const NO_SECRETS_LOGGED: Property = {
  name: "5. no secret, viewer Authorization or cookie value appears in a log line or a generated response",
  check: (o) => {
    const texts = [...o.run.logs];
    const verdict = verdictOf(o);
    if (verdict?.kind === "response") texts.push(JSON.stringify(verdict.response));
    if (o.run.settled === "threw") texts.push(o.run.error instanceof Error ? `${o.run.error.message}\n${o.run.error.stack ?? ""}` : String(o.run.error));
    const written = texts.join("\n");
    const leaked = secretsOf(o)
      .filter(([, value]) => written.includes(value))
      .map(([what]) => what);
    return leaked.length > 0 ? `written: ${[...new Set(leaked)].join(", ")} (${o.run.logs.length} log lines)` : undefined;
  },
};

function isRequestShaped(result: unknown): boolean {
  return isRecord(result) && !("status" in result) && typeof result.uri === "string" && isRecord(result.headers);
}

/** Whether CloudFront would take the event's own request back unchanged. */
function eventPassesAsIs(o: Observation): boolean {
  const request = eventRequest(o.event);
  return request !== undefined && validateFunctionResult(request, JSON.stringify(request)).kind === "request";
}

export const GARBAGE_ANSWERED: Property = {
  name: "structural garbage gets a generated response or a forwarded request, never a throw",
  check: (o) => {
    const verdict = verdictOf(o);
    if (!verdict) return NEVER_THROWS.check(o);
    if (verdict.kind === "response" || isRequestShaped(resultOf(o))) return undefined;
    return `neither a generated response nor a request: ${brief(resultOf(o))} (${verdict.kind === "invalid" ? verdict.detail : verdict.kind})`;
  },
};
