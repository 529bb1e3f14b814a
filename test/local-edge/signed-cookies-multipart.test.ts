// A multipart upload through a protected behavior under signed cookies (one custom policy with a
// wildcard opens ?uploads, every part and ?uploadId), each request signed by the function for S3
// and judged by the bucket origin from the wire; then S3's multipart errors, through the edge.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { binary, send } from "./helpers.ts";
import { signedCookies, testKeys, useProtectedEdge } from "./viewer-access-helpers.ts";

const keys = testKeys();
const recording = useProtectedEdge([keys.ecdsa], ["/demo/private/*"]);

const MIB = 1024 * 1024;
const md5 = (bytes: Buffer): Buffer => createHash("md5").update(bytes).digest();
let cookie = "";
const withCookies = (options: { method?: string; body?: Buffer | string } = {}) => ({ ...options, headers: { Cookie: cookie } });

function field(xml: string, name: string): string {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? "";
}

async function createUpload(key: string): Promise<string> {
  cookie ||= signedCookies(keys.ecdsa, { resource: `${recording.edge.url}/demo/private/*` });
  const created = await send(recording.edge.url, `/demo/private/${key}?uploads`, withCookies({ method: "POST", body: "" }));
  expect(created.status, created.text).toBe(200);
  expect(created.text).toContain('<InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">');
  expect([field(created.text, "Bucket"), field(created.text, "Key")]).toEqual(["demo", `private/${key}`]);
  return field(created.text, "UploadId");
}

async function uploadPart(key: string, uploadId: string, partNumber: number | string, body: Buffer) {
  return send(recording.edge.url, `/demo/private/${key}?partNumber=${partNumber}&uploadId=${uploadId}`, withCookies({ method: "PUT", body }));
}

function completeXml(parts: Array<[number, string]>): string {
  const items = parts.map(([n, etag]) => `<Part><PartNumber>${n}</PartNumber><ETag>${etag}</ETag></Part>`).join("");
  return `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${items}</CompleteMultipartUpload>`;
}

async function complete(key: string, uploadId: string, body: string) {
  return send(recording.edge.url, `/demo/private/${key}?uploadId=${uploadId}`, withCookies({ method: "POST", body }));
}

describe("multipart upload under signed cookies", () => {
  it("5 MiB + 300 KB in two parts, completed, comes back byte for byte with S3's multipart ETag", async () => {
    const part1 = binary(5 * MIB);
    const part2 = binary(300 * 1024);
    const uploadId = await createUpload("big.bin");
    expect(uploadId).toMatch(/^[\w-]{20,}$/);

    const first = await uploadPart("big.bin", uploadId, 1, part1);
    expect(first.status, first.text).toBe(200);
    expect(first.headers.etag).toBe(`"${md5(part1).toString("hex")}"`);
    const second = await uploadPart("big.bin", uploadId, 2, part2);
    expect(second.status, second.text).toBe(200);
    expect(second.headers.etag).toBe(`"${md5(part2).toString("hex")}"`);

    const done = await complete(
      "big.bin",
      uploadId,
      completeXml([
        [1, first.headers.etag ?? ""],
        [2, second.headers.etag ?? ""],
      ]),
    );
    expect(done.status, done.text).toBe(200);
    // S3's ETag of a multipart object: MD5 of the parts' binary MD5s, "-", the number of parts.
    const expected = `"${md5(Buffer.concat([md5(part1), md5(part2)])).toString("hex")}-2"`;
    expect(done.text).toContain(`<ETag>${expected.replaceAll('"', "&quot;")}</ETag>`);
    expect(field(done.text, "Key")).toBe("private/big.bin");

    const get = await send(recording.edge.url, "/demo/private/big.bin", withCookies());
    expect(get.status).toBe(200);
    expect(get.headers.etag).toBe(expected);
    expect(get.body.equals(Buffer.concat([part1, part2]))).toBe(true);
  });

  it("CloudFront forwarded the cookies and the query as they were; the function signed neither cookie nor viewer x-amz-*", async () => {
    const uploadId = await createUpload("seen.bin");
    const target = `/demo/private/seen.bin?partNumber=1&uploadId=${uploadId}`;
    // What an origin access identity needed from viewers; here they are dropped, never signed.
    const oaiHeaders = { "x-amz-acl": "bucket-owner-full-control", "x-amz-content-sha256": "0".repeat(64) };
    const put = await send(recording.edge.url, target, { method: "PUT", body: binary(2 * MIB), headers: { Cookie: cookie, ...oaiHeaders } });
    expect(put.status, put.text).toBe(200);
    const exchange = recording.lastExchange("PUT", target);
    expect(exchange.event?.Records[0]?.cf.request.headers.cookie?.[0]?.value).toBe(cookie);
    expect(exchange.event?.Records[0]?.cf.request.querystring).toBe(`partNumber=1&uploadId=${uploadId}`);
    expect(exchange.wire?.target).toBe(target);
    expect(exchange.wire?.headers["x-amz-content-sha256"]).toBe("UNSIGNED-PAYLOAD");
    expect(exchange.wire?.headers["x-amz-acl"]).toBeUndefined();
    expect(exchange.wire?.headers.authorization).toMatch(/SignedHeaders=host;x-amz-cf-id;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=/);
    expect(recording.printed.join("\n")).not.toContain(cookie.slice(0, 60));
  });
});

