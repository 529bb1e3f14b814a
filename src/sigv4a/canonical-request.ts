import { createHash } from "node:crypto";
import { ALGORITHM_IDENTIFIER_V4A, getCanonicalHeaders, getPayloadHash, SignatureV4Base } from "@smithy/signature-v4";
import type { HttpRequest } from "@smithy/types";
import { Sha256 } from "../sha256.ts";
import { withCanonicalQuery } from "../signature.ts";

/**
 * The official SigV4 code's canonicalization, without a signer: SigV4A's canonical request has
 * SigV4's layout, so it comes from @smithy/signature-v4's base class, as @smithy/signature-v4a's does.
 */
class Canonicalizer extends SignatureV4Base {
  constructor(uriEscapePath: boolean) {
    // Service, region and credentials belong to a signer; canonicalization reads none of them.
    super({ service: "", region: "", credentials: { accessKeyId: "", secretAccessKey: "" }, sha256: Sha256, uriEscapePath });
  }

  dates(signingDate: Date): { longDate: string; shortDate: string } {
    return this.formatDate(signingDate);
  }

  canonicalRequest(request: HttpRequest, canonicalHeaders: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
  }

  signedHeaders(canonicalHeaders: Record<string, string>): string {
    return this.getCanonicalHeaderList(canonicalHeaders);
  }
}

const canonicalizers = { escaped: new Canonicalizer(true), verbatim: new Canonicalizer(false) };

function canonicalizer(uriEscapePath: boolean): Canonicalizer {
  return uriEscapePath ? canonicalizers.escaped : canonicalizers.verbatim;
}

/** x-amz-date's value and the scope's date (`20150830T123600Z`, `20150830`). */
export function sigV4aDates(signingDate: Date): { longDate: string; shortDate: string } {
  return canonicalizers.escaped.dates(signingDate);
}

/**
 * The one place the canonical request is built: path (normalized and encoded once more when
 * `uriEscapePath`), headers and payload hash by @smithy/signature-v4, and the query line from
 * query.ts's canonical form, as for SigV4 (the request itself carries no query). The request
 * carries every header to sign, x-amz-date and x-amz-region-set included; `signableHeaders`
 * are names to sign even if the signer would otherwise skip them.
 */
export async function createSigV4aCanonicalRequest(
  request: HttpRequest,
  uriEscapePath: boolean,
  signableHeaders: Set<string> | undefined,
  canonicalQuery: string,
): Promise<{ canonicalRequest: string; signedHeaders: string }> {
  const canonicalHeaders = getCanonicalHeaders(request, undefined, signableHeaders);
  const payloadHash = await getPayloadHash(request, Sha256);
  const official = canonicalizer(uriEscapePath);
  return {
    canonicalRequest: withCanonicalQuery(official.canonicalRequest({ ...request, query: {} }, canonicalHeaders, payloadHash), canonicalQuery),
    signedHeaders: official.signedHeaders(canonicalHeaders),
  };
}

/**
 * SigV4's string-to-sign layout with SigV4A's algorithm and region-less scope (aws-c-auth
 * `aws_signing.c`), hashed synchronously: the base class's version awaits its hash object.
 */
export function createSigV4aStringToSign(longDate: string, scope: string, canonicalRequest: string): string {
  return `${ALGORITHM_IDENTIFIER_V4A}\n${longDate}\n${scope}\n${createHash("sha256").update(canonicalRequest, "utf8").digest("hex")}`;
}
