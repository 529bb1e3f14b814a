// A SigV4 signer written by hand (node:crypto only) for the oracle's own tests: the canonical
// URI and query lines are given literally, so a test can sign exactly what a correct or a buggy
// signer would.
import { createHash, createHmac } from "node:crypto";

/** RFC 3986 encoding (SigV4's UriEncode). */
export function enc(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Canonical URI of a non-S3 service: each segment of the wire path encoded once more. */
export function doubleEncoded(path: string): string {
  return path.split("/").map(enc).join("/");
}

/** Canonical query of a wire query: decode, re-encode, sort by name then value. */
export function canonQuery(qs: string): string {
  const dec = (x: string): string => decodeURIComponent(x.replace(/\+/g, " "));
  return qs
    .split("&")
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf("=");
      return eq < 0 ? `${enc(dec(p))}=` : `${enc(dec(p.slice(0, eq)))}=${enc(dec(p.slice(eq + 1)))}`;
    })
    .sort()
    .join("&");
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

export interface HandSign {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  /** lower-case name → value: exactly the headers to sign; must hold x-amz-date. */
  headers: Record<string, string>;
  payloadHash: string;
  service: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The Authorization header value for the request described. */
export function handAuthorization(s: HandSign): string {
  const names = Object.keys(s.headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${(s.headers[n] ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const creq = [s.method, s.canonicalUri, s.canonicalQuery, canonicalHeaders, names.join(";"), s.payloadHash].join("\n");
  const amzDate = s.headers["x-amz-date"] ?? "";
  const date = amzDate.slice(0, 8);
  const scope = `${date}/${s.region}/${s.service}/aws4_request`;
  const sts = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(creq).digest("hex")].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${s.secretAccessKey}`, date), s.region), s.service), "aws4_request");
  const signature = createHmac("sha256", key).update(sts, "utf8").digest("hex");
  return `AWS4-HMAC-SHA256 Credential=${s.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
}
