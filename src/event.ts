import type { CloudFrontRequest } from "aws-lambda";
import { EdgeError } from "./errors.ts";

export interface OriginRequest {
  readonly requestId: string;
  /** The event's own request object: the function modifies it and returns it. */
  readonly request: CloudFrontRequest;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

function check(condition: boolean, reason: string): asserts condition {
  if (!condition) throw new EdgeError(502, `malformed origin-request event: ${reason}`);
}

const isOptional = (value: unknown, type: string): boolean => value === undefined || typeof value === type;

function isHeaderList(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  for (const entry of entries) {
    if (!isObject(entry) || typeof entry.value !== "string" || !isOptional(entry.key, "string")) return false;
  }
  return true;
}

function checkHeaders(value: unknown, where: string): void {
  check(isObject(value), `${where} is not a header map`);
  for (const name in value) {
    check(name === name.toLowerCase() && isHeaderList(value[name]), `${where}["${name}"] is not a list of {key, value} strings under a lowercase name`);
  }
}

/** The request id, when the event has one, for log lines about events that are otherwise broken. */
export function peekRequestId(event: unknown): string | undefined {
  const id: unknown = isObject(event) && Array.isArray(event.Records) ? event.Records[0]?.cf?.config?.requestId : undefined;
  return typeof id === "string" ? id : undefined;
}

/**
 * Checks the shape of an origin-request event before anything reads it, so that a malformed
 * event becomes a clear 502 instead of a TypeError.
 */
export function readOriginRequest(event: unknown): OriginRequest {
  const record: unknown = isObject(event) && Array.isArray(event.Records) ? event.Records[0] : undefined;
  check(isObject(record) && isObject(record.cf), "no Records[0].cf");
  const { config, request } = record.cf;
  check(isObject(config) && typeof config.requestId === "string", "no cf.config.requestId");
  check(isOptional(config.eventType, "string") && (config.eventType ?? "origin-request") === "origin-request", "not an origin-request event");
  check(isObject(request), "no cf.request");
  check(typeof request.method === "string", "request.method is not a string");
  check(typeof request.uri === "string" && request.uri.startsWith("/"), "request.uri is not a path");
  check(isOptional(request.querystring, "string"), "request.querystring is not a string");
  checkHeaders(request.headers, "request.headers");

  const { origin, body } = request;
  check(isObject(origin) && (origin.s3 === undefined) !== (origin.custom === undefined), "request.origin holds neither s3 nor custom");
  const kind = origin.s3 === undefined ? "custom" : "s3";
  const target = origin[kind];
  check(
    isObject(target) && typeof target.domainName === "string" && /^[\w.-]+$/.test(target.domainName),
    `request.origin.${kind}.domainName is not a host name`,
  );
  check(isOptional(target.path, "string") && isOptional(target.region, "string"), `request.origin.${kind} has a path or region that is not a string`);
  check(target.port === undefined || Number.isInteger(Number(target.port)), "request.origin.custom.port is not a number");
  if (target.customHeaders !== undefined) checkHeaders(target.customHeaders, `request.origin.${kind}.customHeaders`);

  check(
    body === undefined ||
      (isObject(body) &&
        typeof body.data === "string" &&
        (body.encoding === "base64" || body.encoding === "text") &&
        isOptional(body.inputTruncated, "boolean")),
    'request.body is not {data, encoding: "base64"|"text", inputTruncated}',
  );
  return { requestId: config.requestId, request: request as unknown as CloudFrontRequest };
}
