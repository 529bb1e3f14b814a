// What every embedded origin shares: its options, what it reports when it refuses a request,
// and the SigV4 / SigV4A check from the wire with the project's one oracle (sigv4-oracle/).
import type { IncomingMessage } from "node:http";
import {
  type CredentialSource,
  headersFromRaw,
  type SignedRequest,
  type SigningAlgorithm,
  splitTarget,
  type Verdict,
  verifySignedRequest,
} from "../../sigv4-oracle/index.ts";

/** An origin's refusal, reported to the edge so that `--verbose` can explain it. */
export interface OriginRefusal {
  readonly origin: string;
  readonly method: string;
  readonly target: string;
  readonly status: number;
  readonly code: string;
  readonly reason: string;
  readonly canonicalRequest?: string | undefined;
  readonly stringToSign?: string | undefined;
  /** The request id CloudFront sent (`X-Amz-Cf-Id`), to match the refusal with the viewer's request. */
  readonly amzCfId?: string | undefined;
}

export interface EmbeddedOriginOptions {
  /** The callers the origin trusts. */
  readonly credentials: CredentialSource;
  /**
   * The region the origin serves in (default us-east-1): a SigV4 scope must name it, a SigV4A
   * region set must include it.
   */
  readonly region?: string;
  /** The signing protocol it requires (a Multi-Region Access Point, a global Lambda Web Function: sigv4a); any when absent. */
  readonly algorithm?: SigningAlgorithm;
  /** The AWS host name it plays (`<alias>.mrap.accesspoint.s3-global.amazonaws.com`): the Host received must be this one. */
  readonly awsHost?: string;
  readonly host?: string;
  /** 0 (the default) picks a free port; the origin reports the one in use. */
  readonly port?: number;
  readonly now?: () => Date;
  readonly onRefusal?: (refusal: OriginRefusal) => void;
}

export interface EmbeddedOrigin {
  readonly service: string;
  readonly region: string;
  readonly host: string;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** The request as the origin received it. */
export function receivedRequest(req: IncomingMessage, body: Buffer): SignedRequest {
  return { method: req.method ?? "GET", ...splitTarget(req.url ?? "/"), headers: headersFromRaw(req.rawHeaders), body };
}

/** Verifies the request's signature for `service`; a refusal is reported with the first finding. */
export function checkSignature(request: SignedRequest, service: string, options: EmbeddedOriginOptions): Verdict {
  const region = options.region ?? "us-east-1";
  const verdict = verifySignedRequest(request, {
    service,
    region,
    credentials: options.credentials,
    now: options.now?.() ?? new Date(),
    ...(options.algorithm ? { algorithm: options.algorithm } : {}),
    ...(options.awsHost ? { host: options.awsHost } : {}),
  });
  const first = verdict.findings[0];
  if (first) {
    options.onRefusal?.({
      origin: service,
      method: request.method,
      target: request.querystring === "" ? request.path : `${request.path}?${request.querystring}`,
      status: first.status,
      code: first.code,
      reason: first.detail,
      canonicalRequest: verdict.canonicalRequest,
      stringToSign: verdict.stringToSign,
      amzCfId: request.headers["x-amz-cf-id"],
    });
  }
  return verdict;
}
