// CloudFront's behaviour around an origin-request function, as one module set: the event it
// builds, its header rules, how it validates the function's result, the request it then puts on
// the wire, and its own answers. Used by the local edge (`npm start`) and by the tests.
export { EDGE_MESSAGES, errorPage, X_CACHE } from "./error-page.ts";
export { DISALLOWED_HEADERS, headersSetAfterFunction, isDisallowedHeader, isReadOnlyHeader, READ_ONLY_HEADERS, VIEWER_HOP_BY_HOP } from "./header-rules.ts";
export { cloudFrontRequestId, cloudFrontServerId, type Distribution, fakeDistribution } from "./ids.ts";
export {
  type CloudFrontOrigin,
  type CustomOriginSettings,
  customOrigin,
  type OriginTarget,
  originHost,
  originTarget,
  s3Origin,
  toHeaderMap,
} from "./origin.ts";
export {
  buildOriginRequestEvent,
  type EdgeContext,
  type EventBehavior,
  MAX_EVENT_BODY_BYTES,
  type ViewerRequest,
} from "./origin-request-event.ts";
export { pathPatternMatches } from "./path-pattern.ts";
export { type ResultVerdict, VALIDATION_MESSAGES, type ValidatedRequest, validateFunctionResult } from "./validate-result.ts";
export { decodeBase64Strict, decodeEventBody, isStrictBase64 } from "./wire-body.ts";
export { buildWireRequest, type WireOptions, type WireRequest } from "./wire-request.ts";
