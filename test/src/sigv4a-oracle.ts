// The origin's side of SigV4A, independent of src/: a request as it arrives on the wire is checked
// by the project's SigV4 wire oracle (test/support/verify-wire.ts: aws4's canonical request, S3's
// unsigned-header and payload rules) for everything but the signature, and the signature is
// verified with node:crypto against the public key of the private key @smithy/signature-v4a
// derives (captured from its own signer), over a string to sign built here from aws4's canonical
// request. A SigV4A signature is randomized: it can be verified, never recomputed.
import { createECDH, createHash, createPublicKey, type KeyObject, verify } from "node:crypto";
import { Sha256 as Sha256Js } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4a } from "@smithy/signature-v4a";
import type { CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import type { Credentials } from "../../src/credentials.ts";
import { verifyWireRequest } from "../support/verify-wire.ts";
import { originHost, rebuildWireRequest, type WireRequest } from "../support/wire-request.ts";

const ALGORITHM = "AWS4-ECDSA-P256-SHA256";
const publicKeys = new Map<string, KeyObject>();

/** The public key of the SigV4A key @smithy/signature-v4a derives for these credentials. */
export async function smithyPublicKey(credentials: Credentials): Promise<KeyObject> {
  const id = `${credentials.accessKeyId}\n${credentials.secretAccessKey}`;
  const known = publicKeys.get(id);
  if (known) return known;
  const signer = new SignatureV4a({ credentials, region: "*", service: "s3", sha256: Sha256Js, applyChecksum: false });
  // Its private getSignature(privateKey, stringToSign) receives the key its own derivation made.
  const internals = signer as unknown as { getSignature: (key: Uint8Array, stringToSign: string) => Promise<string> };
  const original = internals.getSignature.bind(signer);
  let scalar: Uint8Array | undefined;
  internals.getSignature = (key, stringToSign) => {
    scalar = key;
    return original(key, stringToSign);
  };
  await signer.sign(new HttpRequest({ hostname: "example.com", path: "/", headers: { host: "example.com" } }), { signingDate: new Date() });
  if (!scalar) throw new Error("@smithy/signature-v4a no longer derives its key through getSignature");
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(Buffer.from(scalar));
  const point = ecdh.getPublicKey();
  const key = createPublicKey({
    format: "jwk",
    key: { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33, 65).toString("base64url") },
  });
  publicKeys.set(id, key);
  return key;
}

export interface SigV4aTruth {
  readonly service: string;
  /** The X-Amz-Region-Set the origin must see, signed (`*`, `eu-west-1,us-east-1`). */
  readonly regionSet: string;
  readonly credentials: Credentials;
  readonly now: Date;
  readonly host?: string;
}

export interface SigV4aVerdict {
  readonly errors: string[];
  readonly canonicalRequest?: string;
  readonly signedHeaders: string[];
}

/** Would an origin that expects SigV4A for `service` and `regionSet` accept this wire request? */
export async function verifySigV4aWire(wire: WireRequest, truth: SigV4aTruth): Promise<SigV4aVerdict> {
  const errors: string[] = [];
  const authorization = wire.headers.authorization ?? "";
  const match = /^AWS4-ECDSA-P256-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]+)$/.exec(
    authorization,
  );
  if (!match) return { errors: [`IncompleteSignature: Authorization is not ${ALGORITHM} with a region-less scope`], signedHeaders: [] };
  const [, accessKeyId = "", date = "", service = "", signedHeaders = "", signature = ""] = match;
  const signed = signedHeaders.split(";");
  if (accessKeyId !== truth.credentials.accessKeyId) errors.push(`InvalidAccessKeyId: signed with '${accessKeyId}'`);
  if (service !== truth.service) errors.push(`SignatureDoesNotMatch: scope service '${service}', expecting '${truth.service}'`);
  if (wire.headers["x-amz-region-set"] !== truth.regionSet) errors.push(`region set '${wire.headers["x-amz-region-set"]}', expecting '${truth.regionSet}'`);
  if (!signed.includes("x-amz-region-set")) errors.push("SignatureDoesNotMatch: x-amz-region-set is not signed");

  // Everything but the signature, by the SigV4 wire oracle: SigV4A's canonical request is SigV4's.
  const asSigV4 = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${date}/us-east-1/${service}/aws4_request, SignedHeaders=${signedHeaders}, Signature=${"0".repeat(64)}`;
  const sessionToken = truth.credentials.sessionToken;
  const verdict = verifyWireRequest(
    { ...wire, headers: { ...wire.headers, authorization: asSigV4 } },
    { service, region: "us-east-1", ...truth.credentials, now: truth.now, ...(truth.host ? { host: truth.host } : {}) },
  );
  errors.push(...verdict.errors.filter((error) => !error.startsWith("SignatureDoesNotMatch: the signature the origin computes")));
  if (verdict.canonicalRequest === undefined) return { errors, signedHeaders: signed };
  const canonicalRequest = sessionToken ? verdict.canonicalRequest.split("<session-token>").join(sessionToken) : verdict.canonicalRequest;

  const scope = `${date}/${service}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${wire.headers["x-amz-date"]}\n${scope}\n${createHash("sha256").update(canonicalRequest).digest("hex")}`;
  const key = await smithyPublicKey(truth.credentials);
  if (!verify("sha256", Buffer.from(stringToSign), key, Buffer.from(signature, "hex"))) {
    errors.push("SignatureDoesNotMatch: the ECDSA signature does not verify over the origin's string to sign");
  }
  return { errors, canonicalRequest: verdict.canonicalRequest, signedHeaders: signed };
}

/** The request the handler returned, put on the wire as CloudFront would, then verified as SigV4A. */
export function verifySigV4aResult(original: CloudFrontRequestEvent, result: CloudFrontRequest, truth: Omit<SigV4aTruth, "host">): Promise<SigV4aVerdict> {
  const origin = original.Records[0]?.cf.request.origin;
  if (!origin) throw new Error("the event has no origin");
  return verifySigV4aWire(rebuildWireRequest(original, result), { ...truth, host: originHost(origin) });
}
