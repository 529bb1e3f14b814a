// SigV4 (`AWS4-HMAC-SHA256`): the signing key derived from the secret by an HMAC-SHA256 chain
// over date, region, service and `aws4_request`, the signature an HMAC of the string to sign.
import { createHmac, timingSafeEqual } from "node:crypto";
import { type Finding, malformedAuthorization } from "./findings.ts";
import type { CredentialScope, SignatureInput, SignatureScheme } from "./signature-scheme.ts";

const ALGORITHM = "AWS4-HMAC-SHA256";

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** The hex SigV4 signature of a string to sign. */
export function sigV4Signature(secretAccessKey: string, scope: { date: string; region: string; service: string }, stringToSign: string): string {
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, scope.date), scope.region), scope.service), "aws4_request");
  return createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");
}

function readScope(parts: readonly string[]): CredentialScope | Finding {
  const [date = "", region = "", service = "", terminator = ""] = parts;
  if (parts.length !== 4 || !/^\d{8}$/.test(date)) {
    return malformedAuthorization(
      'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
      "Credential must be <key>/<yyyymmdd>/<region>/<service>/aws4_request",
    );
  }
  return { date, region, service, terminator, text: parts.join("/") };
}

function verify(input: SignatureInput): boolean {
  const { date, region = "", service } = input.scope;
  const expected = Buffer.from(sigV4Signature(input.secretAccessKey, { date, region, service }, input.stringToSign));
  const given = Buffer.from(input.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export const SIGV4: SignatureScheme = {
  name: "sigv4",
  algorithm: ALGORITHM,
  mustBeSigned: [],
  readScope,
  checkRegion(scope, _request, region) {
    if (scope.region === region) return [];
    const wrong = `the region '${scope.region ?? ""}' is wrong; expecting '${region}'`;
    return [malformedAuthorization(wrong, wrong, { Region: region })];
  },
  verify,
};
