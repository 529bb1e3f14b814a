// A signer that is not ours: botocore's CloudFrontSigner (the one under `aws cloudfront sign`),
// with signatures by the `cryptography` package. Needs python3 with botocore and cryptography
// (Debian: apt-get install python3-botocore python3-cryptography); skipped, saying so, without.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { checkViewerAccess } from "../../../cloudfront-emulator/viewer-access/index.ts";
import { testKeys, trustedKeys, viewerRequest } from "./viewer-fixtures.ts";

// Reads {cases: [...]} on stdin, prints the signed URLs as a JSON list.
const BOTOCORE_SIGNER = `
import json, sys
from datetime import datetime, timezone
from botocore.signers import CloudFrontSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

def when(seconds):
    return datetime.fromtimestamp(seconds, tz=timezone.utc)

out = []
for case in json.load(sys.stdin)["cases"]:
    key = serialization.load_pem_private_key(case["pem"].encode(), password=None)
    digest = hashes.SHA256() if case["hash"] == "SHA256" else hashes.SHA1()
    if isinstance(key, rsa.RSAPrivateKey):
        sign = lambda message, key=key, digest=digest: key.sign(message, padding.PKCS1v15(), digest)
    else:
        sign = lambda message, key=key, digest=digest: key.sign(message, ec.ECDSA(digest))
    signer = CloudFrontSigner(case["keyId"], sign)
    if case.get("custom"):
        policy = signer.build_policy(case.get("resource", case["url"]), when(case["expires"]),
                                     date_greater_than=when(case["notBefore"]) if "notBefore" in case else None,
                                     ip_address=case.get("ip"))
        url = signer.generate_presigned_url(case["url"], policy=policy)
    else:
        url = signer.generate_presigned_url(case["url"], date_less_than=when(case["expires"]))
    out.append(url + ("&Hash-Algorithm=SHA256" if case["hash"] == "SHA256" else ""))
print(json.dumps(out))
`;

function findPython(): string | undefined {
  for (const python of ["python3", "/usr/bin/python3"]) {
    const probe = spawnSync(python, ["-c", "import botocore.signers, cryptography"], { encoding: "utf8" });
    if (probe.status === 0) return python;
  }
  return undefined;
}

const python = findPython();
const MISSING = "python3 with botocore and cryptography not found (apt-get install python3-botocore python3-cryptography)";
if (python === undefined) console.warn(`botocore-signer.test.ts skipped: ${MISSING}`);

const NOW = 1_900_000_000;
const keys = testKeys();
const trusted = trustedKeys(keys.rsa, keys.ecdsa);
const URL_TO_SIGN = "https://d111111abcdef8.cloudfront.net/private/report.pdf?lang=en";

interface BotocoreCase {
  keyId: string;
  pem: string;
  hash: "SHA1" | "SHA256";
  url: string;
  expires: number;
  custom?: boolean;
  resource?: string;
  notBefore?: number;
  ip?: string;
}

function botocoreUrls(cases: BotocoreCase[]): string[] {
  const result = spawnSync(python ?? "python3", ["-c", BOTOCORE_SIGNER], { input: JSON.stringify({ cases }), encoding: "utf8", timeout: 30_000 });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout) as string[];
}

describe.skipIf(python === undefined)(`URLs signed by botocore's CloudFrontSigner${python === undefined ? ` (skipped: ${MISSING})` : ""}`, () => {
  const kinds = [
    ["RSA", keys.rsa],
    ["ECDSA", keys.ecdsa],
  ] as const;
  const cases = kinds.flatMap(([kind, key]) =>
    (["SHA1", "SHA256"] as const).flatMap((hash) => {
      const base = { keyId: key.id, pem: key.privatePem, hash, url: URL_TO_SIGN, expires: NOW + 600 };
      return [
        { name: `${kind} ${hash} canned`, input: base },
        { name: `${kind} ${hash} custom, wildcard`, input: { ...base, custom: true, resource: "https://d111111abcdef8.cloudfront.net/private/*" } },
        { name: `${kind} ${hash} custom, not-before and IP`, input: { ...base, custom: true, notBefore: NOW - 60, ip: "192.0.2.0/24" } },
      ];
    }),
  );
  const urls = python === undefined ? [] : botocoreUrls(cases.map(({ input }) => input));

  it.each(cases.map(({ name }, index) => [name, index] as const))("%s: allowed, and refused when a condition fails", (name, index) => {
    const url = urls[index] ?? "";
    expect(url.startsWith(`${URL_TO_SIGN}&`)).toBe(true);
    const decision = checkViewerAccess(viewerRequest(url), trusted, NOW);
    expect(decision).toMatchObject({ allowed: true, policy: name.includes("canned") ? "canned" : "custom", forward: { querystring: "lang=en" } });
    expect(checkViewerAccess(viewerRequest(url), trusted, NOW + 600)).toMatchObject({ allowed: false, code: "AccessDenied" });
    if (name.includes("IP"))
      expect(checkViewerAccess(viewerRequest(url, { clientIp: "198.51.100.1" }), trusted, NOW)).toMatchObject({ allowed: false, code: "AccessDenied" });
    if (name.includes("wildcard")) {
      const elsewhere = url.replace("/private/report.pdf?lang=en&", "/private/other.pdf?");
      expect(checkViewerAccess(viewerRequest(elsewhere), trusted, NOW)).toMatchObject({ allowed: true, forward: { querystring: "" } });
    }
  });
});
