// Signed URLs and cookies for the local edge's viewer-access tests, made by AWS's own signer
// (@aws-sdk/cloudfront-signer), never by the verifier the edge runs.
import { type CloudfrontSignedCookiesOutput, getSignedCookies, getSignedUrl } from "@aws-sdk/cloudfront-signer";
import type { TestKey } from "../cloudfront-emulator/viewer-access/viewer-fixtures.ts";
import { type RecordingEdge, useRecordingEdge } from "./helpers.ts";

export { cloudFrontBase64, signWithNodeCrypto, type TestKey, testKeys } from "../cloudfront-emulator/viewer-access/viewer-fixtures.ts";

/** A recording edge whose paths matching `protect` (every path when empty) need a signature from one of `keys`. */
export function useProtectedEdge(keys: readonly TestKey[], protect: readonly string[]): RecordingEdge {
  return useRecordingEdge({ viewerAccess: { trustedKeys: new Map(keys.map((key) => [key.id, key.publicKey])), protect } });
}

/** Unix seconds from now. */
export const fromNow = (seconds: number): number => Math.floor(Date.now() / 1000) + seconds;

/** The request target of an absolute URL: path and query exactly as written. */
export function targetOf(url: string): string {
  return url.replace(/^https?:\/\/[^/?]+/, "");
}

/** A canned-policy signed URL (SHA1 unless said). */
export function cannedUrl(url: string, key: TestKey, expires = fromNow(3600), algorithm: "SHA1" | "SHA256" = "SHA1"): string {
  return getSignedUrl({ url, keyPairId: key.id, privateKey: key.privatePem, dateLessThan: new Date(expires * 1000), algorithm });
}

export interface PolicyInput {
  readonly resource: string;
  readonly expires?: number;
  readonly notBefore?: number;
  readonly sourceIp?: string;
}

/** A custom policy statement, as the developer guide writes it. */
export function customPolicy(input: PolicyInput): string {
  const condition: Record<string, unknown> = { DateLessThan: { "AWS:EpochTime": input.expires ?? fromNow(3600) } };
  if (input.notBefore !== undefined) condition.DateGreaterThan = { "AWS:EpochTime": input.notBefore };
  if (input.sourceIp !== undefined) condition.IpAddress = { "AWS:SourceIp": input.sourceIp };
  return JSON.stringify({ Statement: [{ Resource: input.resource, Condition: condition }] });
}

/** A custom-policy signed URL for `url`. */
export function customUrl(url: string, key: TestKey, input: PolicyInput): string {
  return getSignedUrl({ url, keyPairId: key.id, privateKey: key.privatePem, policy: customPolicy(input) });
}

/** The Cookie header of signed cookies with a custom policy. */
export function signedCookies(key: TestKey, input: PolicyInput): string {
  const cookies: CloudfrontSignedCookiesOutput = getSignedCookies({ keyPairId: key.id, privateKey: key.privatePem, policy: customPolicy(input) });
  return Object.entries(cookies)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join("; ");
}

/** CloudFront's refusal document for a code (the text the field notes and the knowledge-center article quote). */
export function refusalDocument(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}
