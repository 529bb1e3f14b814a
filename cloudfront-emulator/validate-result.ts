// CloudFront's checks on what an origin-request function returned. A failure is answered with a
// 502 whose page carries CloudFront's wording. The texts marked "verbatim" are CloudFront's own,
// as reported from real distributions (GitHub issues: serverless-express #369, opennextjs-aws
// #393, amplify-hosting #1176, amplify-cli #8604, serverless-next.js #525, react-ssr-lambda #28,
// cloudformation-aws-marketplace-saas #54); the others follow their pattern. `detail` says which
// header or field, as CloudFront writes it to the function's log group.
import type { CloudFrontHeaders, CloudFrontOrigin, CloudFrontRequest, CloudFrontResultResponse } from "aws-lambda";
import { isDisallowedHeader, READ_ONLY_HEADERS } from "./header-rules.ts";
import { MAX_EVENT_BODY_BYTES } from "./origin-request-event.ts";
import { isStrictBase64 } from "./wire-body.ts";

export const VALIDATION_MESSAGES = {
  notParsable: "The Lambda function returned invalid JSON: The JSON output is not parsable.", // verbatim
  notObject: "The Lambda function returned invalid JSON: The JSON output must be an object type.", // verbatim
  headerNotArray: "The Lambda function returned an invalid entry in the headers object: Each header entry in the headers object must be an array.", // verbatim
  headerEntry:
    "The Lambda function returned an invalid entry in the headers object: Each header entry must be an object with a string value, under its lower-case name.",
  headerValue: "The Lambda function result failed validation: The function returned an invalid header value.",
  readOnly: "The Lambda function result failed validation: The function tried to add, delete, or change a read-only header.", // verbatim
  disallowed: "The Lambda function result failed validation: The function tried to add a blacklisted header.", // verbatim
  body: "The Lambda function result failed validation: The body is not a string, is not an object, or exceeds the maximum size.", // verbatim
  origin: "The Lambda function returned an invalid origin configuration: One or more HeaderName or HeaderValue values are invalid.", // verbatim
  originFields: "The Lambda function returned an invalid origin configuration: The origin domain name, port, protocol or path is invalid.",
  uri: "The Lambda function result failed validation: The URI or query string is invalid.",
  status: "The Lambda function result failed validation: The status code is invalid.",
} as const;

/** A request CloudFront forwards, with the fields CloudFront keeps filled in. */
export type ValidatedRequest = CloudFrontRequest & { origin: CloudFrontOrigin };

export type ResultVerdict =
  | { readonly kind: "request"; readonly request: ValidatedRequest }
  | { readonly kind: "response"; readonly response: CloudFrontResultResponse }
  | { readonly kind: "invalid"; readonly message: string; readonly detail: string };

type Invalid = Extract<ResultVerdict, { kind: "invalid" }>;

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const BAD_VALUE = /[\0\r\n]/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(message: string, detail: string): Invalid {
  return { kind: "invalid", message, detail };
}

