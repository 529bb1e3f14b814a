// What a SigV4 verifier works from: the request exactly as it arrived at the origin.

/** A request as the origin received it. */
export interface SignedRequest {
  readonly method: string;
  /** The path of the request line, exactly as sent (still percent-encoded). */
  readonly path: string;
  /** The query of the request line without the "?", exactly as sent; "" when none. */
  readonly querystring: string;
  /** Received headers by lower-case name; a repeated header's values joined with ",". */
  readonly headers: Readonly<Record<string, string>>;
  /** The body bytes received. */
  readonly body: Buffer;
}

/** Splits a request target into its raw path and raw query (without "?"), exactly as sent. */
export function splitTarget(target: string): { path: string; querystring: string } {
  const question = target.indexOf("?");
  return question === -1 ? { path: target, querystring: "" } : { path: target.slice(0, question), querystring: target.slice(question + 1) };
}

/** Node's `rawHeaders` (name, value, name, value, ...) by lower-case name, repeated values joined with ",". */
export function headersFromRaw(rawHeaders: readonly string[]): Record<string, string> {
  // No prototype: a header named `__proto__` or `constructor` is a header like any other.
  const headers = Object.create(null) as Record<string, string>;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? "").toLowerCase();
    const value = rawHeaders[i + 1] ?? "";
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous},${value}`;
  }
  return headers;
}
