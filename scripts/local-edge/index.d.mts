// Types for the local edge's API, for the TypeScript e2e tests (the modules are plain ES modules).

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface HeaderEntry {
  key?: string;
  value: string;
}
export type HeaderMap = Record<string, HeaderEntry[]>;

export interface OriginRequestEvent {
  Records: Array<{
    cf: {
      config: { distributionDomainName: string; distributionId: string; eventType: "origin-request"; requestId: string };
      request: {
        clientIp: string;
        method: string;
        uri: string;
        querystring: string;
        headers: HeaderMap;
        body?: { action: "read-only" | "replace"; data: string; encoding: "base64" | "text"; inputTruncated: boolean };
        origin: Record<string, unknown>;
      };
    };
  }>;
}

/** One request through the edge, reported once the viewer's answer is complete. */
export interface Exchange {
  requestId: string;
  method: string;
  target: string;
  /** The event handed to the function. */
  event?: OriginRequestEvent;
  /** The function's output, as Lambda serialized it. */
  result?: Record<string, unknown>;
  outcome?: "request" | "response" | "invalid" | "function-error";
  /** The function's console output during the invocation (secrets redacted). */
  functionLogs?: Array<{ level: string; line: string }>;
  /** What went on the wire to the origin (secret values redacted). */
  wire?: { method: string; target: string; headers: Record<string, string>; bodyLength: number };
  originStatus?: number;
  /** Embedded origins only: why the origin refused. */
  originError?: { code: string; reason: string };
  status: number;
}

export interface LocalEdgeOptions {
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Module exporting `handler`; default dist/index.mjs. */
  handlerPath?: string;
  /** A real origin URL; without it the embedded origins are started. */
  origin?: string;
  service?: string;
  region?: string;
  originPath?: string;
  /** Default true. */
  includeBody?: boolean;
  verbose?: boolean;
  /** Credentials to sign with (default: generated, or the AWS chain with `origin`). */
  credentials?: Credentials;
  /** Where output lines go (default stdout). Lines are redacted first. */
  print?: (line: string) => void;
  onExchange?: (exchange: Exchange) => void;
  functionTimeoutMs?: number;
  maxEnvironments?: number;
  maxBodyBytes?: number;
}

export interface LocalEdge {
  url: string;
  port: number;
  host: string;
  distribution: { id: string; domainName: string };
  behaviors: Array<{ pathPattern: string; origin: Record<string, unknown>; url?: string }>;
  close(): Promise<void>;
}

export interface OriginRefusal {
  origin: "s3" | "lambda";
  method: string;
  target: string;
  status: number;
  code: string;
  reason: string;
  canonicalRequest?: string;
  stringToSign?: string;
  amzCfId?: string;
}

export interface EmbeddedOriginOptions {
  credentials: Credentials | Credentials[];
  region?: string;
  host?: string;
  port?: number;
  now?: () => Date;
  onRefusal?: (refusal: OriginRefusal) => void;
}

export interface EmbeddedOrigin {
  service: string;
  region: string;
  host: string;
  port: number;
  url: string;
  close(): Promise<void>;
}

export interface StoredObject {
  body: Buffer;
  headers: Record<string, string>;
  etag: string;
  lastModified: Date;
}

export declare const BUNDLE_PATH: string;
export declare const REPO_ROOT: string;
export declare const DEFAULT_PORT: number;
export declare const DEMO_BUCKET: string;
export declare const EMBEDDED_REGION: string;
export declare const MAX_EVENT_BODY_BYTES: number;
export declare const DISALLOWED_HEADERS: string[];
export declare const READ_ONLY_HEADERS: string[];
export declare const USAGE: string;
export declare const VALIDATION_MESSAGES: Record<string, string>;

export declare function startLocalEdge(options?: LocalEdgeOptions): Promise<LocalEdge>;
export declare function startS3Origin(
  options: EmbeddedOriginOptions & { buckets?: string[]; maxObjectBytes?: number },
): Promise<EmbeddedOrigin & { store: Map<string, { created: Date; objects: Map<string, StoredObject> }> }>;
export declare function startLambdaUrlOrigin(options: EmbeddedOriginOptions): Promise<EmbeddedOrigin>;
export declare function generateCredentials(): Required<Credentials>;
export declare function credentialEnvironment(credentials: Credentials): Record<string, string>;
export declare function createRedactor(getSecrets: () => Array<string | undefined>): (text: string) => string;
export declare function ensureBundle(options?: {
  root?: string;
  mode?: "stale" | "missing" | "never";
  log?: (line: string) => void;
}): Promise<string | undefined>;
export declare function buildBundle(root?: string): Promise<void>;
export declare function bundleStaleness(root?: string): string | undefined;
export declare function parseCommandLine(
  argv: string[],
  env?: Record<string, string | undefined>,
): { help: boolean; build: boolean; options: LocalEdgeOptions };
export declare function main(argv?: string[]): Promise<number>;
export declare function originFromUrl(
  url: string,
  options: { service?: string; region?: string; originPath?: string; verbose?: boolean },
): Record<string, unknown>;
export declare function pathPatternMatches(pattern: string, uri: string): boolean;
export declare function isDisallowedHeader(name: string): boolean;
export declare function cloudFrontRequestId(): string;
export declare function canonicalQuery(rawQuery: string): string;
export declare function buildOriginRequestEvent(
  viewer: { clientIp: string; clientPort: number; method: string; target: string; rawHeaders: string[]; httpVersion: string; body: Buffer },
  behavior: { origin: Record<string, unknown>; includeBody: boolean },
  edge: { requestId: string; distribution: { id: string; domainName: string }; serverId: string },
): OriginRequestEvent;
export declare function validateFunctionResult(
  original: OriginRequestEvent["Records"][number]["cf"]["request"],
  json: string,
):
  | { kind: "request"; request: Record<string, unknown> }
  | { kind: "response"; response: Record<string, unknown> }
  | { kind: "invalid"; message: string; detail: string };
export declare function verifySigV4(
  request: { method: string; rawPath: string; rawQuery: string; headers: Map<string, string>; body: Buffer },
  rules: {
    service: string;
    region: string;
    pathRules: "s3" | "standard";
    payload: "header" | "body";
    requireContentSha256: boolean;
    requireAmzHeadersSigned: boolean;
    lookup: (accessKeyId: string) => Credentials | undefined;
    now: Date;
  },
):
  | { ok: true; accessKeyId: string; signedHeaders: string[]; canonicalRequest: string; stringToSign: string }
  | {
      ok: false;
      status: number;
      code: string;
      message: string;
      fields: Record<string, string>;
      reason: string;
      canonicalRequest?: string;
      stringToSign?: string;
    };
