// SigV4A micro-benchmark: a GET signed by edge-sigv4's signer (node:crypto, key derived once per
// credentials) against @smithy/signature-v4a (pure JS, key derived at every signature), in the
// same process, plus the minified bytes each adds to a bundle that already signs SigV4.
//
//   node bench/sigv4a-compare.ts [--iterations 500] [--json]
import { createPublicKey, verify } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4a } from "@smithy/signature-v4a";
import * as esbuild from "esbuild";
import { Sha256 } from "../src/sha256.ts";
import type { RequestToSign } from "../src/signature.ts";
import { deriveSigV4aKey } from "../src/sigv4a/key.ts";
import { signRequestV4a } from "../src/sigv4a/sign.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const WARM_UP = 50;
const BLOCK = 50;

function readOptions(): { iterations: number; json: boolean } {
  try {
    const { values } = parseArgs({ options: { iterations: { type: "string", default: "500" }, json: { type: "boolean", default: false } } });
    const iterations = Number(values.iterations);
    if (!Number.isInteger(iterations) || iterations < 200) throw new Error(`--iterations must be an integer of at least 200, got ${values.iterations}`);
    return { iterations, json: values.json };
  } catch (error) {
    console.error(`sigv4a-compare: ${(error as Error).message} (usage: node bench/sigv4a-compare.ts [--iterations N] [--json])`);
    process.exit(1);
  }
}

// What Lambda@Edge signs for a Multi-Region Access Point: the role's temporary credentials
// (a session token of about 1 KB), S3's path rules, region set *.
const HOST = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com";
const CREDENTIALS = {
  accessKeyId: "ASIABENCHMARK0000001",
  secretAccessKey: "bench/Secret+Key/7wQ2mZ9xR4tY6uI8oP0aS3dF5gH",
  sessionToken: `IQoJb3JpZ2luX2VjE${"BENCHMARKtoken/+".repeat(60)}Zz==`,
};
const QUERY = { "response-cache-control": "max-age=60" };
const REQUEST: RequestToSign = {
  method: "GET",
  host: HOST,
  path: "/photos/2026/cat.jpg",
  canonicalQuery: "response-cache-control=max-age%3D60",
  headers: { host: HOST, "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "x-amz-cf-id": "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==" },
};
const DATE = new Date("2026-11-22T12:00:00Z");

const ours = (): Promise<{ authorization: string }> =>
  signRequestV4a(REQUEST, { service: "s3", regionSet: "*", uriEscapePath: false }, CREDENTIALS, DATE, false);

// The official signer gets the same node:crypto SHA-256 as ours: the difference measured is
// the key derivation at every signature and the pure-JS elliptic curve.
const official = new SignatureV4a({ credentials: CREDENTIALS, region: "*", service: "s3", sha256: Sha256, uriEscapePath: false, applyChecksum: false });
const theirs = async (): Promise<{ authorization: string }> => {
  const request = new HttpRequest({
    method: REQUEST.method,
    hostname: REQUEST.host,
    path: REQUEST.path,
    query: { ...QUERY },
    headers: { ...REQUEST.headers },
  });
  const signed = (await official.sign(request, { signingDate: DATE })) as HttpRequest;
  return { authorization: String(signed.headers.authorization) };
};

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const below = sorted[Math.floor(at)] ?? 0;
  return below + ((sorted[Math.ceil(at)] ?? 0) - below) * (at - Math.floor(at));
}

const median = (samples: number[]): number => percentile(samples, 0.5);

/**
 * µs per signature. The signers take turns in blocks, so that drift of the machine hits both
 * alike while neither runs in the other's wake (the pure-JS signer's garbage and cache misses
 * would otherwise be charged to whichever signature follows it).
 */
async function timeSigners(iterations: number): Promise<{ ours: number[]; theirs: number[] }> {
  const signers = { ours, theirs };
  const samples = { ours: [] as number[], theirs: [] as number[] };
  for (const sign of Object.values(signers)) for (let i = 0; i < WARM_UP; i++) await sign();
  for (let done = 0; done < iterations; done += BLOCK) {
    for (const name of ["ours", "theirs"] as const) {
      const sign = signers[name];
      for (let i = done; i < Math.min(done + BLOCK, iterations); i++) {
        const start = performance.now();
        await sign();
        samples[name].push((performance.now() - start) * 1000);
      }
    }
  }
  return samples;
}

/** µs for deriving a key from new credentials: what the first signature after a credential change costs on top. */
function timeDerivation(iterations: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    deriveSigV4aKey({ accessKeyId: `ASIADERIVE${String(i).padStart(10, "0")}`, secretAccessKey: CREDENTIALS.secretAccessKey });
    samples.push((performance.now() - start) * 1000);
  }
  return samples;
}

