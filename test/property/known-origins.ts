// Origins whose fate is fixed by the origin alone (its domain name, its S3 region, its custom
// headers, all set by the operator): signed for one service and region, forwarded unsigned, or
// refused. Nothing a viewer sends may change that; the properties check it.
import type { CloudFrontHeaders, CloudFrontRequestEvent } from "aws-lambda";

/** Values a log line (or a generated response) must never show. */
export const SECRETS = {
  accessKeyId: "AKIAPROPERTYTEST0001",
  secretAccessKey: "property/Secret+Key/never-logged/0123456789abcd",
  sessionToken: "IQoJb3JpZ2luX2VjEProperty-session-token-never-logged-0123456789",
  viewerAuthorization: "Bearer viewer-bearer-token-never-logged",
  viewerCookie: "session=viewer-cookie-value-never-logged",
  viewerSessionToken: "viewer-session-token-never-logged-FwoGZXIvYXdzE",
} as const;

export type EventOrigin = NonNullable<CloudFrontRequestEvent["Records"][number]["cf"]["request"]["origin"]>;

export type OriginExpectation =
  | { readonly kind: "signed"; readonly service: string; readonly region: string }
  | { readonly kind: "unsigned" }
  | { readonly kind: "refused" }
  /** An AWS endpoint that needs SigV4A (or one being added with it): signed somehow, or answered; never forwarded unsigned. */
  | { readonly kind: "aws-pending" };

export interface KnownOrigin {
  readonly name: string;
  readonly origin: EventOrigin;
  /** What the origin alone implies: signed for this service and region, forwarded unsigned, or refused. */
  readonly expect: OriginExpectation;
}

const header = (key: string, value: string): CloudFrontHeaders => ({ [key.toLowerCase()]: [{ key, value }] });

interface CustomOptions {
  readonly headers?: CloudFrontHeaders;
  readonly path?: string;
  readonly port?: number;
}

export function custom(domainName: string, { headers = {}, path = "", port = 443 }: CustomOptions = {}): EventOrigin {
  return {
    custom: { customHeaders: headers, domainName, keepaliveTimeout: 5, path, port, protocol: "https", readTimeout: 30, sslProtocols: ["TLSv1.2"] },
  };
}

export function s3(domainName: string, region?: string, path = ""): EventOrigin {
  // @types/aws-lambda knows only OAI origins; CloudFront also sends authMethod "none" (with no region).
  const s3Origin = { authMethod: region ? "origin-access-identity" : "none", customHeaders: {}, domainName, path, region: region ?? "" };
  return { s3: s3Origin } as EventOrigin;
}

function s3WithHeaders(domainName: string, customHeaders: CloudFrontHeaders): EventOrigin {
  const origin = s3(domainName);
  return { s3: { ...origin.s3!, customHeaders } } as EventOrigin;
}

const signed = (service: string, region: string): OriginExpectation => ({ kind: "signed", service, region });
const LAMBDA_URL_ID = "abcdefghijklmnopqrstuvwxyz012345";

