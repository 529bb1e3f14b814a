// The side-by-side references: "a typical published Lambda@Edge signer" per signing scheme,
// as source that the bench bundles at run time (reference.ts); each case names its reference
// (cases.ts).
//
// The SigV4 one is what the public signers do (aws-samples' function-URL signer ported to SDK
// v3, jetbridge/cdk-nextjs's sign-fn-url, ...): @smithy/signature-v4's SignatureV4 with the
// pure-JS @aws-crypto/sha256-js, credentials from the full Node provider chain, the body
// decoded from base64 and hashed by the signer, host + x-amz-* headers signed and written
// back, bundled by esbuild for platform node as CommonJS with its default mainFields (so the
// dependencies' CommonJS builds). Not a straw man: the signer is built once per region and
// service and reused, and the credential chain (memoized by the SDK) is created once.
//
// The SigV4A one is the same function with the official SigV4A signer, @smithy/signature-v4a's
// SignatureV4a (pure JS, its own elliptic curve), region set `*` for Multi-Region Access Points.

export type ReferenceId = "sigv4" | "sigv4a";

export interface ReferenceSigner {
  /** The package whose signer it uses, for the report. */
  readonly signer: string;
  readonly description: string;
  /** An ES module exporting `handler`, bundled with the project's node_modules. */
  readonly source: string;
}

/**
 * The handler around a signer: `imports` bring the signer class in, `target` maps an origin's
 * domain to { service, region } (undefined: forwarded unsigned), `create` builds a signer for them.
 */
function handlerSource(imports: string, target: string, create: string): string {
  return `
import { Sha256 } from "@aws-crypto/sha256-js";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { HttpRequest } from "@smithy/protocol-http";
${imports}

const credentials = defaultProvider();
const signers = {};

function target(domainName) {
  const labels = domainName.split(".");
${target}
}

function signerFor(service, region) {
  const key = service + "/" + region;
  return (signers[key] ??= ${create});
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
}

const SIGV4_SOURCE = handlerSource(
  'import { SignatureV4 } from "@smithy/signature-v4";',
  `  // <id>.lambda-url.<region>.on.aws, <bucket>.s3.<region>.amazonaws.com
  if (labels[1] === "lambda-url") return { service: "lambda", region: labels[2] };
  if (labels[1] === "s3") return { service: "s3", region: labels[2] };
  return undefined;`,
  'new SignatureV4({ credentials, region, service, sha256: Sha256, uriEscapePath: service !== "s3" })',
);

const SIGV4A_SOURCE = handlerSource(
  'import { SignatureV4a } from "@smithy/signature-v4a";',
  `  // <alias>.mrap.accesspoint.s3-global.amazonaws.com: S3, any region
  if (labels[1] === "mrap" && labels[2] === "accesspoint" && labels[3] === "s3-global") return { service: "s3", region: "*" };
  return undefined;`,
  'new SignatureV4a({ credentials, region, service, sha256: Sha256, uriEscapePath: service !== "s3" })',
);

const COMMON =
  "Sha256 (@aws-crypto/sha256-js) + defaultProvider (@aws-sdk/credential-provider-node, the full Node chain), " +
  "body base64 → Buffer hashed by the signer, signer reused per region/service; esbuild platform node, CommonJS, default mainFields, minified";

export const REFERENCE_SIGNERS: Readonly<Record<ReferenceId, ReferenceSigner>> = {
  sigv4: { signer: "@smithy/signature-v4", description: `SignatureV4 (@smithy/signature-v4) + ${COMMON}`, source: SIGV4_SOURCE },
  sigv4a: {
    signer: "@smithy/signature-v4a",
    description: `SignatureV4a (@smithy/signature-v4a: pure-JS P-256, key derived at every signature), region set * + ${COMMON}`,
    source: SIGV4A_SOURCE,
  },
};
