// What the function did with the event, in one line for stderr, and the exit status it means.

export type Outcome =
  | { kind: "signed"; exitCode: 0; summary: string }
  | { kind: "forwarded"; exitCode: 0; summary: string }
  | { kind: "response"; exitCode: 1; summary: string; status: string; reason: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The reason a generated response gives: the `message` of its JSON body, or the body itself. */
function reasonOf(body: unknown): string {
  if (typeof body !== "string" || body === "") return "no reason given";
  try {
    const parsed: unknown = JSON.parse(body);
    if (isObject(parsed) && typeof parsed.message === "string") return parsed.message;
  } catch {
    // not JSON: the body is the reason
  }
  return body.split("\n")[0]!.slice(0, 300);
}

/** The scope of a SigV4/SigV4A Authorization value: "service s3, region eu-west-1". */
function scopeOf(authorization: string): string | undefined {
  const credential = /Credential=([^,\s]+)/.exec(authorization)?.[1];
  const parts = credential?.split("/");
  if (!parts) return undefined;
  // SigV4: key/date/region/service/aws4_request; SigV4A: key/date/service/aws4_request (regions in X-Amz-Region-Set).
  return parts.length === 5 ? `service ${parts[3]}, region ${parts[2]}` : parts.length === 4 ? `service ${parts[2]}` : undefined;
}

/** Classifies what the handler returned: a generated response, or the request (signed or not). */
export function describeOutcome(result: unknown): Outcome {
  if (isObject(result) && result.status !== undefined) {
    const status = String(result.status);
    const description = typeof result.statusDescription === "string" && result.statusDescription ? ` ${result.statusDescription}` : "";
    const reason = reasonOf(result.body);
    return {
      kind: "response",
      exitCode: 1,
      status,
      reason,
      summary: `the function answered ${status}${description} instead of forwarding the request: ${reason}`,
    };
  }
  const headers = isObject(result) && isObject(result.headers) ? result.headers : {};
  const authorization = Array.isArray(headers.authorization) && isObject(headers.authorization[0]) ? headers.authorization[0].value : undefined;
  if (typeof authorization === "string" && /^AWS4-/.test(authorization)) {
    const scope = scopeOf(authorization);
    return { kind: "signed", exitCode: 0, summary: `signed (${authorization.split(" ")[0]}${scope ? `, ${scope}` : ""})` };
  }
  return { kind: "forwarded", exitCode: 0, summary: "forwarded unsigned: the function added no signature (it does not sign for this origin)" };
}