export const KNOWN_ORIGINS: readonly KnownOrigin[] = [
  { name: "lambda-url", origin: custom(`${LAMBDA_URL_ID}.lambda-url.eu-west-1.on.aws`), expect: signed("lambda", "eu-west-1") },
  { name: "lambda-url+path", origin: custom(`${LAMBDA_URL_ID}.lambda-url.us-east-1.on.aws`, { path: "/prefix" }), expect: signed("lambda", "us-east-1") },
  {
    name: "lambda-url+debug-header",
    origin: custom(`${LAMBDA_URL_ID}.lambda-url.ap-northeast-1.on.aws`, { headers: header("X-Sigv4-Debug", "1") }),
    expect: signed("lambda", "ap-northeast-1"),
  },
  { name: "execute-api", origin: custom("a1b2c3d4e5.execute-api.us-east-2.amazonaws.com", { path: "/prod" }), expect: signed("execute-api", "us-east-2") },
  {
    name: "execute-api+port",
    origin: custom("a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com", { port: 8443 }),
    expect: signed("execute-api", "eu-west-2"),
  },
  { name: "opensearch", origin: custom("search-logs-abc123.eu-central-1.es.amazonaws.com"), expect: signed("es", "eu-central-1") },
  { name: "aoss", origin: custom("0123456789abcdef.us-west-2.aoss.amazonaws.com"), expect: signed("aoss", "us-west-2") },
  { name: "s3-regional", origin: s3("media-bucket.s3.eu-west-1.amazonaws.com"), expect: signed("s3", "eu-west-1") },
  { name: "s3-regional+path", origin: s3("media-bucket.s3.eu-west-1.amazonaws.com", undefined, "/assets/v%201"), expect: signed("s3", "eu-west-1") },
  { name: "s3-dashed", origin: s3("media-bucket.s3-eu-west-2.amazonaws.com"), expect: signed("s3", "eu-west-2") },
  { name: "s3-dotted-bucket", origin: s3("www.example.com.s3.eu-central-1.amazonaws.com"), expect: signed("s3", "eu-central-1") },
  { name: "s3-dualstack", origin: s3("media-bucket.s3.dualstack.us-west-1.amazonaws.com"), expect: signed("s3", "us-west-1") },
  { name: "s3-legacy-global", origin: s3("media-bucket.s3.amazonaws.com"), expect: signed("s3", "us-east-1") },
  { name: "s3-legacy-oai", origin: s3("media-bucket.s3.amazonaws.com", "eu-west-3"), expect: signed("s3", "eu-west-3") },
  { name: "s3-access-point", origin: s3("media-ap-123456789012.s3-accesspoint.sa-east-1.amazonaws.com"), expect: signed("s3", "sa-east-1") },
  {
    name: "s3-object-lambda",
    origin: custom("olap-123456789012.s3-object-lambda.us-east-1.amazonaws.com"),
    expect: signed("s3-object-lambda", "us-east-1"),
  },
  { name: "s3-rest-as-custom", origin: custom("media-bucket.s3.ap-southeast-2.amazonaws.com"), expect: signed("s3", "ap-southeast-2") },
  {
    // The operator's own x-amz-* header: S3 refuses it unless it is signed.
    name: "s3-rest-as-custom+amz-origin-header",
    origin: custom("media-bucket.s3.ca-central-1.amazonaws.com", { headers: header("X-Amz-Meta-Team", "media") }),
    expect: signed("s3", "ca-central-1"),
  },
  {
    // Values whose whitespace the canonical request folds, several of them, on an S3 origin.
    name: "s3+amz-origin-headers-with-spacing",
    origin: s3WithHeaders("media-bucket.s3.us-east-2.amazonaws.com", {
      ...header("X-Amz-Meta-Team", "  media \t  team  "),
      "x-amz-meta-tags": [
        { key: "X-Amz-Meta-Tags", value: "a" },
        { key: "x-amz-meta-tags", value: " b  c " },
      ],
    }),
    expect: signed("s3", "us-east-2"),
  },
  {
    name: "custom-domain-configured-by-origin-headers",
    origin: custom("api.example.com", { headers: { ...header("X-Sigv4-Service", "execute-api"), ...header("X-Sigv4-Region", "eu-north-1") } }),
    expect: signed("execute-api", "eu-north-1"),
  },
  {
    name: "lambda-url-region-overridden-by-origin-header",
    origin: custom(`${LAMBDA_URL_ID}.lambda-url.eu-west-1.on.aws`, { headers: header("X-Sigv4-Region", "eu-south-2") }),
    expect: signed("lambda", "eu-south-2"),
  },
  { name: "s3-upper-case-domain", origin: s3("Media-Bucket.S3.EU-WEST-1.amazonaws.com"), expect: signed("s3", "eu-west-1") },
  {
    // The operator's own non-AWS headers travel unsigned next to the signed ones.
    name: "lambda-url+origin-verify-header",
    origin: custom(`${LAMBDA_URL_ID}.lambda-url.us-west-2.on.aws`, { headers: header("X-Origin-Verify", "operator-shared-value"), path: "/api/v1" }),
    expect: signed("lambda", "us-west-2"),
  },
  { name: "unknown", origin: custom("origin.example.com"), expect: { kind: "unsigned" } },
  { name: "lookalike", origin: custom(`${LAMBDA_URL_ID}.lambda-url.us-east-1.on.aws.evil.example`), expect: { kind: "unsigned" } },
  { name: "lookalike-s3", origin: custom("media-bucket.s3.eu-west-1.amazonaws.com.evil.example"), expect: { kind: "unsigned" } },
  { name: "s3-website", origin: custom("media-bucket.s3-website-eu-west-1.amazonaws.com"), expect: { kind: "unsigned" } },
  { name: "region-without-service", origin: custom("api.example.com", { headers: header("X-Sigv4-Region", "eu-west-1") }), expect: { kind: "refused" } },
  {
    name: "invalid-region-header",
    origin: custom("api.example.com", { headers: { ...header("X-Sigv4-Service", "execute-api"), ...header("X-Sigv4-Region", "EU_WEST") } }),
    expect: { kind: "refused" },
  },
  {
    name: "origin-header-replaces-signature-header",
    origin: custom("a1b2c3d4e5.execute-api.us-east-1.amazonaws.com", { headers: header("X-Amz-Security-Token", "operator-token") }),
    expect: { kind: "refused" },
  },
];

/**
 * AWS endpoints the SigV4 oracle cannot judge yet (SigV4A): only the properties that need no
 * signature check use them. The function answers them today and will sign them with SigV4A.
 */
export const SIGV4A_ORIGINS: readonly KnownOrigin[] = [
  { name: "mrap", origin: s3("mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com"), expect: { kind: "aws-pending" } },
];

/**
 * Lambda Web Function endpoints (regional SigV4, global SigV4A), which the function is learning
 * now: until it does, it forwards them unsigned (a known gap, kept apart so it does not hide
 * other findings of the same property).
 */
export const LAMBDA_WEB_ORIGINS: readonly KnownOrigin[] = [
  { name: "lambda-web-regional", origin: custom("abcdef0123456789.lambda-web.eu-west-1.on.aws"), expect: { kind: "aws-pending" } },
  { name: "lambda-web-global", origin: custom("abcdef0123456789.lambda-web.global.on.aws"), expect: { kind: "aws-pending" } },
];
