// The side-by-side reference: "a typical published Lambda@Edge signer", bundled at bench time.
// It is what the public signers do (aws-samples' function-URL signer ported to SDK v3,
// jetbridge/cdk-nextjs's sign-fn-url, ...): @smithy/signature-v4's SignatureV4 with the
// pure-JS @aws-crypto/sha256-js, credentials from the full Node provider chain, the body
// decoded from base64 and hashed by the signer, host + x-amz-* headers signed and written back,
// bundled by esbuild for platform node as CommonJS with its default mainFields (so the
// dependencies' CommonJS builds). Not a straw man: the signer is built once per region and
// service and reused, and the credential chain (memoized by the SDK) is created once.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REFERENCE_DESCRIPTION =
  "SignatureV4 (@smithy/signature-v4) + Sha256 (@aws-crypto/sha256-js) + defaultProvider (@aws-sdk/credential-provider-node, the full Node chain), " +
  "body base64 → Buffer hashed by the signer, signer reused per region/service; esbuild platform node, CommonJS, default mainFields, minified";

const REFERENCE_SOURCE = `
import { Sha256 } from "@aws-crypto/sha256-js";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

const credentials = defaultProvider();
const signers = {};

function target(domainName) {
  const labels = domainName.split(".");
  // <id>.lambda-url.<region>.on.aws, <bucket>.s3.<region>.amazonaws.com
  if (labels[1] === "lambda-url") return { service: "lambda", region: labels[2] };
  if (labels[1] === "s3") return { service: "s3", region: labels[2] };
  return undefined;
}

function signerFor(service, region) {
  const key = service + "/" + region;
  return (signers[key] ??= new SignatureV4({ credentials, region, service, sha256: Sha256, uriEscapePath: service !== "s3" }));
}

export const handler = async (event) => {
  const request = event.Records[0].cf.request;
  const origin = request.origin.custom ?? request.origin.s3;
  const where = target(origin.domainName);
  if (!where) return request;

  const headers = { host: origin.domainName };
  for (const [name, values] of Object.entries(request.headers)) {
    if (name.startsWith("x-amz-")) headers[name] = values[0].value;
  }
  const query = {};
  for (const [name, value] of new URLSearchParams(request.querystring)) query[name] = value;
  const body = request.body && request.body.data ? Buffer.from(request.body.data, request.body.encoding === "base64" ? "base64" : "utf8") : undefined;

  const signed = await signerFor(where.service, where.region).sign(
    new HttpRequest({ method: request.method, protocol: "https:", hostname: origin.domainName, path: origin.path + request.uri, query, headers, body }),
  );
  for (const [name, value] of Object.entries(signed.headers)) {
    request.headers[name.toLowerCase()] = [{ key: name, value: String(value) }];
  }
  return request;
};
`;

/**
 * Bundles the reference into a new temporary directory. Returns { path, bytes, dir } (the
 * caller removes dir), or throws with esbuild's message when it cannot be built.
 */
export async function buildReference(root) {
  const esbuild = await import("esbuild");
  const dir = mkdtempSync(join(tmpdir(), "edge-sigv4-bench-reference-"));
  const path = join(dir, "index.cjs");
  try {
    await esbuild.build({
      stdin: { contents: REFERENCE_SOURCE, resolveDir: root, sourcefile: "reference-signer.mjs", loader: "js" },
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      minify: true,
      outfile: path,
      logLevel: "silent",
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { path, bytes: statSync(path).size, dir };
}
