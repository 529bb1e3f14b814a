import { sign } from "node:crypto";
import { ALGORITHM_IDENTIFIER_V4A, AMZ_DATE_HEADER, GENERATED_HEADERS, KEY_TYPE_IDENTIFIER, REGION_SET_PARAM, TOKEN_HEADER } from "@smithy/signature-v4";
import type { HeaderBag, HttpRequest } from "@smithy/types";
import type { Credentials } from "../credentials.ts";
import type { Explanation, RequestToSign, SignedHeaders, SigningParameters } from "../signature.ts";
import { createSigV4aCanonicalRequest, createSigV4aStringToSign, sigV4aDates } from "./canonical-request.ts";
import { sigV4aKeyFor } from "./key.ts";

export interface SigV4aParameters extends Pick<SigningParameters, "service" | "uriEscapePath"> {
  /** Regions the signature is good for: `*` (any; the default) or a list, sent comma-separated. */
  readonly regionSet?: string | readonly string[];
}

export interface SigV4aSignedHeaders extends SignedHeaders {
  /** The X-Amz-Region-Set value that was signed: it must be sent with the request. */
  readonly regionSet: string;
}

const REGION_SET_HEADER = REGION_SET_PARAM.toLowerCase();

/** Scope without a region: `20150830/service/aws4_request`. */
function sigV4aScope(shortDate: string, service: string): string {
  return `${shortDate}/${service}/${KEY_TYPE_IDENTIFIER}`;
}

function toHttpRequest(request: RequestToSign, added: Record<string, string>): HttpRequest {
  const headers: HeaderBag = {};
  for (const [name, value] of Object.entries(request.headers)) {
    // Like the official signers: a caller's authorization, date or x-amz-date is replaced, not signed.
    if (!GENERATED_HEADERS.includes(name.toLowerCase())) headers[name] = value;
  }
  return { method: request.method, protocol: "https:", hostname: request.host, path: request.path, query: {}, headers: { ...headers, ...added } };
}

/**
 * Signs with SigV4A (AWS4-ECDSA-P256-SHA256): the canonical request by @smithy/signature-v4's
 * code, an ECDSA P-256 signature by node:crypto with the key derived once per set of credentials. Like `signRequest`: the request holds only the headers to sign
 * (x-amz-content-sha256 included) and no body. The signature is randomized (DER, hex).
 */
export async function signRequestV4a(
  request: RequestToSign,
  parameters: SigV4aParameters,
  credentials: Credentials,
  signingDate: Date,
  explain: boolean,
): Promise<SigV4aSignedHeaders & { explanation?: Explanation }> {
  const key = sigV4aKeyFor(credentials);
  const { longDate, shortDate } = sigV4aDates(signingDate);
  const regionSet = typeof parameters.regionSet === "string" ? parameters.regionSet : (parameters.regionSet?.join(",") ?? "*");
  const added: Record<string, string> = { [AMZ_DATE_HEADER]: longDate, [REGION_SET_HEADER]: regionSet };
  if (credentials.sessionToken) added[TOKEN_HEADER] = credentials.sessionToken;

  const signableHeaders = request.forceSigned && new Set(request.forceSigned);
  const { canonicalRequest, signedHeaders } = await createSigV4aCanonicalRequest(
    toHttpRequest(request, added),
    parameters.uriEscapePath,
    signableHeaders,
    request.canonicalQuery,
  );
  const scope = sigV4aScope(shortDate, parameters.service);
  const stringToSign = createSigV4aStringToSign(longDate, scope, canonicalRequest);
  // crypto.sign hashes with SHA-256 and returns ECDSA's DER encoding (SEQUENCE { r, s }).
  const signature = sign("sha256", Buffer.from(stringToSign, "utf8"), key).toString("hex");

  const result = {
    authorization: `${ALGORITHM_IDENTIFIER_V4A} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    amzDate: longDate,
    regionSet,
    securityToken: credentials.sessionToken || undefined,
  };
  return explain ? { ...result, explanation: { canonicalRequest, stringToSign } } : result;
}
