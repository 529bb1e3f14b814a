// The local edge's programmatic API (used by the e2e tests; `npm start` is cli.mjs).
export { BUNDLE_PATH, REPO_ROOT, buildBundle, bundleStaleness, ensureBundle } from "./bundle.mjs";
export { USAGE, main, parseCommandLine } from "./cli.mjs";
export { createRedactor, credentialEnvironment, generateCredentials } from "./credentials.mjs";
export { DEFAULT_PORT, DEMO_BUCKET, EMBEDDED_REGION, originFromUrl, pathPatternMatches, startLocalEdge } from "./edge.mjs";
export { DISALLOWED_HEADERS, MAX_EVENT_BODY_BYTES, READ_ONLY_HEADERS, buildOriginRequestEvent, cloudFrontRequestId, isDisallowedHeader } from "./event.mjs";
export { startLambdaUrlOrigin } from "./lambda-url-origin.mjs";
export { startS3Origin } from "./s3-origin.mjs";
export { canonicalQuery, verifySigV4 } from "./sigv4-verify.mjs";
export { VALIDATION_MESSAGES, validateFunctionResult } from "./validate.mjs";
