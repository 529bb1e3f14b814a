// What `npm start` shows without options: the bucket's /demo/private/* needs a signed URL or
// signed cookies, trusted with an ECDSA P-256 key pair made for the run (kept in memory), and one
// signed URL for it is printed, made by the same code as `npm run sign-url`.
import { generateKeyPairSync } from "node:crypto";
import { signUrl } from "../sign-url/sign.ts";
import { DEMO_BUCKET } from "./origins/registry.ts";
import type { ViewerAccessSettings } from "./viewer-access.ts";

export const DEMO_PROTECTED_PREFIX = `/${DEMO_BUCKET}/private/`;
export const DEMO_KEY_PAIR_ID = "KLOCALDEMO";
/** How long the printed URL works: a working day (the key dies with the run anyway). */
export const DEMO_URL_SECONDS = 24 * 3600;

export interface DemoAccess {
  readonly settings: ViewerAccessSettings;
  /** The start-up lines: the signed URL (for `<edge>/demo/private/f`, valid under the whole prefix), and how to get cookies. */
  lines(edgeUrl: string, nowSeconds: number): string[];
}

export function demoAccess(): DemoAccess {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const key = { kind: "ECDSA" as const, pkcs8Pem: String(privateKey.export({ type: "pkcs8", format: "pem" })) };
  return {
    settings: {
      trustedKeys: new Map([[DEMO_KEY_PAIR_ID, publicKey]]),
      protect: [`${DEMO_PROTECTED_PREFIX}*`],
      keysNote: "generated for this run",
    },
    lines(edgeUrl, nowSeconds) {
      const { signedUrl } = signUrl({
        url: `${edgeUrl}${DEMO_PROTECTED_PREFIX}f`,
        resource: `${edgeUrl}${DEMO_PROTECTED_PREFIX}*`,
        keyPairId: DEMO_KEY_PAIR_ID,
        key,
        expires: Math.floor(nowSeconds) + DEMO_URL_SECONDS,
        hashAlgorithm: "SHA1",
      });
      return [
        `  signed URL (24 h, any key under ${DEMO_PROTECTED_PREFIX}): '${signedUrl}'`,
        `  signed cookies: its Policy, Signature, Key-Pair-Id as CloudFront-Policy, CloudFront-Signature, CloudFront-Key-Pair-Id (README: Private content)`,
      ];
    },
  };
}
