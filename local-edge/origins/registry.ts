// The embedded origins `npm start` runs without --origin, each behind its own cache behavior,
// in CloudFront's order (the first matching path pattern wins; the default behavior `*` last).
// Another embedded origin (an STS stand-in, say) is one more entry here.
import type { EmbeddedOrigin, EmbeddedOriginOptions } from "./embedded-origin.ts";
import { startLambdaUrlOrigin } from "./lambda-url-origin.ts";
import { startS3Origin } from "./s3-origin.ts";

export const DEMO_BUCKET = "demo";

export interface EmbeddedOriginEntry {
  /** The cache behavior's path pattern. */
  readonly pathPattern: string;
  /** The signing name the function is told (origin custom header x-sigv4-service). */
  readonly service: string;
  /** What the start-up line says about it. */
  readonly description: string;
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
    pathPattern: "*",
    service: "s3",
    description: `S3-style bucket origin, path-style, bucket "${DEMO_BUCKET}"`,
    start: (options) => startS3Origin({ ...options, buckets: [DEMO_BUCKET] }),
  },
];
