// Uploads through a protected behavior with a signed URL, as a viewer of the distribution makes
// them: one PUT, no x-amz-content-sha256 and no x-amz-acl from the viewer. The function signs for
// S3 what CloudFront forwards (the signed-URL parameters removed), the bucket origin judges the
// signature from the wire, and the object comes back byte for byte through the edge.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { binary, send } from "./helpers.ts";
import { cannedUrl, targetOf, testKeys, useProtectedEdge } from "./viewer-access-helpers.ts";

const keys = testKeys();
const recording = useProtectedEdge([keys.rsa], ["/demo/private/*"]);

const MIB = 1024 * 1024;
const md5 = (bytes: Buffer): string => createHash("md5").update(bytes).digest("hex");
const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

describe("a single PUT with a signed URL stores the object; a GET with a signed URL returns it", () => {
  it.each([
    ["0 B", 0],
    ["1 KB", 1024],
    ["1 MiB + 1 (over the 1 MB event body)", MIB + 1],
    ["5 MB", 5 * 1000 * 1000],
  ])("%s", async (_name, size) => {
    const body = binary(size);
    const url = cannedUrl(`${recording.edge.url}/demo/private/upload-${size}.bin`, keys.rsa);
    const target = targetOf(url);
    const put = await send(recording.edge.url, target, { method: "PUT", body, headers: { "Content-Type": "application/octet-stream" } });
    expect(put.status, put.text).toBe(200);
    expect(put.headers.etag).toBe(`"${md5(body)}"`);

    // What CloudFront handed the function, and what it then put on the wire to the bucket.
    const exchange = recording.lastExchange("PUT", target);
    const request = exchange.event?.Records[0]?.cf.request;
    expect(request?.querystring).toBe("");
    expect(request?.headers["x-amz-content-sha256"]).toBeUndefined();
    expect(request?.body?.inputTruncated).toBe(size > MIB);
    expect(exchange.wire?.target).toBe(`/demo/private/upload-${size}.bin`);
    expect(exchange.wire?.bodyLength).toBe(size);
    expect(exchange.wire?.headers["x-amz-content-sha256"]).toBe(size > MIB ? "UNSIGNED-PAYLOAD" : sha256(body));
    expect(exchange.wire?.headers["x-amz-acl"]).toBeUndefined();
    expect(exchange.wire?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIA\w+\/\d{8}\/us-east-1\/s3\/aws4_request, /);

    const get = await send(recording.edge.url, target);
    expect(get.status).toBe(200);
    expect(get.body.length).toBe(size);
    expect(get.body.equals(body)).toBe(true);
  });
});

describe("what the viewer sees and what the edge prints", () => {
  it("without a signature the same path is CloudFront's 403 MissingKey; outside /demo/private/* nothing is needed", async () => {
    const refused = await send(recording.edge.url, "/demo/private/upload-1024.bin");
    expect(refused.status).toBe(403);
    expect(refused.headers["content-type"]).toBe("text/xml");
    expect(refused.text).toContain("<Code>MissingKey</Code>");
    expect(recording.lastExchange("GET", "/demo/private/upload-1024.bin").event).toBeUndefined();

    expect((await send(recording.edge.url, "/demo/public.txt", { method: "PUT", body: "open" })).status).toBe(200);
    expect((await send(recording.edge.url, "/demo/public.txt")).text).toBe("open");
  });

  it("the access lines name the signed URL and its key, never its signature", async () => {
    const url = cannedUrl(`${recording.edge.url}/demo/private/printed.txt`, keys.rsa);
    expect((await send(recording.edge.url, targetOf(url), { method: "PUT", body: "x" })).status).toBe(200);
    const signature = new URL(url).searchParams.get("Signature") ?? "";
    expect(signature.length).toBeGreaterThan(300);
    const line = recording.printed.find((printed) => printed.startsWith("PUT /demo/private/printed.txt?"));
    expect(line).toMatch(
      /^PUT \/demo\/private\/printed\.txt\?Expires=\d+&Key-Pair-Id=K2RSAEXAMPLE&Signature=<redacted> 200 0B \d+ms s3\/us-east-1 \(signed URL, key K2RSAEXAMPLE\)$/,
    );
    const all = recording.printed.join("\n");
    expect(all).not.toContain(signature.slice(0, 40));
    expect(all).toContain("GET /demo/private/upload-1024.bin 403 146B");
    expect(all).toMatch(/viewer access refused: MissingKey: /);
  });
});
