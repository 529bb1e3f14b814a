// The canonical request shown at debug level, with the values that are credentials masked: the
// session token, a forwarded signed URL's Signature and Policy (and any query value named like a
// token, secret or password), and an SSE-C customer key. Names stay, so the rest reads as signed.

const REDACTED = "<redacted>";
// Matched on the encoded name, lowercased: the words are unreserved characters, which encoding keeps.
const SECRET_QUERY_NAME = /signature|token|secret|password|^policy$/;
const SECRET_HEADER_NAME = /^x-amz-security-token$|customer-key/;

/** Lines: method, path, query, the headers (`name:value`), a blank line, signed headers, payload hash. */
export function redactCanonicalRequest(canonicalRequest: string): string {
  const lines = canonicalRequest.split("\n");
  const query = lines[2];
  if (query) {
    lines[2] = query
      .split("&")
      .map((pair) => {
        const equals = pair.indexOf("=");
        const name = equals === -1 ? pair : pair.slice(0, equals);
        return equals !== -1 && equals < pair.length - 1 && SECRET_QUERY_NAME.test(name.toLowerCase()) ? `${name}=${REDACTED}` : pair;
      })
      .join("&");
  }
  for (let index = 3; index < lines.length && lines[index] !== ""; index++) {
    const line = lines[index] ?? "";
    const name = line.slice(0, line.indexOf(":"));
    if (SECRET_HEADER_NAME.test(name)) lines[index] = `${name}:${REDACTED}`;
  }
  return lines.join("\n");
}
