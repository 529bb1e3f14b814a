// The event file: read, parsed and checked to be a CloudFront origin-request event before the
// function sees it. Anything else is bad input, said in one line.
import type { CloudFrontRequestEvent } from "aws-lambda";

/** The input is not an event the function can be given; the message is one line for the user. */
export class InputError extends Error {
  override name = "InputError";
}

const SAMPLES = "see the sample events in test/events/";
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Why a file could not be read, in a few words. */
export function describeReadError(error: unknown): string {
  const code = isObject(error) ? error.code : undefined;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES") return "permission denied";
  return error instanceof Error ? (error.message.split("\n")[0] ?? error.name) : String(error);
}

/**
 * Parses `text` (read from `name`) into an origin-request event. The function itself checks
 * every field it reads and answers a malformed event with a generated 502; this only refuses
 * what is not a CloudFront event at all, or an event of another type.
 */
export function parseEvent(text: string, name: string): CloudFrontRequestEvent {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    // V8 quotes the start of the text in its message: keep it to one short line.
    const why = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 160);
    throw new InputError(`${name} is not JSON (${why}): ${SAMPLES}`);
  }
  const records = isObject(event) ? event.Records : undefined;
  const record: unknown = Array.isArray(records) ? records[0] : undefined;
  if (!isObject(record) || !isObject(record.cf)) throw new InputError(`${name} is not a CloudFront event (no Records[0].cf): ${SAMPLES}`);
  const config = record.cf.config;
  const eventType = isObject(config) ? config.eventType : undefined;
  if (eventType !== undefined && eventType !== "origin-request") {
    const what = typeof eventType === "string" ? `a ${eventType} event` : `an event of type ${JSON.stringify(eventType)}`;
    throw new InputError(`${name} is ${what}; the function runs on origin-request events only (Records[0].cf.config.eventType): ${SAMPLES}`);
  }
  const request = record.cf.request;
  const body = isObject(request) ? request.body : undefined;
  if (isObject(body) && typeof body.data === "string" && body.data.startsWith("@generated:")) {
    throw new InputError(`${name}'s body is a placeholder that the tests fill in (test/events/catalog.ts); it cannot be run as it is`);
  }
  return event as CloudFrontRequestEvent;
}
