// fast-check generators of CloudFront origin-request events: known origins (whose signing target
// is fixed by the origin alone, known-origins.ts), hostile viewer requests (request-parts.ts) and
// bodies (bodies.ts), and some structural garbage. Each case carries what the origin alone
// implies and the body the origin receives.
import type { CloudFrontRequestEvent } from "aws-lambda";
import fc from "fast-check";
import { awsEndpointOrigin } from "./aws-endpoints.ts";
import { body } from "./bodies.ts";
import { KNOWN_ORIGINS, type KnownOrigin, SIGV4A_ORIGINS } from "./known-origins.ts";
import { headerMap, querystring, uri, viewerHeaders } from "./request-parts.ts";

export interface GeneratedCase {
  readonly known: KnownOrigin;
  readonly event: CloudFrontRequestEvent;
  /** The whole body the origin receives, when the event does not hold all of it. */
  readonly fullBody?: Buffer;
}

/** Well-formed events for the given origins. */
export function wellFormedCase(origins: readonly KnownOrigin[] | fc.Arbitrary<KnownOrigin> = KNOWN_ORIGINS): fc.Arbitrary<GeneratedCase> {
  return fc
    .record({
      known: Array.isArray(origins) ? fc.constantFrom(...origins) : (origins as fc.Arbitrary<KnownOrigin>),
      method: fc.constantFrom("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
      uri,
      querystring,
      viewer: viewerHeaders,
      body,
      // CloudFront's request ids: 56 characters of base64url, ending `==`.
      requestId: fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), minLength: 54, maxLength: 54 }),
    })
    .map(({ known, method, uri, querystring, viewer, body, requestId }) => {
      const domain = known.origin.custom?.domainName ?? known.origin.s3?.domainName ?? "";
      const request = {
        clientIp: "203.0.113.178",
        method,
        uri,
        querystring,
        headers: headerMap(domain, [...viewer, ...body.headers]),
        origin: structuredClone(known.origin),
        ...(body.body ? { body: body.body } : {}),
      };
      const config = {
        distributionDomainName: "d111111abcdef8.cloudfront.net",
        distributionId: "EDFDVBD6EXAMPLE",
        eventType: "origin-request",
        requestId: `${requestId}==`,
      };
      const event = { Records: [{ cf: { config, request } }] } as CloudFrontRequestEvent;
      return body.fullBody ? { known, event, fullBody: body.fullBody } : { known, event };
    });
}

const GARBLED_FIELDS = [
  "Records",
  "cf",
  "config",
  "eventType",
  "request",
  "method",
  "uri",
  "querystring",
  "headers",
  "origin",
  "custom",
  "s3",
  "body",
  "requestId",
  "domainName",
  "customHeaders",
  "path",
  "port",
  "protocol",
  "region",
  "data",
  "encoding",
  "inputTruncated",
  "host",
  "key",
  "value",
] as const;

/** Structural garbage: one field of a well-formed event replaced by a value of the wrong shape or removed, or anything at all. */
export const garbledEvent: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(
        wellFormedCase(),
        fc.constantFrom(...GARBLED_FIELDS),
        fc.constantFrom(undefined, null, 0, -1, 1.5, true, "", [], {}, [{ key: 1 }], [{ value: null }], "x".repeat(5), "/", "no-slash", { s3: {}, custom: {} }),
      )
      .map(([{ event }, field, replacement]) => {
        const copy = structuredClone(event) as unknown;
        replaceField(copy, field, replacement);
        return copy;
      }),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
);

function replaceField(node: unknown, field: string, replacement: unknown): boolean {
  if (typeof node !== "object" || node === null) return false;
  const record = node as Record<string, unknown>;
  if (field in record) {
    if (replacement === undefined) delete record[field];
    else record[field] = replacement;
    return true;
  }
  return Object.values(record).some((child) => replaceField(child, field, replacement));
}

/** One event for the properties: well formed for a known origin (with the body the origin receives), or garbage. */
export interface PropertyCase {
  readonly event: unknown;
  readonly known?: KnownOrigin;
  readonly fullBody?: Buffer;
}

/** Every kind of event at once: known origins, generated AWS endpoints, SigV4A origins (no signature check yet), and garbage. */
export const anyCase: fc.Arbitrary<PropertyCase> = fc.oneof(
  { weight: 13, arbitrary: wellFormedCase() },
  { weight: 3, arbitrary: wellFormedCase(awsEndpointOrigin) },
  { weight: 1, arbitrary: wellFormedCase(SIGV4A_ORIGINS) },
  { weight: 3, arbitrary: garbledEvent.map((event) => ({ event })) },
);
