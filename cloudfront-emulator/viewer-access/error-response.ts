// CloudFront's refusal of a request without a valid signed URL or signed cookies: 403, text/xml.
import type { CloudFrontResultResponse } from "aws-lambda";

export type ViewerAccessErrorCode = "MissingKey" | "InvalidKey" | "MalformedSignature" | "MalformedPolicy" | "AccessDenied";

/**
 * The messages CloudFront sends with each code. AWS's knowledge-center article on signed URL and
 * cookie errors quotes MissingKey's message and "Unknown Key"; the codes and the other messages are
 * as CloudFront answers in public bug reports and code (see SOURCES.md).
 */
export const VIEWER_ACCESS_MESSAGES: Readonly<Record<ViewerAccessErrorCode, string>> = {
  MissingKey: "Missing Key-Pair-Id query parameter or cookie value",
  InvalidKey: "Unknown Key",
  MalformedSignature: "Could not unencode Signature",
  MalformedPolicy: "Malformed Policy",
  AccessDenied: "Access denied",
};

/** The XML error document, as CloudFront writes it (declaration, then the document, no newlines). */
export function viewerAccessErrorBody(code: ViewerAccessErrorCode): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${VIEWER_ACCESS_MESSAGES[code]}</Message></Error>`;
}

/** The response CloudFront sends the viewer instead of forwarding the request. */
export function viewerAccessErrorResponse(code: ViewerAccessErrorCode): CloudFrontResultResponse {
  return {
    status: "403",
    statusDescription: "Forbidden",
    headers: { "content-type": [{ key: "Content-Type", value: "text/xml" }] },
    body: viewerAccessErrorBody(code),
  };
}
