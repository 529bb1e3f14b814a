// --private-key: RSA 2048 or ECDSA P-256 in any PEM form; anything else is one clear line that
// never repeats the key.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signingKeyFromPem } from "../../sign-url/private-key.ts";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const pem = (key: import("node:crypto").KeyObject, type: "pkcs1" | "pkcs8" | "sec1" | "spki") => String(key.export({ type, format: "pem" } as never));

describe("signingKeyFromPem", () => {
  it.each([
    ["RSA PKCS#1", pem(rsa.privateKey, "pkcs1"), "RSA"],
    ["RSA PKCS#8", pem(rsa.privateKey, "pkcs8"), "RSA"],
    ["EC SEC1", pem(ec.privateKey, "sec1"), "ECDSA"],
    ["EC PKCS#8", pem(ec.privateKey, "pkcs8"), "ECDSA"],
    [
      "EC SEC1 after an EC PARAMETERS block (openssl ecparam -genkey)",
      `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${pem(ec.privateKey, "sec1")}`,
      "ECDSA",
    ],
  ])("reads %s", (_name, text, kind) => {
    const key = signingKeyFromPem(text);
    expect(key.kind).toBe(kind);
    expect(key.pkcs8Pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  const encrypted = String(rsa.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" }));
  it.each([
    ["a public key", pem(rsa.publicKey, "spki"), "--private-key is a public key; sign with the private key (private_key.pem from `npm run keys -- new`)"],
    ["an RSA PUBLIC KEY", pem(rsa.publicKey, "pkcs1"), "--private-key is a public key; sign with the private key (private_key.pem from `npm run keys -- new`)"],
    ["an encrypted key", encrypted, "--private-key is encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem)"],
    [
      "text that is not PEM",
      "just some text",
      "--private-key is not a PEM private key (expected -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY)",
    ],
    [
      "a damaged key",
      pem(rsa.privateKey, "pkcs8").replace(/\n[A-Za-z0-9+/]{10}/, "\n!!!!!!!!!!"),
      "--private-key could not be read as an RSA or EC private key in PEM",
    ],
    [
      "RSA 3072",
      pem(generateKeyPairSync("rsa", { modulusLength: 3072 }).privateKey, "pkcs8"),
      "--private-key is an RSA 3072-bit key; CloudFront accepts RSA 2048-bit and ECDSA P-256 keys",
    ],
    [
      "EC P-384",
      pem(generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey, "pkcs8"),
      "--private-key is an EC secp384r1 key; CloudFront accepts RSA 2048-bit and ECDSA P-256 keys",
    ],
    [
      "Ed25519",
      pem(generateKeyPairSync("ed25519").privateKey, "pkcs8"),
      "--private-key is an ed25519 key; CloudFront accepts RSA 2048-bit and ECDSA P-256 keys",
    ],
  ])("refuses %s", (_name, text, message) => {
    expect(() => signingKeyFromPem(text)).toThrow(message);
    try {
      signingKeyFromPem(text);
    } catch (error) {
      const body = text.split("\n").find((line) => line.length > 40) ?? "never";
      expect(String(error)).not.toContain(body);
    }
  });
});
