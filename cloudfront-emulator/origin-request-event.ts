// The origin-request event CloudFront builds for a viewer request, for a behavior with the
// AllViewerExceptHostHeader origin request policy and an origin-request trigger (include body
// on or off). See docs/interfaces.md and the CloudFront developer guide, "Lambda@Edge event
// structure".
import type { CloudFrontHeaders, CloudFrontOrigin, CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import { isDisallowedHeader, VIEWER_HOP_BY_HOP } from "./header-rules.ts";
import type { Distribution } from "./ids.ts";
import { originHost } from "./origin.ts";

/** CloudFront hands an origin-request trigger at most this much of the body (then `inputTruncated`). */
export const MAX_EVENT_BODY_BYTES = 1024 * 1024;

/** What the viewer sent, as the edge received it. */
export interface ViewerRequest {
  readonly clientIp: string;
  readonly clientPort: number;
  readonly method: string;
  /** The request target as received (path and query, still percent-encoded). */
  readonly target: string;
  /** Node's `rawHeaders`: name, value, name, value, ... */
  readonly rawHeaders: readonly string[];
  /** `1.1` or `2.0`. */
  readonly httpVersion: string;
  readonly body: Buffer;
}

/** The parts of a cache behavior the event depends on. */
export interface EventBehavior {
  readonly origin: CloudFrontOrigin;
  /** The trigger's "Include body" option. */
  readonly includeBody: boolean;
}

/** The edge's side: the request id, the distribution, and the Via id of the edge server. */
export interface EdgeContext {
  readonly requestId: string;
  readonly distribution: Distribution;
  readonly serverId: string;
}

function addHeader(headers: CloudFrontHeaders, key: string, value: string): void {
  const name = key.toLowerCase();
  const entries = headers[name] ?? [];
  entries.push({ key, value });
  headers[name] = entries;
}

function setHeader(headers: CloudFrontHeaders, key: string, value: string): void {
  headers[key.toLowerCase()] = [{ key, value }];
}

export function buildOriginRequestEvent(viewer: ViewerRequest, behavior: EventBehavior, edge: EdgeContext): CloudFrontRequestEvent {
  const question = viewer.target.indexOf("?");
  const uri = question === -1 ? viewer.target : viewer.target.slice(0, question);
  const querystring = question === -1 ? "" : viewer.target.slice(question + 1);
  const origin = structuredClone(behavior.origin);

  const headers: CloudFrontHeaders = {};
  setHeader(headers, "Host", originHost(origin));
  const viewerXff: string[] = [];
  for (let i = 0; i + 1 < viewer.rawHeaders.length; i += 2) {
    const key = viewer.rawHeaders[i] ?? "";
    const value = viewer.rawHeaders[i + 1] ?? "";
    const name = key.toLowerCase();
    // AllViewerExceptHostHeader: every viewer header but Host; CloudFront drops hop-by-hop
    // headers and the ones it owns (X-Forwarded-Proto, X-Amz-Cf-*, CloudFront-*, Via).
    if (name === "host" || VIEWER_HOP_BY_HOP.has(name) || isDisallowedHeader(name) || name.startsWith("cloudfront-") || name === "via") continue;
    if (name === "x-forwarded-for") {
      viewerXff.push(value);
      continue;
    }
    addHeader(headers, key, value);
  }
  if (!headers["user-agent"]) setHeader(headers, "User-Agent", "Amazon CloudFront");
  // CloudFront appends the viewer's address to what the viewer sent.
  setHeader(headers, "X-Forwarded-For", [...viewerXff, viewer.clientIp].join(", "));
  setHeader(headers, "Via", `${viewer.httpVersion === "2.0" ? "2.0" : "1.1"} ${edge.serverId}.cloudfront.net (CloudFront)`);
  setHeader(headers, "CloudFront-Forwarded-Proto", "http");
  setHeader(headers, "CloudFront-Viewer-Address", `${viewer.clientIp}:${viewer.clientPort}`);
  setHeader(headers, "CloudFront-Viewer-Http-Version", viewer.httpVersion);
  setHeader(headers, "CloudFront-Is-Desktop-Viewer", "true");
  setHeader(headers, "CloudFront-Is-Mobile-Viewer", "false");
  setHeader(headers, "CloudFront-Is-SmartTV-Viewer", "false");
  setHeader(headers, "CloudFront-Is-Tablet-Viewer", "false");

  const request: CloudFrontRequest = { clientIp: viewer.clientIp, headers, method: viewer.method, querystring, uri };
  if (behavior.includeBody) {
    const truncated = viewer.body.length > MAX_EVENT_BODY_BYTES;
    const cut = truncated ? viewer.body.subarray(0, MAX_EVENT_BODY_BYTES) : viewer.body;
    request.body = { action: "read-only", data: cut.toString("base64"), encoding: "base64", inputTruncated: truncated };
  }
  request.origin = origin;
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: edge.distribution.domainName,
            distributionId: edge.distribution.id,
            eventType: "origin-request",
            requestId: edge.requestId,
          },
          request,
        },
      },
    ],
  };
}
