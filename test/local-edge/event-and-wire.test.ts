// What the local edge hands the function (the origin-request event) and what it puts on the
// wire, seen from the function-URL echo; and its access log.
import { describe, expect, it } from "vitest";
import { send, useRecordingEdge } from "./helpers.ts";

const recording = useRecordingEdge();

describe("what the function is given and what goes on the wire", () => {
  it("builds the event as CloudFront does", async () => {
    const answer = await send(recording.edge.url, "/api/event?a=1", {
      method: "POST",
      body: "hello",
      headers: { "User-Agent": "test-agent/1", "X-Forwarded-For": "198.51.100.7", Cookie: "s=1", "X-Forwarded-Proto": "https" },
    });
    expect(answer.status, answer.text).toBe(200);
    const exchange = recording.lastExchange("POST", "/api/event?a=1");
    const cf = exchange.event?.Records[0]?.cf;
    expect(cf?.config.eventType).toBe("origin-request");
    expect(cf?.config.requestId).toMatch(/^[A-Za-z0-9_-]{54}==$/);
    expect(cf?.config.distributionDomainName).toMatch(/^d[a-z0-9]{13}\.cloudfront\.net$/);
    const request = cf?.request;
    expect(request?.uri).toBe("/api/event");
    expect(request?.querystring).toBe("a=1");
    expect(request?.body).toEqual({ action: "read-only", data: Buffer.from("hello").toString("base64"), encoding: "base64", inputTruncated: false });
    const functionUrl = recording.edge.behaviors.find((b) => b.pathPattern === "/api/*")?.url ?? "";
    expect(request?.headers.host).toEqual([{ key: "Host", value: new URL(functionUrl).host }]);
    expect(request?.headers["user-agent"]?.[0]?.value).toBe("test-agent/1");
    expect(request?.headers["x-forwarded-for"]?.[0]?.value).toBe("198.51.100.7, 127.0.0.1");
    expect(request?.headers.via?.[0]?.value).toMatch(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect(request?.headers.cookie?.[0]?.value).toBe("s=1");
    expect(request?.headers["x-forwarded-proto"]).toBeUndefined();
    expect(request?.origin).toMatchObject({
      custom: { domainName: "127.0.0.1", protocol: "http", customHeaders: { "x-sigv4-service": [{ value: "lambda" }] } },
    });

    // On the wire: X-Amz-Cf-Id is the request id, Via comes from another CloudFront server,
    // the origin's configuration headers are gone.
    const echo = JSON.parse(answer.text);
    expect(echo.headers["x-amz-cf-id"]).toBe(cf?.config.requestId);
    expect(echo.headers.via).toMatch(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect(echo.headers.via).not.toBe(request?.headers.via?.[0]?.value);
    expect(echo.headers["x-forwarded-for"]).toBe("198.51.100.7, 127.0.0.1");
    expect(echo.headers["x-sigv4-service"]).toBeUndefined();
    expect(echo.headers.cookie).toBe("<redacted>");
  });

  it("sets User-Agent: Amazon CloudFront when the viewer sends none", async () => {
    const answer = await send(recording.edge.url, "/api/no-agent");
    expect(answer.status).toBe(200);
    expect(recording.lastExchange("GET", "/api/no-agent").event?.Records[0]?.cf.request.headers["user-agent"]).toEqual([
      { key: "User-Agent", value: "Amazon CloudFront" },
    ]);
  });

  it("prints one access-log line per request with the service and region signed for, and never a secret", async () => {
    // Its own requests: the test passes alone, in any order.
    expect((await send(recording.edge.url, "/demo/logged.bin", { method: "PUT", body: "x" })).status).toBe(200);
    expect((await send(recording.edge.url, "/api/logged", { method: "POST", body: "y" })).status).toBe(200);
    const { printed, exchanges } = recording;
    expect(printed[0]).toMatch(/^edge-sigv4 local edge listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed).toContainEqual(expect.stringMatching(/^PUT \/demo\/logged\.bin 200 0B \d+ms s3\/us-east-1$/));
    expect(printed).toContainEqual(expect.stringMatching(/^POST \/api\/logged 200 \d+B \d+ms lambda\/us-east-1$/));
    for (const exchange of exchanges) {
      for (const value of Object.values(exchange.wire?.headers ?? {})) expect(value).not.toMatch(/Signature=[0-9a-f]{64}/);
    }
    const all = printed.join("\n");
    expect(all).not.toMatch(/Signature=[0-9a-f]{64}/);
    expect(all).not.toMatch(/IQoJb3JpZ2luX2Vj/); // the generated session tokens' prefix
  });
});