/** Both signatures must verify with the public key of the derived key: no numbers for a broken signer. */
async function checkSignatures(): Promise<void> {
  const publicKey = createPublicKey(deriveSigV4aKey(CREDENTIALS));
  const explained = await signRequestV4a(REQUEST, { service: "s3", regionSet: "*", uriEscapePath: false }, CREDENTIALS, DATE, true);
  const stringToSign = Buffer.from(explained.explanation?.stringToSign ?? "");
  for (const [name, { authorization }] of [
    ["edge-sigv4", await ours()],
    ["@smithy/signature-v4a", await theirs()],
  ] as const) {
    const signature = Buffer.from(authorization.split("Signature=")[1] ?? "", "hex");
    if (!verify("sha256", stringToSign, publicKey, signature)) throw new Error(`${name}'s signature does not verify: benchmark aborted`);
  }
}

async function minifiedBytes(entry: string): Promise<number> {
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: ROOT, loader: "ts", sourcefile: "bench-entry.ts" },
    bundle: true,
    minify: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node22",
    mainFields: ["module", "main"],
    legalComments: "none",
    logLevel: "silent",
  });
  return result.outputFiles[0]?.contents.length ?? 0;
}

async function measureBytes(): Promise<{ sigv4: number; ours: number; theirs: number; oursAlone: number; theirsAlone: number }> {
  const sigv4 = 'export { signRequest } from "./src/signature.ts";\n';
  const oursEntry = 'export { signRequestV4a } from "./src/sigv4a/sign.ts";\n';
  const theirsEntry = 'export { SignatureV4a } from "@smithy/signature-v4a";\n';
  const [base, withOurs, withTheirs, oursAlone, theirsAlone] = await Promise.all(
    [sigv4, sigv4 + oursEntry, sigv4 + theirsEntry, oursEntry, theirsEntry].map(minifiedBytes),
  );
  return {
    sigv4: base ?? 0,
    ours: (withOurs ?? 0) - (base ?? 0),
    theirs: (withTheirs ?? 0) - (base ?? 0),
    oursAlone: oursAlone ?? 0,
    theirsAlone: theirsAlone ?? 0,
  };
}

const { iterations, json } = readOptions();
await checkSignatures();
const samples = await timeSigners(iterations);
const derivation = median(timeDerivation(50));
const bytes = await measureBytes();
const report = {
  node: process.versions.node,
  iterations,
  medianMicroseconds: { ours: median(samples.ours), theirs: median(samples.theirs), keyDerivation: derivation },
  // On a busy machine the 10th percentile is closer to what one signature costs undisturbed.
  p10Microseconds: { ours: percentile(samples.ours, 0.1), theirs: percentile(samples.theirs, 0.1) },
  speedup: median(samples.theirs) / median(samples.ours),
  minifiedBytesAddedToSigV4Bundle: { ours: bytes.ours, theirs: bytes.theirs, sigv4Bundle: bytes.sigv4 },
  minifiedBytesAlone: { ours: bytes.oursAlone, theirs: bytes.theirsAlone },
};

if (json) {
  console.log(JSON.stringify(report));
} else {
  const us = (n: number): string => `${n.toFixed(1).padStart(7)} µs`;
  console.log(`SigV4A GET, Node ${report.node}, ${iterations} signatures each after ${WARM_UP} warm-up, medians:`);
  console.log(`  edge-sigv4 (node:crypto, cached key)  ${us(report.medianMicroseconds.ours)}   (p10 ${us(report.p10Microseconds.ours)})`);
  console.log(`  @smithy/signature-v4a 3.6.2           ${us(report.medianMicroseconds.theirs)}   (p10 ${us(report.p10Microseconds.theirs)})`);
  console.log(`  speed-up                              ${report.speedup.toFixed(1).padStart(7)} x`);
  console.log(`  key derivation (once per credentials) ${us(derivation)}`);
  console.log("Minified bytes added to a bundle that already signs SigV4 (esbuild, ES module builds):");
  console.log(`  edge-sigv4 SigV4A      ${String(bytes.ours).padStart(7)} B   (alone, with its share of @smithy/signature-v4: ${bytes.oursAlone} B)`);
  console.log(`  @smithy/signature-v4a  ${String(bytes.theirs).padStart(7)} B   (alone: ${bytes.theirsAlone} B)`);
  console.log(`  (the SigV4 signing bundle they are added to: ${bytes.sigv4} B)`);
}
