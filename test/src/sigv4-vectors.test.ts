// AWS's official SigV4 test vectors (awslabs/aws-c-auth), run through the project's own signing
// setup: its Sha256 adapter, its signer options, its query parser and its S3 path encoding.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatQuery, parseQuery } from "../../src/query.ts";
import { canonicalS3Path } from "../../src/s3-path.ts";
import { signRequest } from "../../src/signature.ts";

const SUITE = join(import.meta.dirname, "../fixtures/sigv4-test-suite/v4");

interface Context {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  normalize: boolean;
  region: string;
  service: string;
  sign_body: boolean;
  timestamp: string;
  omit_session_token?: boolean;
}

function parseRawRequest(text: string): { method: string; target: string; headers: Record<string, string>; body: string } {
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

const cases = readdirSync(SUITE, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("official SigV4 test vectors (header signing)", () => {
  it("finds all 38 cases", () => {
    expect(cases).toHaveLength(38);
  });

  it.each(cases)("%s", async (name) => {
    const dir = join(SUITE, name);
    const read = (file: string) => readFileSync(join(dir, file), "utf8");
    const context = JSON.parse(read("context.json")) as Context;
    const raw = parseRawRequest(read("request.txt"));
    const question = raw.target.indexOf("?");
    const rawPath = question === -1 ? raw.target : raw.target.slice(0, question);
    const headers = { ...raw.headers };
    const host = headers.host ?? "";
    if (context.sign_body) headers["x-amz-content-sha256"] = createHash("sha256").update(raw.body, "utf8").digest("hex");
    // omit_session_token: the token travels with the request but is added after signing.
    const signToken = context.credentials.token !== undefined && !context.omit_session_token;

    const result = await signRequest(
      {
        method: raw.method,
        host,
        // normalize=false is S3's rule: the path is encoded once, never normalized.
        path: context.normalize ? rawPath : canonicalS3Path(rawPath),
        canonicalQuery: formatQuery(parseQuery(question === -1 ? "" : raw.target.slice(question + 1))).canonicalQuery,
        headers,
      },
      { service: context.service, region: context.region, uriEscapePath: context.normalize },
      {
        accessKeyId: context.credentials.access_key_id,
        secretAccessKey: context.credentials.secret_access_key,
        ...(signToken ? { sessionToken: context.credentials.token } : {}),
      },
      new Date(context.timestamp),
      true,
    );

    expect(result.explanation?.canonicalRequest).toBe(read("header-canonical-request.txt"));
    expect(result.explanation?.stringToSign).toBe(read("header-string-to-sign.txt"));
    expect(result.authorization.split("Signature=")[1]).toBe(read("header-signature.txt").trim());
    const expectedAuthorization = /^Authorization:(.*)$/m.exec(read("header-signed-request.txt"))?.[1];
    expect(result.authorization).toBe(expectedAuthorization);
  });
});
