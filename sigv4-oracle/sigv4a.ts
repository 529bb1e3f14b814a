// SigV4A (`AWS4-ECDSA-P256-SHA256`): the scope has no region (`date/service/aws4_request`); the
// regions a signature is good for travel in the signed header X-Amz-Region-Set (`*`, or a
// comma-separated list whose entries may use `*` as a wildcard); the signature is a DER-encoded
// ECDSA P-256 signature over SHA-256 of the string to sign, made with the key derived from the
// caller's credentials (sigv4a-key.ts). ECDSA signatures are randomized: a signature is checked
// by verifying it with the caller's public key, never by comparing bytes.
import { verify as verifySignature } from "node:crypto";
import { type Finding, finding, malformedAuthorization } from "./findings.ts";
import type { CredentialScope, SignatureInput, SignatureScheme } from "./signature-scheme.ts";
import type { SignedRequest } from "./signed-request.ts";
import { SIGV4A_ALGORITHM, sigV4aPublicKey } from "./sigv4a-key.ts";

export const REGION_SET_HEADER = "x-amz-region-set";

/** The entries of an X-Amz-Region-Set value, trimmed, empty ones dropped. */
export function regionSetEntries(value: string): string[] {
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

/** True when one entry of the region set names `region`, `*` in an entry matching any run of characters. */
export function regionSetCovers(regionSet: string, region: string): boolean {
  return regionSetEntries(regionSet).some((entry) => {
    const pattern = entry
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    return new RegExp(`^${pattern}$`).test(region);
  });
}

function readScope(parts: readonly string[]): CredentialScope | Finding {
  const [date = "", service = "", terminator = ""] = parts;
  if (parts.length !== 3 || !/^\d{8}$/.test(date)) {
    return malformedAuthorization(
      'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/SERVICE/aws4_request".',
      "a SigV4A Credential must be <key>/<yyyymmdd>/<service>/aws4_request (no region)",
    );
  }
  return { date, service, terminator, text: parts.join("/") };
}

function checkRegion(_scope: CredentialScope, request: SignedRequest, region: string): Finding[] {
  const regionSet = request.headers[REGION_SET_HEADER];
  if (regionSet === undefined) {
    return [finding("InvalidRequest", 400, "Missing required header for this request: x-amz-region-set", "a SigV4A request without X-Amz-Region-Set")];
  }
  if (regionSetCovers(regionSet, region)) return [];
  const wrong = `the region set '${regionSet.slice(0, 100)}' does not include '${region}', the region that serves this request`;
  return [malformedAuthorization(wrong, wrong, { Region: region })];
}

const DER_HEX = /^(?:[0-9a-fA-F]{2})+$/;

function verify(input: SignatureInput): boolean {
  if (!DER_HEX.test(input.signature)) return false;
  try {
    return verifySignature("sha256", Buffer.from(input.stringToSign, "utf8"), sigV4aPublicKey(input), Buffer.from(input.signature, "hex"));
  } catch {
    return false; // not a DER ECDSA signature
  }
}

export const SIGV4A: SignatureScheme = {
  name: "sigv4a",
  algorithm: SIGV4A_ALGORITHM,
  mustBeSigned: [REGION_SET_HEADER],
  readScope,
  checkRegion,
  verify,
};
