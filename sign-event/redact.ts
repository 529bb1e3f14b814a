// Masks secrets in what sign-event prints: the credentials it found, the signature and session
// token the function wrote into the request, and cookies.
import { redactText } from "../local-edge/redact-text.ts";

const MASK = "<redacted>";

function redactHeaderValue(name: string, value: string): string {
  if (name === "x-amz-security-token" || name === "cookie") return MASK;
  if (name === "authorization") {
    // Keep what a reader needs (algorithm, credential scope, signed headers); mask the proof.
    return /^AWS4-[A-Z0-9-]+ /.test(value) ? value.replace(/(Signature=)[^,\s]*/, `$1${MASK}`) : MASK;
  }
  return value;
}

/** A copy of a header map with the signature, session token and cookies masked; what is not a header list is kept. */
export function redactHeaders(headers: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, entries] of Object.entries(headers)) {
    out[name] = Array.isArray(entries)
      ? entries.map((entry: unknown) =>
          typeof entry === "object" && entry !== null && "value" in entry && typeof entry.value === "string"
            ? { ...entry, value: redactHeaderValue(name.toLowerCase(), entry.value) }
            : entry,
        )
      : entries;
  }
  return out;
}

/** The function's result as printed: its headers (and origin custom headers) masked, then any literal secret. */
export function redactResult(result: unknown, secrets: readonly (string | undefined)[]): string {
  const json = JSON.stringify(
    result,
    (key, value: unknown) => ((key === "headers" || key === "customHeaders") && typeof value === "object" && value !== null ? redactHeaders(value) : value),
    2,
  );
  return redactText(json ?? "null", secrets);
}
