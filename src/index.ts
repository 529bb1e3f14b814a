import type { CloudFrontRequestEvent } from "aws-lambda";
import { AssumedRoleCache } from "./assume-role/credentials-cache.ts";
import { type Config, DEFAULT_CONFIG } from "./config.ts";
import { readCredentials } from "./credentials.ts";
import { createLogger } from "./log.ts";
import { handleOriginRequest, type OriginRequestResult } from "./origin-request.ts";

// Replaced at build time by esbuild.config.mjs with the validated configuration file, as JSON text
// (an object literal there would make esbuild call an initializer from every module).
declare const __EDGE_SIGV4_CONFIG__: string | undefined;
const config: Config = typeof __EDGE_SIGV4_CONFIG__ === "undefined" ? DEFAULT_CONFIG : (JSON.parse(__EDGE_SIGV4_CONFIG__) as Config);
const log = createLogger(config.logLevel);
// Role sessions for origins in other accounts, kept for the life of the container.
const assumedRoles = new AssumedRoleCache();

/** The Lambda@Edge origin-request handler (Lambda handler setting: `index.handler`). */
export async function handler(event: CloudFrontRequestEvent): Promise<OriginRequestResult> {
  return handleOriginRequest(event, {
    config,
    credentials: readCredentials(process.env),
    now: new Date(),
    log,
    // AWS_REGION is the replica's Region: right for choosing the STS endpoint, never for signing an origin.
    sts: { cache: assumedRoles, region: process.env.AWS_REGION, ...(config.sts?.endpoint ? { endpoint: config.sts.endpoint } : {}) },
  });
}
