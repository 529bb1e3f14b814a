// `--verbose`: the lines printed under a request's access-log line — the function's canonical
// request, and when the origin refused, its error, its own canonical request and the first line
// where the two differ.

import type { FunctionLogSummary } from "./function-logs.ts";
import type { OriginRefusal } from "./origins/embedded-origin.ts";
import { xmlField } from "./xml.ts";

const SHOWN_ERROR_CHARS = 4000;

export function indent(text: string, prefix = "    "): string {
  return text
    .split("\n")
    .map((line) => `${prefix}${line}`)
    .join("\n");
}

function clip(text: string): string {
  return text.length > SHOWN_ERROR_CHARS ? `${text.slice(0, SHOWN_ERROR_CHARS)}…` : text;
}

export function firstDifference(a: string, b: string): string | undefined {
  const left = a.split("\n");
  const right = b.split("\n");
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i]) return `line ${i + 1}: function ${JSON.stringify(left[i] ?? "")} / origin ${JSON.stringify(right[i] ?? "")}`;
  }
  return undefined;
}

/** The function's log lines and what it signed. */
export function functionNotes(logs: FunctionLogSummary): string[] {
  const notes = logs.lines.filter((entry) => typeof entry.record?.canonicalRequest !== "string").map((entry) => `  function log: ${entry.line}`);
  if (logs.canonicalRequest) notes.push(`  canonical request (signed by the function):\n${indent(logs.canonicalRequest)}`);
  if (logs.stringToSign) notes.push(`  string to sign (function):\n${indent(logs.stringToSign)}`);
  return notes;
}

/** Why the origin refused: from its S3 error document, or from what an embedded origin reported. */
export function refusalNotes(status: number, errorBody: string, refusal: OriginRefusal | undefined, logs: FunctionLogSummary): string[] {
  const notes: string[] = [];
  const code = xmlField(errorBody, "Code");
  if (code) notes.push(`  origin answered ${status} ${code}: ${xmlField(errorBody, "Message") ?? ""}`);
  else if (errorBody) notes.push(`  origin answered ${status}:\n${indent(clip(errorBody))}`);
  if (refusal) notes.push(`  origin's reason: ${refusal.code}: ${refusal.reason}`);
  const originCanonical = xmlField(errorBody, "CanonicalRequest") ?? refusal?.canonicalRequest;
  const originStringToSign = xmlField(errorBody, "StringToSign") ?? refusal?.stringToSign;
  if (originCanonical) notes.push(`  canonical request (computed by the origin):\n${indent(originCanonical)}`);
  if (originStringToSign) notes.push(`  string to sign (origin):\n${indent(originStringToSign)}`);
  const diff = logs.canonicalRequest && originCanonical ? firstDifference(logs.canonicalRequest, originCanonical) : undefined;
  if (diff) notes.push(`  first difference: ${diff}`);
  else if (code && !originCanonical && errorBody) notes.push(indent(clip(errorBody)));
  return notes;
}
