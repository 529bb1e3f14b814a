import { HttpRequest } from "@smithy/protocol-http";
import { ALGORITHM_IDENTIFIER, createScope, getCanonicalHeaders, getPayloadHash, SignatureV4 } from "@smithy/signature-v4";
import type { HttpRequest as SignedRequest } from "@smithy/types";
import type { Credentials } from "./credentials.ts";
import type { QueryParameters } from "./query.ts";
import { Sha256 } from "./sha256.ts";

export interface RequestToSign {
  readonly method: string;
  /** The Host header value (with the port when it is not the default one). */
  readonly host: string;
  /** The path as it goes on the wire; the signer encodes it once more for non-S3 services. */
  readonly path: string;
  readonly query: QueryParameters;
  /** Lowercase names → values: exactly the headers to sign, host and x-amz-content-sha256 included. */
  readonly headers: Readonly<Record<string, string>>;
  /** Configured extras, which the signer would otherwise skip if on its never-sign list (e.g. cache-control). */
  readonly forceSigned?: readonly string[];
}

export interface SigningParameters {
  readonly service: string;
  readonly region: string;
  readonly uriEscapePath: boolean;
}

export interface SignedHeaders {
  readonly authorization: string;
  readonly amzDate: string;
  readonly securityToken: string | undefined;
}

export interface Explanation {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

type SigningKeyDerivation = (this: SignatureV4, credentials: Credentials, region: string, shortDate: string, service?: string) => Promise<Uint8Array>;
const deriveSigningKey = (SignatureV4.prototype as unknown as { getSigningKey?: SigningKeyDerivation }).getSigningKey;

/** The official signer, plus a way to show what it signed (for debug logs and --explain). */
class ExplainingSignatureV4 extends SignatureV4 {
  private signingKey: { readonly shortDate: string; readonly region: string; readonly service: string; readonly key: Promise<Uint8Array> } | undefined;

  static {
    // @smithy/signature-v4 caches derived keys module-wide but looks them up by HMAC-ing the
    // secret on every request (a third of a GET's signing time). A signer serves one set of
    // credentials, so it keeps its key for the day instead. The signer's (private) method is
    // wrapped, not reimplemented; were it ever renamed, signing would simply not be memoized.
    if (typeof deriveSigningKey === "function") {
      Object.defineProperty(ExplainingSignatureV4.prototype, "getSigningKey", {
        value(this: ExplainingSignatureV4, credentials: Credentials, region: string, shortDate: string, service?: string) {
          const name = service ?? this.service;
          const memo = this.signingKey;
          if (memo && memo.shortDate === shortDate && memo.region === region && memo.service === name) return memo.key;
          const key = deriveSigningKey.call(this, credentials, region, shortDate, service);
          this.signingKey = { shortDate, region, service: name, key };
          return key;
        },
      });
    }
  }

  async explain(signed: SignedRequest, service: string, region: string, signableHeaders: Set<string> | undefined): Promise<Explanation> {
    const amzDate = String(signed.headers["x-amz-date"]);
    const canonicalHeaders = getCanonicalHeaders(signed, undefined, signableHeaders);
    const canonicalRequest = this.createCanonicalRequest(signed, canonicalHeaders, await getPayloadHash(signed, this.sha256));
    const scope = createScope(amzDate.slice(0, 8), region, service);
    const stringToSign = await this.createStringToSign(amzDate, scope, canonicalRequest, ALGORITHM_IDENTIFIER);
    return { canonicalRequest, stringToSign };
  }
}

// Signers live across invocations of a warm container; @smithy/signature-v4 caches the
// derived signing keys itself. A change of credentials starts a new set.
let signers = new Map<string, ExplainingSignatureV4>();
let signersFor: Credentials | undefined;

function signerFor(parameters: SigningParameters, credentials: Credentials): ExplainingSignatureV4 {
  if (
    signersFor?.accessKeyId !== credentials.accessKeyId ||
    signersFor.secretAccessKey !== credentials.secretAccessKey ||
    signersFor.sessionToken !== credentials.sessionToken
  ) {
    signers = new Map();
    signersFor = { ...credentials };
  }
  const key = `${parameters.service} ${parameters.region} ${parameters.uriEscapePath}`;
  let signer = signers.get(key);
  if (!signer) {
    // applyChecksum off: the payload hash is always computed by the caller (payload-hash.ts).
    signer = new ExplainingSignatureV4({ ...parameters, credentials: signersFor, sha256: Sha256, applyChecksum: false });
    signers.set(key, signer);
  }
  return signer;
}

function toHttpRequest(request: RequestToSign): HttpRequest {
  return new HttpRequest({ method: request.method, hostname: request.host, path: request.path, query: request.query, headers: { ...request.headers } });
}

/**
 * Signs with @smithy/signature-v4. The request holds only the headers to sign and no body: the
 * payload hash is already in x-amz-content-sha256, which the signer takes as given.
 */
export async function signRequest(
  request: RequestToSign,
  parameters: SigningParameters,
  credentials: Credentials,
  signingDate: Date,
  explain: boolean,
): Promise<SignedHeaders & { explanation?: Explanation }> {
  const signer = signerFor(parameters, credentials);
  const signableHeaders = request.forceSigned && new Set(request.forceSigned);
  const signed = await signer.sign(toHttpRequest(request), { signingDate, signableHeaders });
  const result = {
    authorization: String(signed.headers.authorization),
    amzDate: String(signed.headers["x-amz-date"]),
    securityToken: signed.headers["x-amz-security-token"],
  };
  return explain ? { ...result, explanation: await signer.explain(signed, parameters.service, parameters.region, signableHeaders) } : result;
}
