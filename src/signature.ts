import { SignatureV4 } from "@smithy/signature-v4";
import type { HeaderBag, HttpRequest } from "@smithy/types";
import type { Credentials } from "./credentials.ts";
import { Sha256 } from "./sha256.ts";

export interface RequestToSign {
  readonly method: string;
  /** The Host header value (with the port when it is not the default one). */
  readonly host: string;
  /** The path as it goes on the wire; the signer encodes it once more for non-S3 services. */
  readonly path: string;
  /** The canonical query of the query string that is sent (query.ts builds both). */
  readonly canonicalQuery: string;
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

/**
 * Fills the empty query line of a canonical request that @smithy/signature-v4 built for a request
 * given no query (its own query handling collects pairs in a plain object: see formatQuery).
 */
export function withCanonicalQuery(withoutQuery: string, canonicalQuery: string): string {
  // METHOD \n path \n <query> \n headers...: the query line starts after the second newline.
  const queryLine = withoutQuery.indexOf("\n", withoutQuery.indexOf("\n") + 1) + 1;
  if (queryLine === 0 || withoutQuery[queryLine] !== "\n") {
    throw new Error("@smithy/signature-v4's canonical request no longer has its query on line 3");
  }
  return withoutQuery.slice(0, queryLine) + canonicalQuery + withoutQuery.slice(queryLine);
}

/**
 * The official signer for one request, with one step of its own: the canonical query line. The
 * signer is given no query, and that empty line of its canonical request is filled with ours
 * (see formatQuery). `createCanonicalRequest` and `createStringToSign` are the signer's
 * protected, typed extension points; both keep what they return, which is the explanation.
 */
class RequestSigner extends SignatureV4 {
  readonly #canonicalQuery: string;
  canonicalRequest = "";
  stringToSign = "";

  constructor(parameters: SigningParameters, credentials: Credentials, canonicalQuery: string) {
    // applyChecksum off: the payload hash is always computed by the caller (payload-hash.ts).
    super({ ...parameters, credentials, sha256: Sha256, applyChecksum: false });
    this.#canonicalQuery = canonicalQuery;
  }

  protected override createCanonicalRequest(request: HttpRequest, canonicalHeaders: HeaderBag, payloadHash: string): string {
    this.canonicalRequest = withCanonicalQuery(super.createCanonicalRequest(request, canonicalHeaders, payloadHash), this.#canonicalQuery);
    return this.canonicalRequest;
  }

  protected override async createStringToSign(longDate: string, scope: string, canonicalRequest: string, algorithm: string): Promise<string> {
    this.stringToSign = await super.createStringToSign(longDate, scope, canonicalRequest, algorithm);
    return this.stringToSign;
  }
}

/**
 * Signs with @smithy/signature-v4 (which caches derived signing keys itself). The request holds
 * only the headers to sign and no body: the payload hash is already in x-amz-content-sha256,
 * which the signer takes as given.
 */
export async function signRequest(
  request: RequestToSign,
  parameters: SigningParameters,
  credentials: Credentials,
  signingDate: Date,
  explain: boolean,
): Promise<SignedHeaders & { explanation?: Explanation }> {
  const signer = new RequestSigner(parameters, credentials, request.canonicalQuery);
  const toSign = { method: request.method, protocol: "https:", hostname: request.host, path: request.path, query: {}, headers: { ...request.headers } };
  const signableHeaders = request.forceSigned && new Set(request.forceSigned);
  const signed = await signer.sign(toSign, { signingDate, signableHeaders });
  const result = {
    authorization: String(signed.headers.authorization),
    amzDate: String(signed.headers["x-amz-date"]),
    securityToken: signed.headers["x-amz-security-token"],
  };
  return explain ? { ...result, explanation: { canonicalRequest: signer.canonicalRequest, stringToSign: signer.stringToSign } } : result;
}
