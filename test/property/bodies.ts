// fast-check generators of request bodies as an origin-request event carries them: none,
// complete (base64 or text), cut at the event's limit (the origin still receives all of it), not
// included at all (the trigger's "Include body" off), or base64 CloudFront would never write.
import { createHash } from "node:crypto";
import type { CloudFrontRequest } from "aws-lambda";
import fc from "fast-check";
import type { HeaderPair } from "./request-parts.ts";

const sha256Hex = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

/** The event's body, the body the origin receives, and the headers that go with them. */
export interface GeneratedBody {
  readonly body?: NonNullable<CloudFrontRequest["body"]>;
  /** What the origin receives when the event does not hold all of it (truncated, or not included). */
  readonly fullBody?: Buffer;
  readonly headers: readonly HeaderPair[];
}

const bytes = (maxLength: number) => fc.uint8Array({ maxLength }).map((b) => Buffer.from(b));
const readOnly = (encoding: "base64" | "text", data: string, inputTruncated = false) => ({ inputTruncated, action: "read-only" as const, encoding, data });
const contentLength = (n: number): HeaderPair[] => (n > 0 ? [["Content-Length", String(n)]] : []);

/** What a viewer sends as x-amz-content-sha256 for a body the function cannot see whole: nothing, the right hash, or a wrong one. */
const viewerHash = (full: Buffer) =>
  fc.constantFrom<HeaderPair[]>(
    [],
    [["X-Amz-Content-Sha256", sha256Hex(full)]],
    [["X-Amz-Content-Sha256", sha256Hex(full).toUpperCase()]],
    [["X-Amz-Content-Sha256", "f".repeat(64)]],
  );

/** Base64 that CloudFront would never write: junk characters, the URL-safe alphabet, padding inside, non-zero pad bits. */
const invalidBase64 = fc.oneof(
  fc.constantFrom("not base64!", "QUJD=", "====", "QR==", "QUJ=", "QQ==QQ==", "QUJD\n", "QU JD", "-_-_", "YQ"),
  fc.tuple(bytes(64), fc.nat(), fc.constantFrom(" ", "\n", "-", "_", "=", "!", ".")).map(([b, at, junk]) => {
    const valid = b.toString("base64");
    const i = at % (valid.length + 1);
    return valid.slice(0, i) + junk + valid.slice(i);
  }),
);

// The function decodes base64 in slices of 65,536 characters (49,152 bytes): sizes around the
// slice boundaries, from a cheap deterministic fill (fast-check would draw each byte).
const SLICE_BYTES = 49_152;
const largeBytes = fc
  .tuple(fc.constantFrom(SLICE_BYTES, 2 * SLICE_BYTES, 65_536), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 255 }))
  .map(([size, delta, seed]) => {
    const b = Buffer.allocUnsafe(size + delta);
    for (let i = 0; i < b.length; i++) b[i] = (i * 31 + seed + (i >> 8)) & 0xff;
    return b;
  });

/** Valid base64 with one character replaced (the length stays a multiple of 4), near a slice boundary or anywhere. */
const corrupted = fc
  .tuple(fc.oneof(largeBytes, bytes(64)), fc.nat(), fc.constantFrom(" ", "\n", "-", "_", "=", "!", "."), fc.boolean())
  .filter(([b]) => b.length > 0)
  .map(([b, at, junk, nearBoundary]) => {
    const valid = b.toString("base64");
    const i = nearBoundary && valid.length > 65_536 ? 65_536 - 2 + (at % 4) : at % valid.length;
    return valid.slice(0, i) + junk + valid.slice(i + 1);
  });

export const body: fc.Arbitrary<GeneratedBody> = fc.oneof(
  { weight: 1, arbitrary: largeBytes.map((b) => ({ body: readOnly("base64", b.toString("base64")), headers: contentLength(b.length) })) },
  { weight: 1, arbitrary: corrupted.map((data) => ({ body: readOnly("base64", data), headers: [] })) },
  { weight: 3, arbitrary: fc.constant({ headers: [] }) },
  { weight: 3, arbitrary: bytes(2048).map((b) => ({ body: readOnly("base64", b.toString("base64")), headers: contentLength(b.length) })) },
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: "grapheme", maxLength: 200 })
      .map((text) => ({ body: readOnly("text", text), headers: contentLength(Buffer.byteLength(text)) })),
  },
  // Cut at the event's limit (here: small stand-ins): the origin still receives all of it.
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        bytes(1024),
        bytes(512).filter((rest) => rest.length > 0),
      )
      .chain(([head, rest]) => {
        const full = Buffer.concat([head, rest]);
        return viewerHash(full).map((hash) => ({
          body: readOnly("base64", head.toString("base64"), true),
          fullBody: full,
          headers: [...contentLength(full.length), ...hash],
        }));
      }),
  },
  // The trigger does not include the body: the event says only that there is one.
  {
    weight: 2,
    arbitrary: bytes(512)
      .filter((b) => b.length > 0)
      .chain((full) =>
        fc
          .tuple(fc.constantFrom<HeaderPair[]>(contentLength(full.length), [["Transfer-Encoding", "chunked"]]), viewerHash(full))
          .map(([framing, hash]) => ({ fullBody: full, headers: [...framing, ...hash] })),
      ),
  },
  { weight: 1, arbitrary: invalidBase64.map((data) => ({ body: readOnly("base64", data), headers: [] })) },
);