function values(headers: CloudFrontHeaders, name: string): string[] {
  return (headers[name] ?? []).map((entry) => entry.value);
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** The structure of a CloudFront headers map. */
function checkHeaderMap(headers: unknown, where: string): Invalid | undefined {
  if (!isObject(headers)) return fail(VALIDATION_MESSAGES.headerNotArray, `${where} is not an object`);
  for (const [name, entries] of Object.entries(headers)) {
    if (!Array.isArray(entries)) return fail(VALIDATION_MESSAGES.headerNotArray, `${where}["${name}"] is not an array`);
    if (name !== name.toLowerCase() || !TOKEN.test(name)) return fail(VALIDATION_MESSAGES.headerEntry, `${where}: "${name}" is not a lower-case header name`);
    for (const entry of entries as unknown[]) {
      if (!isObject(entry) || typeof entry.value !== "string") {
        return fail(VALIDATION_MESSAGES.headerEntry, `${where}["${name}"] has an entry whose value is not a string`);
      }
      if (entry.key !== undefined && (typeof entry.key !== "string" || entry.key.toLowerCase() !== name)) {
        return fail(VALIDATION_MESSAGES.headerEntry, `${where}["${name}"] has an entry whose key ${JSON.stringify(entry.key)} is not that header's name`);
      }
      if (BAD_VALUE.test(entry.value)) return fail(VALIDATION_MESSAGES.headerValue, `invalid character in header value, headerName : ${entry.key ?? name}`);
    }
  }
  return undefined;
}

function byteLength(data: string, encoding: unknown): number {
  return encoding === "base64" ? Buffer.byteLength(data, "base64") : Buffer.byteLength(data);
}

function checkBody(body: unknown): Invalid | undefined {
  if (body === undefined) return undefined;
  if (!isObject(body)) return fail(VALIDATION_MESSAGES.body, "body is not an object");
  if (body.action !== "replace") return undefined; // read-only: CloudFront forwards the original body
  if (typeof body.data !== "string" || (body.encoding !== "base64" && body.encoding !== "text")) {
    return fail(VALIDATION_MESSAGES.body, 'a replaced body needs a string "data" and encoding "base64" or "text"');
  }
  if (body.encoding === "base64" && !isStrictBase64(body.data)) return fail(VALIDATION_MESSAGES.body, "the replaced body is not valid base64");
  const size = byteLength(body.data, body.encoding);
  if (size > MAX_EVENT_BODY_BYTES) return fail(VALIDATION_MESSAGES.body, `the replaced body is ${size} bytes, over 1 MB`);
  return undefined;
}

function checkOrigin(origin: unknown): Invalid | undefined {
  if (!isObject(origin) || (origin.s3 === undefined) === (origin.custom === undefined)) {
    return fail(VALIDATION_MESSAGES.originFields, "request.origin must hold exactly one of s3 and custom");
  }
  const target = origin.s3 ?? origin.custom;
  if (!isObject(target) || typeof target.domainName !== "string" || !/^[A-Za-z0-9.-]+$/.test(target.domainName)) {
    return fail(VALIDATION_MESSAGES.originFields, "the origin's domainName is not a host name");
  }
  const path = target.path;
  if (path !== undefined && (typeof path !== "string" || (path !== "" && (!path.startsWith("/") || path.endsWith("/"))))) {
    return fail(VALIDATION_MESSAGES.originFields, `origin path ${JSON.stringify(path)} must be empty or start with "/" and not end with "/"`);
  }
  if (isObject(origin.custom)) {
    const port = Number(origin.custom.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      return fail(VALIDATION_MESSAGES.originFields, `origin port ${JSON.stringify(origin.custom.port)} is invalid`);
    }
    if (origin.custom.protocol !== "http" && origin.custom.protocol !== "https") {
      return fail(VALIDATION_MESSAGES.originFields, `origin protocol ${JSON.stringify(origin.custom.protocol)} is invalid`);
    }
  }
  if (target.customHeaders !== undefined) {
    const invalid = checkHeaderMap(target.customHeaders, "origin customHeaders");
    if (invalid) return fail(VALIDATION_MESSAGES.origin, invalid.detail);
    const names = Object.keys(target.customHeaders as object);
    const forbidden = names.find((name) => isDisallowedHeader(name) || name === "host" || READ_ONLY_HEADERS.includes(name));
    if (forbidden) return fail(VALIDATION_MESSAGES.origin, `origin custom header ${forbidden} is not allowed`);
  }
  return undefined;
}

function checkResponse(response: Record<string, unknown>): Invalid | undefined {
  const status = Number(response.status);
  if (!Number.isInteger(status) || status < 100 || status > 599 || String(response.status).trim() !== String(status)) {
    return fail(VALIDATION_MESSAGES.status, `status ${JSON.stringify(response.status)}`);
  }
  if (response.headers !== undefined) {
    const invalid = checkHeaderMap(response.headers, "response.headers");
    if (invalid) return invalid;
    const forbidden = Object.keys(response.headers as object).find((name) => isDisallowedHeader(name));
    if (forbidden) return fail(VALIDATION_MESSAGES.disallowed, `the function tried to add a blacklisted header, headerName : ${forbidden}`);
  }
  if (response.body !== undefined && typeof response.body !== "string") return fail(VALIDATION_MESSAGES.body, "response body is not a string");
  if (response.bodyEncoding !== undefined && response.bodyEncoding !== "text" && response.bodyEncoding !== "base64") {
    return fail(VALIDATION_MESSAGES.body, `bodyEncoding ${JSON.stringify(response.bodyEncoding)}`);
  }
  const size = byteLength(typeof response.body === "string" ? response.body : "", response.bodyEncoding);
  if (size > MAX_EVENT_BODY_BYTES) return fail(VALIDATION_MESSAGES.body, `generated response body is ${size} bytes, over 1 MB`);
  return undefined;
}

/** The read-only headers untouched and no disallowed header added, against the request as built. */
function checkHeaderChanges(original: CloudFrontHeaders, headers: CloudFrontHeaders): Invalid | undefined {
  for (const name of READ_ONLY_HEADERS) {
    if (!sameValues(values(original, name), values(headers, name))) {
      const key = original[name]?.[0]?.key ?? headers[name]?.[0]?.key ?? name;
      return fail(VALIDATION_MESSAGES.readOnly, `the function tried to add, delete, or change a read-only header, headerName : ${key}`);
    }
  }
  for (const name of Object.keys(headers)) {
    if (isDisallowedHeader(name) && !sameValues(values(original, name), values(headers, name))) {
      return fail(VALIDATION_MESSAGES.disallowed, `the function tried to add a blacklisted header, headerName : ${headers[name]?.[0]?.key ?? name}`);
    }
  }
  return undefined;
}

/**
 * Judges the function's JSON output against the request it was given.
 * @param original the event's `cf.request` as built, before the function ran (a copy)
 * @param json the function's output as Lambda serialized it
 */
export function validateFunctionResult(original: CloudFrontRequest, json: string): ResultVerdict {
  let result: unknown;
  try {
    result = JSON.parse(json);
  } catch {
    return fail(VALIDATION_MESSAGES.notParsable, "the output is not JSON");
  }
  if (!isObject(result)) {
    return fail(VALIDATION_MESSAGES.notObject, `the function returned ${result === null ? "null" : Array.isArray(result) ? "an array" : typeof result}`);
  }
  if (result.status !== undefined) return checkResponse(result) ?? { kind: "response", response: result as unknown as CloudFrontResultResponse };
  const headers = result.headers ?? {};
  const invalid = checkHeaderMap(headers, "request.headers") ?? checkHeaderChanges(original.headers, headers as CloudFrontHeaders);
  if (invalid) return invalid;
  const uri = result.uri ?? original.uri;
  const querystring = result.querystring ?? original.querystring;
  if (typeof uri !== "string" || !uri.startsWith("/") || /[\s#?]/.test(uri) || typeof querystring !== "string" || /[\s#]/.test(querystring)) {
    return fail(VALIDATION_MESSAGES.uri, `uri ${JSON.stringify(uri)}, querystring ${JSON.stringify(querystring)}`);
  }
  const origin = result.origin ?? original.origin;
  const bad = checkOrigin(origin) ?? checkBody(result.body);
  if (bad) return bad;
  // method and clientIp are read-only fields: CloudFront keeps its own.
  const request = { ...result, method: original.method, clientIp: original.clientIp, uri, querystring, headers, origin } as unknown as ValidatedRequest;
  return { kind: "request", request };
}
