// The viewer-access verifier: CloudFront's signed URL / signed cookie check for the local edge.
export { VIEWER_ACCESS_MESSAGES, type ViewerAccessErrorCode, viewerAccessErrorBody, viewerAccessErrorResponse } from "./error-response.ts";
export { type Ipv4Range, parseIpv4Range } from "./ipv4-range.ts";
export { matchesResource } from "./resource-pattern.ts";
export { SIGNED_URL_PARAMETERS } from "./signing-credentials.ts";
export { trustedKeyFromPem, unsupportedKeyKind } from "./trusted-key.ts";
export {
  checkViewerAccess,
  type TrustedKeys,
  type ViewerAccessAllowed,
  type ViewerAccessDecision,
  type ViewerAccessRefused,
  type ViewerAccessRequest,
} from "./viewer-access.ts";
