// The trigger's "Include body" option off (--no-include-body): the event has no body, the
// origin still receives all of it.
import { describe, expect, it } from "vitest";
import { binary, send, useRecordingEdge } from "./helpers.ts";

describe("with include body off (--no-include-body)", () => {
  const recording = useRecordingEdge({ includeBody: false });

  it("the event has no body; S3 still gets the whole body, signed UNSIGNED-PAYLOAD", async () => {
    const bytes = binary(10 * 1024);
    expect((await send(recording.edge.url, "/demo/nobody.bin", { method: "PUT", body: bytes })).status).toBe(200);
    const exchange = recording.lastExchange("PUT", "/demo/nobody.bin");
    expect(exchange.event?.Records[0]?.cf.request.body).toBeUndefined();
    expect(exchange.wire?.headers["x-amz-content-sha256"]).toBe("UNSIGNED-PAYLOAD");
    expect((await send(recording.edge.url, "/demo/nobody.bin")).body.equals(bytes)).toBe(true);
  });

  it("a POST to the function URL cannot be signed without the body: the function answers 502", async () => {
    const answer = await send(recording.edge.url, "/api/x", { method: "POST", body: "abc" });
    expect(answer.status).toBe(502);
    expect(answer.headers["x-cache"]).toBe("LambdaGeneratedResponse from cloudfront");
    expect(JSON.parse(answer.text).message).toContain("Include body");
  });
});
