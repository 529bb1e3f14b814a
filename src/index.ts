import type { CloudFrontRequestEvent } from "aws-lambda";
import { DEFAULT_CONFIG, type Config } from "./config.js";
import { readCredentials } from "./credentials.js";
import { createLogger } from "./log.js";
import { handleOriginRequest, type OriginRequestResult } from "./origin-request.js";

// Replaced at build time by esbuild.config.mjs with the validated configuration file.
declare const __EDGE_SIGV4_CONFIG__: Config | undefined;
const config: Config = typeof __EDGE_SIGV4_CONFIG__ === "undefined" ? DEFAULT_CONFIG : __EDGE_SIGV4_CONFIG__;
const log = createLogger(config.logLevel);

/** The Lambda@Edge origin-request handler (Lambda handler setting: `index.handler`). */
export async function handler(event: CloudFrontRequestEvent): Promise<OriginRequestResult> {
  return handleOriginRequest(event, { config, credentials: readCredentials(process.env), now: new Date(), log });
}
