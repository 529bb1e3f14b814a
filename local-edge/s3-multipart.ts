// S3's multipart upload for the embedded bucket: CreateMultipartUpload (POST ?uploads),
// UploadPart (PUT ?partNumber=N&uploadId=ID), CompleteMultipartUpload (POST ?uploadId=ID with
// its XML body) and AbortMultipartUpload (DELETE ?uploadId=ID), with S3's answers and error
// codes. Pure bookkeeping: the bucket origin routes requests here and writes the answers.
import { createHash, randomBytes } from "node:crypto";
import { xmlUnescape } from "./xml.ts";

/** S3's floor for every part but the last (5 MiB). */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PART_NUMBER = 10_000;

export interface S3Failure {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly fields?: Readonly<Record<string, string>>;
}

export interface UploadedPart {
  readonly body: Buffer;
  readonly etag: string;
}

export interface PendingUpload {
  readonly bucket: string;
  readonly key: string;
  /** Headers given at CreateMultipartUpload (content-type, x-amz-meta-*...), stored with the object. */
  readonly headers: Readonly<Record<string, string>>;
  readonly parts: Map<number, UploadedPart>;
}

export interface CompletedObject {
  readonly body: Buffer;
  readonly etag: string;
  readonly headers: Readonly<Record<string, string>>;
}

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: S3Failure };

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const fail = (status: number, code: string, message: string, fields?: Record<string, string>): Outcome<never> => ({
  ok: false,
  failure: { status, code, message, ...(fields ? { fields } : {}) },
});

function noSuchUpload(uploadId: string): Outcome<never> {
  return fail(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", {
    UploadId: uploadId,
  });
}

function malformedXml(): Outcome<never> {
  return fail(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
}

/** `partNumber` as S3 reads it: an integer from 1 to 10,000. */
export function parsePartNumber(raw: string | undefined): Outcome<number> {
  const value = raw !== undefined && /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= MAX_PART_NUMBER)) {
    return fail(400, "InvalidArgument", `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, {
      ArgumentName: "partNumber",
      ArgumentValue: raw ?? "",
    });
  }
  return ok(value);
}

/** The parts a CompleteMultipartUpload body names, in the order given. */
export function parseCompleteRequest(xml: string): Outcome<Array<{ partNumber: number; etag: string }>> {
  if (!/^\s*(<\?xml[^>]*\?>\s*)?<CompleteMultipartUpload(\s[^>]*)?>[\s\S]*<\/CompleteMultipartUpload>\s*$/.test(xml)) return malformedXml();
  const parts: Array<{ partNumber: number; etag: string }> = [];
  for (const [, inner] of xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const number = /<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(inner ?? "")?.[1];
    const etag = /<ETag>([\s\S]*?)<\/ETag>/.exec(inner ?? "")?.[1];
    if (number === undefined || etag === undefined) return malformedXml();
    parts.push({ partNumber: Number(number), etag: unquote(xmlUnescape(etag.trim())) });
  }
  return parts.length === 0 ? malformedXml() : ok(parts);
}

function unquote(etag: string): string {
  return etag.replace(/^"|"$/g, "");
}

/** The in-memory uploads of one bucket origin. */
export class MultipartUploads {
  readonly #uploads = new Map<string, PendingUpload>();

  create(bucket: string, key: string, headers: Readonly<Record<string, string>>): string {
    const uploadId = randomBytes(48).toString("base64url");
    this.#uploads.set(uploadId, { bucket, key, headers, parts: new Map() });
    return uploadId;
  }

  #find(bucket: string, key: string, uploadId: string): PendingUpload | undefined {
    const upload = this.#uploads.get(uploadId);
    return upload && upload.bucket === bucket && upload.key === key ? upload : undefined;
  }

  uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Buffer): Outcome<string> {
    const upload = this.#find(bucket, key, uploadId);
    if (!upload) return noSuchUpload(uploadId);
    const etag = `"${createHash("md5").update(body).digest("hex")}"`;
    upload.parts.set(partNumber, { body, etag });
    return ok(etag);
  }

  abort(bucket: string, key: string, uploadId: string): Outcome<true> {
    if (!this.#find(bucket, key, uploadId)) return noSuchUpload(uploadId);
    this.#uploads.delete(uploadId);
    return ok(true);
  }

  /** Assembles the named parts, as S3 checks them: each exists with that ETag, in ascending order, all but the last ≥ 5 MiB. */
  complete(bucket: string, key: string, uploadId: string, xml: string): Outcome<CompletedObject> {
    const upload = this.#find(bucket, key, uploadId);
    if (!upload) return noSuchUpload(uploadId);
    const requested = parseCompleteRequest(xml);
    if (!requested.ok) return requested;
    const list = requested.value;
    // S3 checks the list's order first, then that each part exists with that ETag, then the sizes.
    if (list.some((part, i) => i > 0 && part.partNumber <= (list[i - 1]?.partNumber ?? 0))) {
      return fail(400, "InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.", {
        UploadId: uploadId,
      });
    }
    const chosen: UploadedPart[] = [];
    for (const { partNumber, etag } of list) {
      const part = upload.parts.get(partNumber);
      if (!part || unquote(part.etag) !== etag) {
        return fail(
          400,
          "InvalidPart",
          "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          { UploadId: uploadId, PartNumber: String(partNumber), ETag: etag },
        );
      }
      chosen.push(part);
    }
    const small = chosen.findIndex((part, i) => i < chosen.length - 1 && part.body.length < MIN_PART_BYTES);
    const tooSmall = chosen[small];
    if (tooSmall) {
      return fail(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", {
        ProposedSize: String(tooSmall.body.length),
        MinSizeAllowed: String(MIN_PART_BYTES),
        PartNumber: String(list[small]?.partNumber),
        ETag: unquote(tooSmall.etag),
      });
    }
    this.#uploads.delete(uploadId);
    return ok({ body: Buffer.concat(chosen.map((p) => p.body)), etag: multipartEtag(chosen.map((p) => p.etag)), headers: upload.headers });
  }
}

/** S3's ETag of a multipart object: MD5 of the parts' binary MD5s, a dash, and the part count. */
export function multipartEtag(partEtags: readonly string[]): string {
  const md5 = createHash("md5");
  for (const etag of partEtags) md5.update(Buffer.from(unquote(etag), "hex"));
  return `"${md5.digest("hex")}-${partEtags.length}"`;
}
