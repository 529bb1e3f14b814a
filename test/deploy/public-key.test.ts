// --trusted-key-group NAME --public-key FILE on the command line and the key file, checked on this
// machine before any call: one PEM SubjectPublicKeyInfo, RSA 2048 or ECDSA P-256; a private key
// is refused without a byte of it in the message.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseDeployArgs } from "../../deploy/args.ts";
import { isSameKey, parsePublicKey, publicKeyName, readPublicKey } from "../../deploy/public-key.ts";
import { keyFiles, tempDir } from "./harness.ts";

const dir = tempDir();
const keys = keyFiles(dir);
const usage = (run: () => unknown): { message: string; exitCode?: number } => {
  try {
    run();
  } catch (error) {
    return error as { message: string; exitCode?: number };
  }
  throw new Error("expected a refusal");
};

describe("deploy: --trusted-key-group and --public-key", () => {
  it("come together, with a key group name CloudFront accepts", () => {
    expect(parseDeployArgs(["--trusted-key-group", "signers", "--public-key", keys.rsa])).toMatchObject({ trustedKeyGroup: "signers", publicKey: keys.rsa });
    for (const [argv, message] of [
      [["--public-key", keys.rsa], "--public-key needs --trusted-key-group NAME"],
      [["--trusted-key-group", "signers"], "--trusted-key-group needs --public-key FILE"],
      [["--trusted-key-group", "a b", "--public-key", keys.rsa], "--trusted-key-group a b is not a key group name (1-100 of letters, digits, - and _)"],
    ] as const) {
      const error = usage(() => parseDeployArgs([...argv]));
      expect(error.message).toContain(message);
      expect(error.exitCode).toBe(2);
    }
  });
});

describe("deploy: the public key file", () => {
  it("accepts RSA 2048 and ECDSA P-256 public keys, sent as canonical PEM whatever the file's line endings", () => {
    const rsa = readPublicKey(keys.rsa);
    expect(rsa).toMatchObject({ path: keys.rsa, kind: "RSA 2048", pem: keys.rsaPem });
    expect(rsa.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(readPublicKey(keys.ec).kind).toBe("ECDSA P-256");
    const crlf = readPublicKey(keys.write("crlf.pem", `\r\n${keys.rsaPem.replaceAll("\n", "\r\n")}\r\n`));
    expect(crlf.pem).toBe(rsa.pem);
    expect(crlf.fingerprint).toBe(rsa.fingerprint);
    expect(publicKeyName("signers", rsa)).toBe(`signers-${rsa.fingerprint.slice(0, 16)}`);
  });

  it("recognises the same key in CloudFront's EncodedKey, and not another one", () => {
    const rsa = readPublicKey(keys.rsa);
    expect(isSameKey(keys.rsaPem.replaceAll("\n", "\r\n"), rsa)).toBe(true);
    expect(isSameKey(String(generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" })), rsa)).toBe(false);
    expect(isSameKey("not a key", rsa)).toBe(false);
    expect(isSameKey(undefined, rsa)).toBe(false);
  });

  it("refuses a private key without echoing it", () => {
    const error = usage(() => readPublicKey(keys.rsaPrivate));
    expect(error.message).toBe(
      `--public-key ${keys.rsaPrivate} holds a private key: give its public half (openssl pkey -in PRIVATE.pem -pubout -out public.pem); the private key stays with whoever signs the URLs`,
    );
    expect(error.exitCode).toBe(2);
    const body = keys.rsaPrivatePem.split("\n").slice(1, -2).join("");
    for (let at = 0; at + 16 <= body.length; at += 16) expect(error.message).not.toContain(body.slice(at, at + 16));
    // Also when the private key hides behind a public one, or in the older PKCS#1 form.
    expect(usage(() => parsePublicKey(keys.rsaPem + keys.rsaPrivatePem, "both.pem")).message).toContain("holds a private key");
    expect(usage(() => parsePublicKey("-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n", "ec.pem")).message).toContain(
      "holds a private key",
    );
  });

  it.each([
    [
      "an RSA key of another size",
      () => generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey,
      "is an RSA 1024-bit key: CloudFront takes RSA 2048 or ECDSA P-256 keys",
    ],
    [
      "an EC key on another curve",
      () => generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey,
      "is an EC key on secp384r1: CloudFront takes RSA 2048 or ECDSA P-256",
    ],
    ["an Ed25519 key", () => generateKeyPairSync("ed25519").publicKey, "is a key of type ed25519: CloudFront takes RSA 2048 or ECDSA P-256"],
  ])("refuses %s, with how to make a good one", (_, make, message) => {
    const error = usage(() => parsePublicKey(String(make().export({ type: "spki", format: "pem" })), "k.pem"));
    expect(error.message).toContain(`--public-key k.pem ${message}`);
    expect(error.message).toContain("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256");
  });

  it.each([
    ["a missing file", () => readPublicKey(`${dir}/none.pem`), `--public-key ${dir}/none.pem does not exist`],
    [
      "no PEM at all",
      () => parsePublicKey("ssh-rsa AAAAB3NzaC1yc2E user@host", "id.pub"),
      "--public-key id.pub is not a PEM public key (-----BEGIN PUBLIC KEY-----)",
    ],
    ["two keys", () => parsePublicKey(keys.rsaPem + keys.rsaPem, "two.pem"), "--public-key two.pem holds 2 public keys"],
    [
      "a damaged key",
      () => parsePublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "bad.pem"),
      "--public-key bad.pem is not a readable PEM public key",
    ],
    [
      "a PKCS#1 RSA key",
      () => parsePublicKey("-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----\n", "p1.pem"),
      "openssl rsa -RSAPublicKey_in -in p1.pem -pubout",
    ],
    ["a certificate", () => parsePublicKey("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "c.pem"), "--public-key c.pem is a certificate"],
  ])("refuses %s in one line (exit 2)", (_, run, message) => {
    const error = usage(run);
    expect(error.message).toContain(message);
    expect(error.message).not.toContain("\n");
    expect(error.exitCode).toBe(2);
  });
});
