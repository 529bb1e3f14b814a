// Independent agreement with the official JavaScript SigV4A signer (@smithy/signature-v4a, pure
// JS: its own key derivation and its own elliptic-curve code, here with the pure-JS SHA-256):
// what it signs for a request is what we sign, and its signature verifies with OUR public key.
import { createPublicKey, verify } from "node:crypto";
import { Sha256 as Sha256Js } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { getCanonicalQuery } from "@smithy/signature-v4";
import { SignatureV4a } from "@smithy/signature-v4a";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Credentials } from "../../src/credentials.ts";
import type { RequestToSign } from "../../src/signature.ts";
import { deriveSigV4aKey } from "../../src/sigv4a/key.ts";
import { type SigV4aParameters, signRequestV4a } from "../../src/sigv4a/sign.ts";

const DATE = new Date("2026-11-22T12:34:56Z");

/** A request as both signers take it: a query map for theirs, its canonical form for ours. */
type BothRequest = Omit<RequestToSign, "canonicalQuery"> & { readonly query: Record<string, string | string[]> };

async function signBoth(request: BothRequest, parameters: SigV4aParameters & { regionSet: string }, credentials: Credentials) {
  const canonicalQuery = getCanonicalQuery(new HttpRequest({ query: request.query }));
  const ours = await signRequestV4a({ ...request, canonicalQuery }, parameters, credentials, DATE, true);
  const official = new SignatureV4a({
    credentials,
    region: parameters.regionSet,
    service: parameters.service,
    sha256: Sha256Js,
    uriEscapePath: parameters.uriEscapePath,
    applyChecksum: false,
  });
  const signed = await official.sign(
    new HttpRequest({ method: request.method, hostname: request.host, path: request.path, query: { ...request.query }, headers: { ...request.headers } }),
    { signingDate: DATE, signableHeaders: request.forceSigned && new Set(request.forceSigned) },
  );
  return { ours, official: signed as HttpRequest };
}

/** Their signature, checked against our string to sign with the public key of OUR derived key. */
function officialVerifiesWithOurKey(ours: { explanation?: { stringToSign: string } }, official: HttpRequest, credentials: Credentials): boolean {
  const signature = Buffer.from(String(official.headers.authorization).split("Signature=")[1] ?? "", "hex");
  const publicKey = createPublicKey(deriveSigV4aKey(credentials));
  return verify("sha256", Buffer.from(ours.explanation?.stringToSign ?? ""), publicKey, signature);
}

const withoutSignature = (authorization: unknown): string => String(authorization).split("Signature=")[0] ?? "";

const REQUESTS: Array<[string, BothRequest, SigV4aParameters & { regionSet: string }]> = [
  [
    "S3 Multi-Region Access Point GET (region set *, path not encoded again)",
    {
      method: "GET",
      host: "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com",
      path: "/photos/2026/a%20cat+dog.jpg",
      query: { "response-content-type": "image/jpeg", list: ["b", "a"] },
      headers: { host: "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com", "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "x-amz-cf-id": "abc==" },
    },
    { service: "s3", regionSet: "*", uriEscapePath: false },
  ],
  [
    "Lambda web function POST (a list of regions, path encoded again, a forced header)",
    {
      method: "POST",
      host: "fn.lambda-web.global.on.aws",
      path: "/api/items/%E2%82%AC",
      query: {},
      headers: {
        host: "fn.lambda-web.global.on.aws",
        "content-type": "application/json",
        "cache-control": "no-cache",
        "x-amz-content-sha256": "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
      },
      forceSigned: ["cache-control"],
    },
    { service: "lambda", regionSet: "eu-west-1,us-east-1", uriEscapePath: true },
  ],
];

describe("agreement with @smithy/signature-v4a", () => {
  it.each(REQUESTS)("%s", async (_name, request, parameters) => {
    const credentials = { accessKeyId: "ASIAEXAMPLEAGREE0001", secretAccessKey: "agree/Secret+Key/0123456789abcdefghijklm", sessionToken: "token/+=" };
    const { ours, official } = await signBoth(request, parameters, credentials);
    expect(withoutSignature(ours.authorization)).toBe(withoutSignature(official.headers.authorization));
    expect(ours.amzDate).toBe(official.headers["x-amz-date"]);
    expect(ours.regionSet).toBe(official.headers["x-amz-region-set"]);
    expect(ours.securityToken).toBe(official.headers["x-amz-security-token"]);
    expect(officialVerifiesWithOurKey(ours, official, credentials)).toBe(true);
  });

  it("for any credentials, the official signature verifies with our derived public key", async () => {
    const request = REQUESTS[0]?.[1];
    const parameters = REQUESTS[0]?.[2];
    if (!request || !parameters) throw new Error("no request");
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^(AKIA|ASIA)[A-Z2-7]{12,16}$/), fc.stringMatching(/^[A-Za-z0-9+/]{40}$/), async (accessKeyId, secretAccessKey) => {
        const credentials = { accessKeyId, secretAccessKey };
        const { ours, official } = await signBoth(request, parameters, credentials);
        expect(withoutSignature(ours.authorization)).toBe(withoutSignature(official.headers.authorization));
        expect(officialVerifiesWithOurKey(ours, official, credentials)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
