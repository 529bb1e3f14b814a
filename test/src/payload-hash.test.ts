import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256OfBase64 } from "../../src/payload-hash.ts";

const expected = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("sha256OfBase64", () => {
  it.each([0, 1, 2, 3, 47, 48, 49, 49_151, 49_152, 49_153, 98_304, 1_048_576, 1_048_577])(
    "hashes the exact bytes of a %i-byte body, across slice boundaries",
    (size) => {
      const bytes = randomBytes(size);
      expect(sha256OfBase64(bytes.toString("base64"))).toEqual({ hex: expected(bytes), bytes: size });
    },
  );

  const body = randomBytes(200_000).toString("base64"); // four 64 K-character slices
  const at = (index: number, text: string) => body.slice(0, index) + text + body.slice(index + text.length);

  it.each([
    ["a space in the first slice", at(10, " ")],
    ["a newline in a middle slice", at(100_000, "\n")],
    ["padding in a middle slice", at(131_072, "====")],
    ["a character outside the alphabet in the last slice", at(body.length - 10, "*")],
    ["the URL-safe alphabet", at(5, "-_")],
    ["a length that is not a multiple of 4", body.slice(0, -1)],
    ["non-canonical trailing bits", "QR=="],
    ["too much padding", "QQ==="],
  ])("refuses %s with a 400", (_name, data) => {
    expect(() => sha256OfBase64(data)).toThrow(expect.objectContaining({ status: 400 }));
  });
});
