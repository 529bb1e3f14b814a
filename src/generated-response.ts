import type { CloudFrontResultResponse } from "aws-lambda";
import type { EdgeErrorStatus } from "./errors.ts";

const DESCRIPTIONS: Record<EdgeErrorStatus, string> = {
  400: "Bad Request",
  413: "Payload Too Large",
  500: "Internal Server Error",
  502: "Bad Gateway",
};

/** The answer CloudFront sends to the viewer instead of forwarding the request. */
export function generatedResponse(status: EdgeErrorStatus, reason: string, requestId: string | undefined): CloudFrontResultResponse {
  return {
    status: String(status),
    statusDescription: DESCRIPTIONS[status],
    headers: {
      "content-type": [{ key: "Content-Type", value: "application/json" }],
      "cache-control": [{ key: "Cache-Control", value: "no-store" }],
    },
    body: JSON.stringify({ message: `edge-sigv4: ${reason}`, requestId: requestId ?? null }),
  };
}
