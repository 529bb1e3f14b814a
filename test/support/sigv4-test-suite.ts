// Reading the official signing test vectors (test/fixtures/sigv4-test-suite, from aws-c-auth):
// each case's context, raw request and expected artefacts, and the request the project's
// signers take for it (built with the project's own query parser and S3 path encoding).
import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Credentials } from "../../src/credentials.ts";
import { formatQuery, parseQuery } from "../../src/query.ts";
import { canonicalS3Path } from "../../src/s3-path.ts";
import type { RequestToSign } from "../../src/signature.ts";

const SUITE = join(import.meta.dirname, "../fixtures/sigv4-test-suite");

export interface VectorContext {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  normalize: boolean;
  region: string;
  service: string;
  sign_body: boolean;
  timestamp: string;
  omit_session_token?: boolean;
}

export interface RawRequest {
  method: string;
  target: string;
  headers: Record<string, string>;
  body: string;
}

export interface VectorCase {
  readonly name: string;
  readonly context: VectorContext;
  readonly raw: RawRequest;
  /** A file of the case, as text (`header-canonical-request.txt`, ...). */
  read(file: string): string;
  has(file: string): boolean;
}

/** Parses `request.txt`: request line, headers (repeats joined with commas, folded lines kept), body. */
export function parseRawRequest(text: string): RawRequest {
  const [head = "", body = ""] = text.split(/\r?\n\r?\n/, 2);
  const [requestLine = "", ...lines] = head.split(/\r?\n/);
  const method = requestLine.slice(0, requestLine.indexOf(" "));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(" HTTP/"));
  const headers: Record<string, string> = {};
  let last: string | undefined;
  for (const line of lines) {
    if (line === "") continue;
    if (/^\s/.test(line) && last) {
      headers[last] += `\n${line}`; // folded continuation line
      continue;
    }
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1);
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    last = name;
  }
  return { method, target, headers, body };
}

/** The case names of one suite, sorted. */
export function vectorCaseNames(suite: "v4" | "v4a"): string[] {
  return readdirSync(join(SUITE, suite), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function loadVectorCase(suite: "v4" | "v4a", name: string): VectorCase {
  const dir = join(SUITE, suite, name);
  const read = (file: string): string => readFileSync(join(dir, file), "utf8");
  const has = (file: string): boolean => existsSync(join(dir, file));
  return { name, context: JSON.parse(read("context.json")) as VectorContext, raw: parseRawRequest(read("request.txt")), read, has };
}

/**
 * The case's request as the signers take it: normalize=false is S3's rule (the path encoded
 * once, never normalized); sign_body adds x-amz-content-sha256 with the body's hash.
 */
export function vectorRequestToSign({ context, raw }: VectorCase): RequestToSign {
  const question = raw.target.indexOf("?");
  const rawPath = question === -1 ? raw.target : raw.target.slice(0, question);
  const headers = { ...raw.headers };
  if (context.sign_body) headers["x-amz-content-sha256"] = createHash("sha256").update(raw.body, "utf8").digest("hex");
  return {
    method: raw.method,
    host: headers.host ?? "",
    path: context.normalize ? rawPath : canonicalS3Path(rawPath),
    canonicalQuery: formatQuery(parseQuery(question === -1 ? "" : raw.target.slice(question + 1))).canonicalQuery,
    headers,
  };
}

/** The case's credentials; omit_session_token means the token is added after signing, so it is not signed. */
export function vectorCredentials({ context }: VectorCase): Credentials {
  const { access_key_id: accessKeyId, secret_access_key: secretAccessKey, token } = context.credentials;
  return token !== undefined && !context.omit_session_token ? { accessKeyId, secretAccessKey, sessionToken: token } : { accessKeyId, secretAccessKey };
}

/** A v4a case's `public-key.json` ({ X, Y } in hex) as a node:crypto P-256 public key. */
export function vectorPublicKey(vector: VectorCase): KeyObject {
  const { X, Y } = JSON.parse(vector.read("public-key.json")) as { X: string; Y: string };
  return createPublicKey({
    format: "jwk",
    key: { kty: "EC", crv: "P-256", x: Buffer.from(X, "hex").toString("base64url"), y: Buffer.from(Y, "hex").toString("base64url") },
  });
}
