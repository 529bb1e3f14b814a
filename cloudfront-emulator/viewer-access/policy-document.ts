// The policy statement a signature covers. Canned: CloudFront rebuilds it from the request URL and
// `Expires`. Custom: the viewer sends it (base64) in `Policy` / `CloudFront-Policy`.
// Format: developer guide, "Create a signed URL using a canned policy" / "... a custom policy".
import { type Ipv4Range, parseIpv4Range } from "./ipv4-range.ts";

/** What a policy allows. Times are Unix epoch seconds. */
export interface PolicyConditions {
  /** Undefined when a custom policy has no `Resource`: every URL of the distribution. */
  readonly resource: string | undefined;
  readonly dateLessThan: number;
  readonly dateGreaterThan: number | undefined;
  readonly sourceIp: Ipv4Range | undefined;
}

/**
 * The canned policy statement, byte for byte: the documented JSON with all whitespace removed,
 * `Resource` the URL without the signing parameters, `AWS:EpochTime` the `Expires` value.
 */
export function cannedPolicyDocument(resource: string, expires: number): string {
  return `{"Statement":[{"Resource":${JSON.stringify(resource)},"Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`;
}

export type ParsedPolicy = { readonly ok: true; readonly conditions: PolicyConditions } | { readonly ok: false; readonly problem: string };

const malformed = (problem: string): ParsedPolicy => ({ ok: false, problem });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  return Object.keys(value).find((key) => !allowed.includes(key));
}

/** `{"AWS:EpochTime": <integer>}` as a number (the guide: "Do not enclose the value in quotation marks"). */
function epochTime(value: unknown): number | undefined {
  if (!isObject(value) || onlyKeys(value, ["AWS:EpochTime"]) !== undefined) return undefined;
  const time = value["AWS:EpochTime"];
  return typeof time === "number" && Number.isSafeInteger(time) && time >= 0 ? time : undefined;
}

/**
 * A custom policy statement: exactly one statement with an optional `Resource` and a `Condition`
 * that has `DateLessThan` and optionally `DateGreaterThan` and `IpAddress` (IPv4 only). Whitespace
 * between tokens is allowed (the guide's older examples carry it); any other name is malformed.
 */
export function parseCustomPolicy(json: string): ParsedPolicy {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch {
    return malformed("the policy is not JSON");
  }
  if (!isObject(document) || onlyKeys(document, ["Statement"]) !== undefined) return malformed('the policy must be {"Statement": [...]}');
  const statements = document.Statement;
  if (!Array.isArray(statements) || statements.length !== 1) return malformed("a policy has exactly one statement");
  const statement: unknown = statements[0];
  if (!isObject(statement) || onlyKeys(statement, ["Resource", "Condition"]) !== undefined) return malformed("a statement has only Resource and Condition");
  const resource = statement.Resource;
  if (resource !== undefined && typeof resource !== "string") return malformed("Resource must be a string");
  const condition = statement.Condition;
  if (!isObject(condition)) return malformed("the statement has no Condition");
  const unknown = onlyKeys(condition, ["DateLessThan", "DateGreaterThan", "IpAddress"]);
  if (unknown !== undefined) return malformed(`unknown condition ${JSON.stringify(unknown)}`);
  const dateLessThan = epochTime(condition.DateLessThan);
  if (dateLessThan === undefined) return malformed('DateLessThan must be {"AWS:EpochTime": <seconds>}');
  let dateGreaterThan: number | undefined;
  if (condition.DateGreaterThan !== undefined) {
    dateGreaterThan = epochTime(condition.DateGreaterThan);
    if (dateGreaterThan === undefined) return malformed('DateGreaterThan must be {"AWS:EpochTime": <seconds>}');
  }
  let sourceIp: Ipv4Range | undefined;
  if (condition.IpAddress !== undefined) {
    const ip = condition.IpAddress;
    const text = isObject(ip) && onlyKeys(ip, ["AWS:SourceIp"]) === undefined ? ip["AWS:SourceIp"] : undefined;
    sourceIp = typeof text === "string" ? parseIpv4Range(text) : undefined;
    if (sourceIp === undefined) return malformed('IpAddress must be {"AWS:SourceIp": "<IPv4 address or CIDR>"}');
  }
  return { ok: true, conditions: { resource, dateLessThan, dateGreaterThan, sourceIp } };
}
