// The embedded origins `npm start` runs without --origin, each behind its own cache behavior,
// in CloudFront's order (the first matching path pattern wins; the default behavior `*` last).
// Some play an AWS endpoint whose host name decides how the function signs (`awsHost`): the
// event carries that host, and the edge connects to the stand-in on loopback instead.
import type { SigningAlgorithm } from "../../sigv4-oracle/index.ts";
import type { EmbeddedOrigin, EmbeddedOriginOptions } from "./embedded-origin.ts";
import { startLambdaUrlOrigin } from "./lambda-url-origin.ts";
import { startS3Origin } from "./s3-origin.ts";

export const DEMO_BUCKET = "demo";
/** A Multi-Region Access Point's host: `<alias>.mrap.accesspoint.s3-global.amazonaws.com`. */
export const MRAP_HOST = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com";
/** A Lambda Web Function's global (multi-Region) endpoint. */
export const WEB_FUNCTION_HOST = "demo.lambda-web.global.on.aws";
/** A function URL in another account, reached with a role of that account. */
export const CROSS_ACCOUNT_HOST = "crossaccountdemo222233334444xyz.lambda-url.us-east-1.on.aws";
export const CROSS_ACCOUNT_ROLE_ARN = "arn:aws:iam::222233334444:role/edge-sigv4-demo";

export interface EmbeddedOriginEntry {
  /** The cache behavior's path pattern. */
  readonly pathPattern: string;
  /** The signing name (origin custom header x-sigv4-service when the origin is on loopback). */
  readonly service: string;
  /** What the start-up line says about it. */
  readonly description: string;
  /** The AWS host name the stand-in plays: the origin's domain name in the event, and the Host it checks. */
  readonly awsHost?: string;
  /** The signing protocol the origin requires (its host makes the function use it). */
  readonly algorithm?: SigningAlgorithm;
  /** An origin in another account: the function assumes this role (origin custom header x-sigv4-role-arn); only its sessions get in. */
  readonly roleArn?: string;
  start(options: EmbeddedOriginOptions): Promise<EmbeddedOrigin>;
}

export const EMBEDDED_ORIGINS: readonly EmbeddedOriginEntry[] = [
  {
    pathPattern: "/api/*",
    service: "lambda",
    description: "function-URL-style origin, IAM auth, echoes what it receives",
    start: startLambdaUrlOrigin,
  },
  {
    pathPattern: "/mrap/*",
    service: "s3",
    description: `Multi-Region Access Point stand-in ${MRAP_HOST}, an S3 bucket`,
    awsHost: MRAP_HOST,
    algorithm: "sigv4a",
    start: (options) => startS3Origin({ ...options, hostBucket: "demo-mrap" }),
  },
  {
    pathPattern: "/web/*",
    service: "lambda",
    description: `Lambda Web Function global endpoint stand-in ${WEB_FUNCTION_HOST}, echoes what it receives`,
    awsHost: WEB_FUNCTION_HOST,
    algorithm: "sigv4a",
    start: startLambdaUrlOrigin,
  },
  {
    pathPattern: "/cross-account/*",
    service: "lambda",
    description: "echo in account 222233334444 that lets in role edge-sigv4-demo only",
    awsHost: CROSS_ACCOUNT_HOST,
    roleArn: CROSS_ACCOUNT_ROLE_ARN,
    start: startLambdaUrlOrigin,
  },
  {
    pathPattern: "*",
    service: "s3",
    description: `S3-style bucket origin, path-style, bucket "${DEMO_BUCKET}"`,
    start: (options) => startS3Origin({ ...options, buckets: [DEMO_BUCKET] }),
  },
];
