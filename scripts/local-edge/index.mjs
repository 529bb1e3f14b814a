// The local edge's programmatic API (used by the e2e tests; `npm start` is cli.mjs).
export { BUNDLE_PATH, buildBundle, bundleStaleness, ensureBundle, REPO_ROOT } from "./bundle.mjs";
export { main, parseCommandLine, USAGE } from "./cli.mjs";
export { createRedactor, credentialEnvironment, generateCredentials } from "./credentials.mjs";
export { DEFAULT_PORT, DEMO_BUCKET, EMBEDDED_REGION, originFromUrl, pathPatternMatches, startLocalEdge } from "./edge.mjs";
export { buildOriginRequestEvent, cloudFrontRequestId, DISALLOWED_HEADERS, isDisallowedHeader, MAX_EVENT_BODY_BYTES, READ_ONLY_HEADERS } from "./event.mjs";
export { startLambdaUrlOrigin } from "./lambda-url-origin.mjs";
export { startS3Origin } from "./s3-origin.mjs";
export { canonicalQuery, verifySigV4 } from "./sigv4-verify.mjs";
export { VALIDATION_MESSAGES, validateFunctionResult } from "./validate.mjs";
