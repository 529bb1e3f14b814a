// --trusted-key-group through the real SDK against the loopback fake (npm run deploy): the XML of
// CreatePublicKey, CreateKeyGroup, UpdateKeyGroup (with If-Match) and of the distribution config
// with TrustedKeyGroups, as the CloudFront API reference shows them; a second run changes nothing.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startFakeAws } from "./fake-aws.ts";
import { ACCOUNT, keyFiles, npmDeploy, tempDir, ZIP } from "./harness.ts";

const XMLNS = 'xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"';
const home = tempDir();
const keys = keyFiles(home);
writeFileSync(join(home, "function.zip"), ZIP);
const argv = (url: string) => [
  "--no-build",
  "--zip",
  join(home, "function.zip"),
  "--distribution-id",
  "E2EXAMPLE",
  "--trusted-key-group",
  "signers",
  "--public-key",
  keys.rsa,
  "--endpoint-url",
  url,
];
const flat = (xml: string) => xml.replace(/>\s+</g, "><");
/** An element's text with XML's character references resolved (the SDK writes the PEM's newlines as &#x0A;). */
const text = (xml: string, name: string) =>
  (new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1] ?? "")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

describe("deploy: trusted key group through --endpoint-url", () => {
  it("creates the key and the group, trusts the group on the behavior, and a second run only reads", async () => {
    const fake = await startFakeAws();
    try {
      const first = await npmDeploy(argv(fake.url), home);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:edge-sigv4:3\n`);
      expect(first.stderr).toContain("key pair id: K0000000000001 ");
      const cloudfront = fake.requests.filter((r) => r.path.startsWith("/2020-05-31/"));
      expect(cloudfront.map((r) => `${r.method} ${r.path}`)).toEqual([
        "GET /2020-05-31/public-key",
        "POST /2020-05-31/public-key",
        "GET /2020-05-31/key-group",
        "POST /2020-05-31/key-group",
        "GET /2020-05-31/distribution/E2EXAMPLE/config",
        "PUT /2020-05-31/distribution/E2EXAMPLE/config",
      ]);
      const [, createKey, , createGroup, , update] = cloudfront;
      const key = flat(createKey!.body);
      expect(key).toMatch(new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?><PublicKeyConfig ${XMLNS}><CallerReference>[0-9a-f-]{36}</CallerReference>`));
      expect(key).toContain(`<Name>signers-`);
      expect(text(createKey!.body, "EncodedKey")).toBe(keys.rsaPem);
      expect(flat(createGroup!.body)).toContain(
        `<KeyGroupConfig ${XMLNS}><Name>signers</Name><Items><PublicKey>K0000000000001</PublicKey></Items><Comment>edge-sigv4 signed URLs and cookies (npm run deploy)</Comment></KeyGroupConfig>`,
      );
      expect(update!.headers["if-match"]).toBe("E1");
      const behavior = flat(update!.body).replace(/^.*<DefaultCacheBehavior>|<\/DefaultCacheBehavior>.*$/g, "");
      expect(behavior).toContain("<TrustedKeyGroups><Enabled>true</Enabled><Quantity>1</Quantity><Items><KeyGroup>kg-1</KeyGroup></Items></TrustedKeyGroups>");
      expect(behavior).toContain(
        `<LambdaFunctionARN>arn:aws:lambda:us-east-1:${ACCOUNT}:function:edge-sigv4:3</LambdaFunctionARN><EventType>origin-request</EventType>`,
      );

      const before = fake.requests.length;
      const second = await npmDeploy(argv(fake.url), home);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toContain("key pair id: K0000000000001 ");
      const again = fake.requests.slice(before).filter((r) => r.path.startsWith("/2020-05-31/"));
      expect(again.map((r) => `${r.method} ${r.path}`)).toEqual([
        "GET /2020-05-31/public-key",
        "GET /2020-05-31/key-group",
        "GET /2020-05-31/distribution/E2EXAMPLE/config",
      ]);
      expect(fake.keys.publicKeys).toHaveLength(1);
      expect(fake.keys.keyGroups).toEqual([expect.objectContaining({ name: "signers", items: ["K0000000000001"] })]);
    } finally {
      await fake.close();
    }
  });

  it("adds the key to an existing group with the group's ETag in If-Match", async () => {
    const fake = await startFakeAws({ publicKeys: [], keyGroups: [{ id: "kg-1", name: "signers", items: ["KOLD"], comment: "team keys", etag: "KG4" }] });
    try {
      const run = await npmDeploy(argv(fake.url), home);
      expect(run.code, run.stderr).toBe(0);
      const put = fake.requests.find((r) => r.method === "PUT" && r.path === "/2020-05-31/key-group/kg-1");
      expect(put?.headers["if-match"]).toBe("KG4");
      expect(flat(put?.body ?? "")).toContain(
        `<KeyGroupConfig ${XMLNS}><Name>signers</Name><Items><PublicKey>KOLD</PublicKey><PublicKey>K0000000000001</PublicKey></Items><Comment>team keys</Comment></KeyGroupConfig>`,
      );
      expect(fake.keys.keyGroups[0]?.items).toEqual(["KOLD", "K0000000000001"]);
    } finally {
      await fake.close();
    }
  });
});