describe("S3's multipart errors, through the edge", () => {
  it("NoSuchUpload (unknown or aborted upload), InvalidArgument (part number 0)", async () => {
    const unknown = await uploadPart("e.bin", "NoSuchIdAtAll", 1, binary(10));
    expect([unknown.status, field(unknown.text, "Code")]).toEqual([404, "NoSuchUpload"]);
    const uploadId = await createUpload("e.bin");
    const zero = await uploadPart("e.bin", uploadId, 0, binary(10));
    expect([zero.status, field(zero.text, "Code")]).toEqual([400, "InvalidArgument"]);
    const aborted = await send(recording.edge.url, `/demo/private/e.bin?uploadId=${uploadId}`, withCookies({ method: "DELETE" }));
    expect(aborted.status).toBe(204);
    const late = await uploadPart("e.bin", uploadId, 1, binary(10));
    expect([late.status, field(late.text, "Code")]).toEqual([404, "NoSuchUpload"]);
  });

  it("InvalidPart, InvalidPartOrder, EntityTooSmall (a non-last part under 5 MiB), MalformedXML", async () => {
    const uploadId = await createUpload("f.bin");
    const a = await uploadPart("f.bin", uploadId, 1, binary(1024));
    const b = await uploadPart("f.bin", uploadId, 2, binary(1024));
    const etags: Array<[number, string]> = [
      [1, a.headers.etag ?? ""],
      [2, b.headers.etag ?? ""],
    ];
    const cases: Array<[string, string]> = [
      [completeXml([[1, '"00000000000000000000000000000000"']]), "InvalidPart"],
      [completeXml([etags[1] ?? [0, ""], etags[0] ?? [0, ""]]), "InvalidPartOrder"],
      [completeXml(etags), "EntityTooSmall"],
      ["<CompleteMultipartUpload><Part>", "MalformedXML"],
    ];
    for (const [xml, code] of cases) {
      const answer = await complete("f.bin", uploadId, xml);
      expect([answer.status, field(answer.text, "Code")], code).toEqual([400, code]);
    }
    // Only the last part may be small: part 2 alone completes.
    const alone = await complete("f.bin", uploadId, completeXml([etags[1] ?? [0, ""]]));
    expect(alone.status, alone.text).toBe(200);
  });

  it("GET ?partNumber on an object and ListParts are NotImplemented in the embedded bucket", async () => {
    const part = await send(recording.edge.url, "/demo/private/big.bin?partNumber=1", withCookies());
    expect([part.status, field(part.text, "Code")]).toEqual([501, "NotImplemented"]);
    const uploadId = await createUpload("g.bin");
    const list = await send(recording.edge.url, `/demo/private/g.bin?uploadId=${uploadId}`, withCookies());
    expect([list.status, field(list.text, "Code")]).toEqual([501, "NotImplemented"]);
  });
});
