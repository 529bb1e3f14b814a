// The S3-style bucket origin behind the local edge (the default behavior): every request signed
// by the bundle under test and judged by the origin from the wire.
import { describe, expect, it } from "vitest";
import { binary, send, sha256, useRecordingEdge } from "./helpers.ts";

const recording = useRecordingEdge();

describe("S3-style bucket origin behind the edge (default behavior)", () => {
  it("a 100 KB binary PUT comes back byte for byte (GET, HEAD, then DELETE)", async () => {
    const bytes = binary(100 * 1024);
    const put = await send(recording.edge.url, "/demo/small.bin", { method: "PUT", body: bytes, headers: { "Content-Type": "application/octet-stream" } });
    expect(put.status, put.text).toBe(200);
    expect(put.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);

    const get = await send(recording.edge.url, "/demo/small.bin");
    expect(get.status).toBe(200);
    expect(get.body.equals(bytes)).toBe(true);
    expect(get.headers["content-type"]).toBe("application/octet-stream");
    expect(get.headers["x-cache"]).toBe("Miss from cloudfront");

    const head = await send(recording.edge.url, "/demo/small.bin", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe(String(bytes.length));

    expect((await send(recording.edge.url, "/demo/small.bin", { method: "DELETE" })).status).toBe(204);
    expect((await send(recording.edge.url, "/demo/small.bin")).status).toBe(404);
  });

  it("a 3 MB binary PUT is cut at 1 MB in the event, yet the origin gets and returns all of it", async () => {
    const bytes = binary(3 * 1024 * 1024);
    const put = await send(recording.edge.url, "/demo/large.bin", { method: "PUT", body: bytes });
    expect(put.status, put.text).toBe(200);

    const exchange = recording.lastExchange("PUT", "/demo/large.bin");
    const body = exchange.event?.Records[0]?.cf.request.body;
    expect(body?.inputTruncated).toBe(true);
    expect(body?.encoding).toBe("base64");
    const cut = Buffer.from(body?.data ?? "", "base64");
    expect(cut.length).toBe(1024 * 1024);
    expect(cut.equals(bytes.subarray(0, 1024 * 1024))).toBe(true);
    expect(exchange.wire?.bodyLength).toBe(bytes.length);
    expect(exchange.wire?.headers["x-amz-content-sha256"]).toBe("UNSIGNED-PAYLOAD");

    const get = await send(recording.edge.url, "/demo/large.bin");
    expect(get.status).toBe(200);
    expect(get.body.length).toBe(bytes.length);
    expect(sha256(get.body)).toBe(sha256(bytes));
  });

  it("a path with spaces, '+' and unicode names the key S3 would (a raw '+' is a space)", async () => {
    const bytes = binary(2048);
    const put = await send(recording.edge.url, "/demo/dir%20one/a+b%20%E2%9C%93.txt", { method: "PUT", body: bytes });
    expect(put.status, put.text).toBe(200);
    const same = await send(recording.edge.url, "/demo/dir%20one/a%20b%20%E2%9C%93.txt");
    expect(same.status).toBe(200);
    expect(same.body.equals(bytes)).toBe(true);

    const plus = Buffer.from("a literal plus");
    expect((await send(recording.edge.url, "/demo/c%2Bd", { method: "PUT", body: plus })).status).toBe(200);
    expect((await send(recording.edge.url, "/demo/c%2bd")).body.equals(plus)).toBe(true);
    expect((await send(recording.edge.url, "/demo/c+d")).status).toBe(404);

    const list = await send(recording.edge.url, "/demo?list-type=2&prefix=dir%20one/");
    expect(list.status, list.text).toBe(200);
    expect(list.text).toContain("<Key>dir one/a b ✓.txt</Key>");
  });

  it("a query with repeated keys, reserved characters and unicode is signed as S3 reads it", async () => {
    expect((await send(recording.edge.url, "/demo/q.txt", { method: "PUT", body: "q" })).status).toBe(200);
    const get = await send(recording.edge.url, "/demo/q.txt?x=2&x=1&y=%2F%3F%26%3D&z=%E2%9C%93&w=[a]&v=a+b&empty=&bare");
    expect(get.status, get.text).toBe(200);
    expect(get.text).toBe("q");
  });

  it("an S3 error from the origin reaches the viewer as S3 wrote it", async () => {
    const missing = await send(recording.edge.url, "/demo/never-written");
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("<Code>NoSuchKey</Code>");
    const nobucket = await send(recording.edge.url, "/no-such-bucket/key");
    expect(nobucket.status).toBe(404);
    expect(nobucket.text).toContain("<Code>NoSuchBucket</Code>");
  });
});

describe("the bucket origin refuses what the edge did not sign", () => {
  it("a direct unsigned request to the bucket origin is 403 AccessDenied", async () => {
    const bucket = recording.edge.behaviors.find((b) => b.pathPattern === "*")?.url;
    const answer = await send(bucket ?? "", "/demo/q.txt");
    expect(answer.status).toBe(403);
    expect(answer.text).toContain("<Code>AccessDenied</Code>");
  });
});
