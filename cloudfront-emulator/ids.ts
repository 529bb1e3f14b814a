// The identifiers CloudFront hands out: request ids, server names in Via, a distribution.
import { randomBytes } from "node:crypto";

export interface Distribution {
  /** `E` + 13 characters. */
  readonly id: string;
  /** `d` + 13 characters + `.cloudfront.net`. */
  readonly domainName: string;
}

/** A CloudFront request id: 40 random bytes in base64url with its "==" padding (56 characters). */
export function cloudFrontRequestId(): string {
  return randomBytes(40).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

/** The 32 hex digits of a CloudFront server name in Via (`<id>.cloudfront.net`). */
export function cloudFrontServerId(): string {
  return randomBytes(16).toString("hex");
}

function randomText(length: number, alphabet: string): string {
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join("");
}

/** A distribution's id and domain, random per run. */
export function fakeDistribution(): Distribution {
  return {
    id: `E${randomText(13, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}`,
    domainName: `d${randomText(13, "abcdefghijklmnopqrstuvwxyz0123456789")}.cloudfront.net`,
  };
}
