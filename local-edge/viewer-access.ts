// CloudFront's viewer-access check (signed URLs and signed cookies of a behavior with trusted key
// groups), run on the viewer's request before the origin-request function, as CloudFront does.
// The decision is the verifier's (cloudfront-emulator/viewer-access/); this module adapts the
// edge's viewer request to it, and the request it lets through to what CloudFront forwards.
import type { CloudFrontHeaders } from "aws-lambda";
import { pathPatternMatches, type ViewerRequest } from "../cloudfront-emulator/index.ts";
import { checkViewerAccess, type TrustedKeys, type ViewerAccessRequest } from "../cloudfront-emulator/viewer-access/index.ts";

export type ViewerAccessDecision =
  | {
      readonly allow: true;
      /** The request CloudFront goes on with (signed-URL parameters removed); undefined = as received. */
      readonly forward?: ViewerRequest;
      /** How the viewer got in, for the access log line ("signed URL, key K2..."). */
      readonly note?: string;
    }
  | {
      readonly allow: false;
      readonly status: number;
      /** CloudFront's answer, e.g. `text/xml` with `<Error><Code>AccessDenied</Code>...`. */
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      /** Why, for the access log line: never the signature, the policy or a cookie. */
      readonly reason: string;
    };

export type ViewerAccessCheck = (request: ViewerRequest) => ViewerAccessDecision | Promise<ViewerAccessDecision>;

/** What `--trusted-key` and `--protect` give the edge. */
export interface ViewerAccessSettings {
  /** The trusted key group: public keys by key pair id. */
  readonly trustedKeys: TrustedKeys;
  /** Path patterns that need a signed URL or cookies; empty = every path of every behavior. */
  readonly protect: readonly string[];
  /** Unix seconds (default: the system clock). */
  readonly now?: () => number;
  /** Said after the key ids at start ("generated for this run"). */
  readonly keysNote?: string;
}

function splitTarget(target: string): { uri: string; querystring: string } {
  const question = target.indexOf("?");
  return question === -1 ? { uri: target, querystring: "" } : { uri: target.slice(0, question), querystring: target.slice(question + 1) };
}

/** The viewer's request as the verifier reads it; the URL is the one the viewer used (http, its Host). */
export function viewerAccessRequest(viewer: ViewerRequest, fallbackHost: string): ViewerAccessRequest {
  const headers: CloudFrontHeaders = {};
  for (let i = 0; i + 1 < viewer.rawHeaders.length; i += 2) {
    const key = viewer.rawHeaders[i] ?? "";
    const entries = headers[key.toLowerCase()] ?? [];
    entries.push({ key, value: viewer.rawHeaders[i + 1] ?? "" });
    headers[key.toLowerCase()] = entries;
  }
  const host = headers.host?.[0]?.value || fallbackHost;
  const { uri, querystring } = splitTarget(viewer.target);
  return { method: viewer.method, uri, querystring, headers, clientIp: viewer.clientIp, url: `http://${host}${viewer.target}` };
}

/** The viewer request with the verifier's `forward`: its query string, and its cookies in place of the viewer's. */
export function forwardedViewer(viewer: ViewerRequest, forward: { uri: string; querystring: string; headers: CloudFrontHeaders }): ViewerRequest {
  const cookies = (forward.headers.cookie ?? []).flatMap(({ key, value }) => [key ?? "Cookie", value]);
  const rawHeaders: string[] = [];
  let placed = false;
  for (let i = 0; i + 1 < viewer.rawHeaders.length; i += 2) {
    const key = viewer.rawHeaders[i] ?? "";
    if (key.toLowerCase() !== "cookie") rawHeaders.push(key, viewer.rawHeaders[i + 1] ?? "");
    else if (!placed) {
      rawHeaders.push(...cookies);
      placed = true;
    }
  }
  if (!placed) rawHeaders.push(...cookies);
  const target = forward.querystring === "" ? forward.uri : `${forward.uri}?${forward.querystring}`;
  return { ...viewer, target, rawHeaders };
}

/**
 * The check of a behavior that trusts `settings.trustedKeys`: paths matching a `protect` pattern
 * (every path when there is none) need a signed URL or signed cookies; others pass as they are.
 */
export function trustedKeyGroupCheck(settings: ViewerAccessSettings, fallbackHost: () => string): ViewerAccessCheck {
  const now = settings.now ?? (() => Date.now() / 1000);
  return (viewer) => {
    const request = viewerAccessRequest(viewer, fallbackHost());
    if (settings.protect.length > 0 && !settings.protect.some((pattern) => pathPatternMatches(pattern, request.uri))) return { allow: true };
    const decision = checkViewerAccess(request, settings.trustedKeys, now());
    if (!decision.allowed) {
      const headers: Record<string, string> = {};
      for (const [name, entries] of Object.entries(decision.response.headers ?? {})) headers[entries[0]?.key ?? name] = entries[0]?.value ?? "";
      return {
        allow: false,
        status: Number(decision.response.status),
        headers,
        body: decision.response.body ?? "",
        reason: `${decision.code}: ${decision.reason}`,
      };
    }
    const via = decision.via === "signed-url" ? "signed URL" : "signed cookies";
    return { allow: true, forward: forwardedViewer(viewer, decision.forward), note: `${via}, key ${decision.keyPairId}` };
  };
}

/** The start-up line that says which paths need a signature, with which keys. */
export function viewerAccessLine(settings: ViewerAccessSettings): string {
  const ids = [...settings.trustedKeys.keys()];
  const paths = settings.protect.length === 0 ? "every path" : settings.protect.join(", ");
  return `  viewer access: ${paths} needs a signed URL or signed cookies (trusted key${ids.length === 1 ? "" : "s"} ${ids.join(", ")}${settings.keysNote ? `, ${settings.keysNote}` : ""})`;
}
