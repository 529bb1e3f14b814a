// The floor of a case: the work no signer can avoid, with node:crypto, timed next to the
// handler in the same run.
import { createHash, createHmac, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import type { CloudFrontRequestEvent } from "aws-lambda";
import { cloneEvent, type Handler } from "./events.ts";

/** Sizes of what a signer hashes for a small request: its canonical request and string to sign. */
export interface SigningSizes {
  canonicalRequest: number;
  stringToSign: number;
  /** Where the sizes come from. */
  source: string;
}

export interface Floor {
  run: () => string;
  what: string;
  /** Present when the floor depends on the signing sizes read from the bundle. */
  sizes?: SigningSizes;
}

/** How a case's floor is made: `needsSizes` asks for the bundle's signing sizes first. */
export interface FloorRecipe {
  readonly needsSizes: boolean;
  readonly make: (event: CloudFrontRequestEvent, sizes: SigningSizes) => Floor;
}

// Typical sizes when the bundle's debug line cannot be read (the session token is added to them).
export const FALLBACK_SIZES: SigningSizes = { canonicalRequest: 350, stringToSign: 150, source: "typical sizes (the bundle's debug line was not found)" };

const fallbackSizes = (sessionToken: string): SigningSizes => ({
  ...FALLBACK_SIZES,
  canonicalRequest: FALLBACK_SIZES.canonicalRequest + sessionToken.length,
  source: `typical sizes, session token included (the bundle's debug line was not found)`,
});

const bodyOf = (event: CloudFrontRequestEvent): string | undefined => event.Records[0]?.cf.request.body?.data;
const hashBody = (base64: string) => createHash("sha256").update(Buffer.from(base64, "base64")).digest("hex");

/** The signature itself: an HMAC-SHA256 (SigV4) or an ECDSA P-256 signature over SHA-256 (SigV4A) of the string to sign. */
type SignatureWork = "hmac" | "ecdsa";

function signatureStep(work: SignatureWork, stringToSign: string): { run: () => string; what: string } {
  if (work === "hmac") {
    const key = randomBytes(32);
    return { run: () => createHmac("sha256", key).update(stringToSign).digest("hex"), what: `HMAC-SHA256 over ${stringToSign.length} B` };
  }
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { run: () => sign("sha256", Buffer.from(stringToSign), privateKey).toString("hex"), what: `ECDSA P-256 over SHA-256 of ${stringToSign.length} B` };
}

/** A small request: one SHA-256 of the canonical request, the signature of the string to sign, plus the body's hash. */
function signingFloor(work: SignatureWork): FloorRecipe {
  return {
    needsSizes: true,
    make(event, sizes) {
      const canonicalRequest = "c".repeat(sizes.canonicalRequest);
      const signature = signatureStep(work, "s".repeat(sizes.stringToSign));
      const run = () => signature.run() + createHash("sha256").update(canonicalRequest).digest("hex");
      const signing = `SHA-256 over ${sizes.canonicalRequest} B + ${signature.what}`;
      const body = bodyOf(event);
      if (body === undefined) return { run, what: signing, sizes };
      return { run: () => hashBody(body) + run(), what: `${signing} + base64 decode + SHA-256 of the body`, sizes };
    },
  };
}

export const SIGV4_SIGNING_FLOOR = signingFloor("hmac");
export const SIGV4A_SIGNING_FLOOR = signingFloor("ecdsa");

/** A large body: decoding it and hashing it dominate everything else. */
export const BODY_HASH_FLOOR: FloorRecipe = {
  needsSizes: false,
  make(event) {
    const body = bodyOf(event) ?? "";
    return { run: () => hashBody(body), what: "base64 decode + SHA-256 of the 1 MiB body" };
  },
};

/** A large body signed with SigV4A: the ECDSA signature (tens of µs) is added to the body's hash. */
export const BODY_HASH_ECDSA_FLOOR: FloorRecipe = {
  needsSizes: true,
  make(event, sizes) {
    const body = bodyOf(event) ?? "";
    const signature = signatureStep("ecdsa", "s".repeat(sizes.stringToSign));
    return { run: () => hashBody(body) + signature.run(), what: `base64 decode + SHA-256 of the 1 MiB body + ${signature.what}`, sizes };
  },
};

/** Runs `fn` while collecting what it writes with console.log; console.log is silenced again after. */
async function capturingLog<T>(fn: () => Promise<T>): Promise<string[]> {
  const lines: string[] = [];
  console.log = (line: unknown) => lines.push(String(line));
  try {
    await fn();
    return lines;
  } finally {
    console.log = () => {};
  }
}

/**
 * The sizes of the canonical request and string to sign the bundle builds for an event, from
 * its debug log line (origin custom header x-sigv4-debug: 1). The session token in that line
 * is redacted; `sessionToken` is the one the bundle signed with, to count its real length.
 */
export async function signingSizes(handler: Handler, event: CloudFrontRequestEvent, sessionToken: string): Promise<SigningSizes> {
  const copy = cloneEvent(event);
  const origin = copy.Records[0]?.cf.request.origin;
  const target = origin?.custom ?? origin?.s3;
  if (target) target.customHeaders["x-sigv4-debug"] = [{ key: "x-sigv4-debug", value: "1" }];
  for (const line of await capturingLog(() => handler(copy))) {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      continue; // not a JSON line
    }
    if (typeof entry !== "object" || entry === null) continue;
    const { canonicalRequest, stringToSign } = entry as Record<string, unknown>;
    if (typeof canonicalRequest !== "string" || typeof stringToSign !== "string") continue;
    const redacted = "<redacted>";
    const length = canonicalRequest.includes(redacted) ? canonicalRequest.length - redacted.length + sessionToken.length : canonicalRequest.length;
    return { canonicalRequest: length, stringToSign: stringToSign.length, source: "debug line of the bundle" };
  }
  return fallbackSizes(sessionToken);
}
