// The hash of the body the origin receives, through the handler.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { UNSIGNED_PAYLOAD } from "../../src/payload-hash.ts";
import { BUCKET, headers, isResponse, makeEvent, REQUEST_ID, run, s3Origin, signed, value } from "./fixtures.ts";

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

describe("body and payload hash", () => {
  const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x0a, 0xe2, 0x82]);

  it("hashes the decoded bytes of a binary base64 body, not a UTF-8 reading of them", async () => {
    const event = makeEvent({ method: "POST", body: { action: "read-only", encoding: "base64", inputTruncated: false, data: binary.toString("base64") } });
    const { request } = await signed(event);
    expect(value(request, "x-amz-content-sha256")).toBe(sha256(binary));
    expect(value(request, "x-amz-content-sha256")).not.toBe(sha256(binary.toString("utf8")));
    expect(request.body?.data).toBe(binary.toString("base64")); // never replaced
  });

  it("hashes a text body as its UTF-8 bytes", async () => {
    const text = '{"name":"Zoë €"}';
    const event = makeEvent({ method: "PUT", body: { action: "read-only", encoding: "text", inputTruncated: false, data: text } });
    expect(value((await signed(event)).request, "x-amz-content-sha256")).toBe(sha256(Buffer.from(text, "utf8")));
  });

  it("replaces a viewer's x-amz-content-sha256 on a complete body with the computed hash", async () => {
    const event = makeEvent({
      method: "POST",
      headers: headers({ "X-Amz-Content-Sha256": "0".repeat(64) }),
      body: { action: "read-only", encoding: "text", inputTruncated: false, data: "hello" },
    });
    expect(value((await signed(event)).request, "x-amz-content-sha256")).toBe(sha256("hello"));
  });

  it.each(["aGVsbG8=\n", "aGVs bG8=", "aGVsbG8", "aGVs*G8=", "aGVsbG9=", "aGV-bG8_", "aGVsbG8==="])(
    "answers 400 for a body that is not strict base64: %j",
    async (data) => {
      const { result, logs } = await run(makeEvent({ method: "POST", body: { action: "read-only", encoding: "base64", inputTruncated: false, data } }));
      expect(isResponse(result) && result.status).toBe("400");
      expect(logs[0]).toMatchObject({ level: "warn", status: 400, requestId: REQUEST_ID });
    },
  );

  const truncated = { action: "read-only" as const, encoding: "base64" as const, inputTruncated: true, data: Buffer.alloc(1024 * 1024, 7).toString("base64") };

  it("signs UNSIGNED-PAYLOAD for S3 when the event's body was cut at 1 MB", async () => {
    const event = makeEvent({ method: "PUT", uri: "/big.bin", body: truncated, origin: s3Origin(BUCKET) });
    expect(value((await signed(event)).request, "x-amz-content-sha256")).toBe(UNSIGNED_PAYLOAD);
  });

  it("uses the viewer's hash for a truncated body to a non-S3 origin, and answers 413 without one", async () => {
    const viewerHash = "a".repeat(64);
    const withHash = makeEvent({ method: "POST", body: truncated, headers: headers({ "x-amz-content-sha256": viewerHash }) });
    expect(value((await signed(withHash)).request, "x-amz-content-sha256")).toBe(viewerHash);
    for (const bad of [undefined, "UNSIGNED-PAYLOAD", "A".repeat(64), "a".repeat(63)]) {
      const event = makeEvent({ method: "POST", body: truncated, ...(bad ? { headers: headers({ "x-amz-content-sha256": bad }) } : {}) });
      const { result } = await run(event);
      expect(isResponse(result) && result.status).toBe("413");
      expect(isResponse(result) && String(result.body)).toContain("x-amz-content-sha256");
    }
  });

  it("does not sign an empty hash for a body the event does not include", async () => {
    const noBody = makeEvent({ method: "POST", headers: headers({ "Content-Length": "5" }) });
    const { result } = await run(noBody);
    expect(isResponse(result) && result.status).toBe("502");
    const s3 = makeEvent({ method: "PUT", headers: headers({ "Content-Length": "5" }), origin: s3Origin(BUCKET) });
    expect(value((await signed(s3)).request, "x-amz-content-sha256")).toBe(UNSIGNED_PAYLOAD);
  });
});
