// The embedded bucket's multipart bookkeeping, against S3's documented answers. The multipart
// ETag is recomputed here from its definition (MD5 of the parts' binary MD5s, "-N").
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MIN_PART_BYTES, MultipartUploads, parseCompleteRequest, parsePartNumber } from "../../local-edge/s3-multipart.ts";

const md5 = (bytes: Buffer) => createHash("md5").update(bytes).digest();
const completeXml = (parts: Array<[number, string]>) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts
    .map(([n, etag]) => `<Part><PartNumber>${n}</PartNumber><ETag>${etag}</ETag></Part>`)
    .join("")}</CompleteMultipartUpload>`;

function upload(uploads: MultipartUploads, id: string, n: number, body: Buffer): string {
  const result = uploads.uploadPart("demo", "big.bin", id, n, body);
  if (!result.ok) throw new Error(result.failure.code);
  return result.value;
}

describe("multipart uploads in the embedded bucket", () => {
  it("assembles two parts byte for byte, with S3's multipart ETag", () => {
    const uploads = new MultipartUploads();
    const id = uploads.create("demo", "big.bin", { "content-type": "video/mp4" });
    const first = randomBytes(MIN_PART_BYTES);
    const last = randomBytes(1234);
    const e1 = upload(uploads, id, 1, first);
    const e2 = upload(uploads, id, 2, last);
    expect(e1).toBe(`"${md5(first).toString("hex")}"`);
    const done = uploads.complete(
      "demo",
      "big.bin",
      id,
      completeXml([
        [1, e1],
        [2, e2.replace(/"/g, "&quot;")],
      ]),
    );
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect(done.value.body.equals(Buffer.concat([first, last]))).toBe(true);
    expect(done.value.etag).toBe(
      `"${createHash("md5")
        .update(Buffer.concat([md5(first), md5(last)]))
        .digest("hex")}-2"`,
    );
    expect(done.value.headers).toEqual({ "content-type": "video/mp4" });
    // Completed uploads are gone.
    expect(uploads.abort("demo", "big.bin", id)).toMatchObject({ ok: false, failure: { status: 404, code: "NoSuchUpload" } });
  });

  it("refuses a non-last part under 5 MiB with EntityTooSmall", () => {
    const uploads = new MultipartUploads();
    const id = uploads.create("demo", "big.bin", {});
    const e1 = upload(uploads, id, 1, randomBytes(MIN_PART_BYTES - 1));
    const e2 = upload(uploads, id, 2, randomBytes(10));
    const done = uploads.complete(
      "demo",
      "big.bin",
      id,
      completeXml([
        [1, e1],
        [2, e2],
      ]),
    );
    expect(done).toMatchObject({
      ok: false,
      failure: { status: 400, code: "EntityTooSmall", fields: { ProposedSize: String(MIN_PART_BYTES - 1), PartNumber: "1" } },
    });
  });

  it("refuses an unknown part or a wrong ETag with InvalidPart, and parts out of order with InvalidPartOrder", () => {
    const uploads = new MultipartUploads();
    const id = uploads.create("demo", "big.bin", {});
    const e1 = upload(uploads, id, 1, randomBytes(MIN_PART_BYTES));
    const e2 = upload(uploads, id, 2, randomBytes(10));
    expect(
      uploads.complete(
        "demo",
        "big.bin",
        id,
        completeXml([
          [1, e1],
          [3, e2],
        ]),
      ),
    ).toMatchObject({ ok: false, failure: { code: "InvalidPart" } });
    expect(
      uploads.complete(
        "demo",
        "big.bin",
        id,
        completeXml([
          [1, e2],
          [2, e2],
        ]),
      ),
    ).toMatchObject({ ok: false, failure: { code: "InvalidPart" } });
    expect(
      uploads.complete(
        "demo",
        "big.bin",
        id,
        completeXml([
          [2, e2],
          [1, e1],
        ]),
      ),
    ).toMatchObject({ ok: false, failure: { code: "InvalidPartOrder" } });
  });

  it("knows an upload only under its own bucket and key; abort forgets it", () => {
    const uploads = new MultipartUploads();
    const id = uploads.create("demo", "big.bin", {});
    expect(uploads.uploadPart("demo", "other.bin", id, 1, Buffer.from("x"))).toMatchObject({ ok: false, failure: { code: "NoSuchUpload" } });
    expect(uploads.abort("demo", "big.bin", id)).toEqual({ ok: true, value: true });
    expect(uploads.uploadPart("demo", "big.bin", id, 1, Buffer.from("x"))).toMatchObject({ ok: false, failure: { status: 404, code: "NoSuchUpload" } });
  });

  it("reads partNumber and the completion body as S3 does", () => {
    expect(parsePartNumber("1")).toEqual({ ok: true, value: 1 });
    expect(parsePartNumber("10000")).toEqual({ ok: true, value: 10000 });
    for (const bad of ["0", "10001", "-1", "1.5", "", undefined])
      expect(parsePartNumber(bad)).toMatchObject({ ok: false, failure: { code: "InvalidArgument" } });
    expect(parseCompleteRequest("<CompleteMultipartUpload></CompleteMultipartUpload>")).toMatchObject({ ok: false, failure: { code: "MalformedXML" } });
    expect(parseCompleteRequest("not xml")).toMatchObject({ ok: false, failure: { code: "MalformedXML" } });
    expect(parseCompleteRequest(completeXml([[1, '"abc"']]))).toEqual({ ok: true, value: [{ partNumber: 1, etag: "abc" }] });
  });
});
