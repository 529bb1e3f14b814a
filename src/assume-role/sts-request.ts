import { SignatureV4 } from "@smithy/signature-v4";
import type { HttpRequest } from "@smithy/types";
import type { Credentials } from "../credentials.ts";
import { Sha256 } from "../sha256.ts";
import { uriEncode } from "../uri-encoding.ts";
import type { AssumeRoleParameters } from "./parameters.ts";

export const STS_API_VERSION = "2011-06-15";
const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

/**
 * The regional endpoint of the Region the replica runs in (`AWS_REGION`): it answers faster than
 * the global one, and its session tokens are valid in every Region. An override (local testing,
 * an interface VPC endpoint) wins; it is still signed for `region`.
 */
export function stsEndpoint(region: string, override?: string): URL {
  return new URL(override ?? `https://sts.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}/`);
}

/** The Query API call, as a form body. */
export function assumeRoleBody(parameters: AssumeRoleParameters): string {
  const fields: Array<[string, string]> = [
    ["Action", "AssumeRole"],
    ["Version", STS_API_VERSION],
    ["RoleArn", parameters.roleArn],
    ["RoleSessionName", parameters.sessionName],
    ["DurationSeconds", String(parameters.durationSeconds)],
  ];
  if (parameters.externalId !== undefined) fields.push(["ExternalId", parameters.externalId]);
  // RFC 3986 encoding: a form body's `+` would otherwise read as a space (external ids may hold one).
  return fields.map(([name, value]) => `${name}=${uriEncode(value)}`).join("&");
}

export interface StsHttpRequest {
  readonly url: string;
  /** Every header to send but Host, which fetch derives from the URL exactly as it was signed. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Signs the call with the function's own signer (@smithy/signature-v4 over node:crypto): host,
 * content-type, x-amz-date and, for session credentials, x-amz-security-token.
 */
export async function signAssumeRoleRequest(
  parameters: AssumeRoleParameters,
  credentials: Credentials,
  region: string,
  endpoint: URL,
  signingDate: Date,
): Promise<StsHttpRequest> {
  const body = assumeRoleBody(parameters);
  const request: HttpRequest = {
    method: "POST",
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    path: endpoint.pathname,
    query: {},
    headers: { host: endpoint.host, "content-type": FORM_CONTENT_TYPE },
    body,
  };
  // applyChecksum off: STS needs no x-amz-content-sha256 (the signer hashes the body itself).
  const signer = new SignatureV4({ service: "sts", region, credentials, sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign(request, { signingDate });
  const { host: _host, ...headers } = signed.headers;
  return { url: endpoint.href, headers, body };
}
