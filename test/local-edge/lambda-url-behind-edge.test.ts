// The function-URL-style origin behind the local edge (/api/*): every request signed by the
// bundle under test and judged by the origin from the wire; the echo shows what arrived.
import { describe, expect, it } from "vitest";
import { binary, send, sha256, useRecordingEdge } from "./helpers.ts";

const recording = useRecordingEdge();

describe("function-URL-style origin behind the edge (/api/*)", () => {
  it("a 100 KB binary POST reaches the echo with its SHA-256 and length", async () => {
    const bytes = binary(100 * 1024);
    const answer = await send(recording.edge.url, "/api/upload", { method: "POST", body: bytes, headers: { "Content-Type": "application/octet-stream" } });
    expect(answer.status, answer.text).toBe(200);
    const echo = JSON.parse(answer.text);
    expect(echo.method).toBe("POST");
    expect(echo.path).toBe("/api/upload");
    expect(echo.body).toEqual({ length: bytes.length, sha256: sha256(bytes) });
    expect(echo.credentialScope).toMatch(/^\d{8}\/us-east-1\/lambda\/aws4_request$/);
    expect(echo.headers["x-amz-content-sha256"]).toBe(sha256(bytes));
  });

  it("a query with repeated keys, reserved characters and unicode arrives as the viewer meant it", async () => {
    const answer = await send(recording.edge.url, "/api/search?tag=b&tag=a&tag=b&q=%2F%3F%26%3D%23&name=%E2%9C%93%20caf%C3%A9&raw=[x]&sp=a+b&empty=&bare");
    expect(answer.status, answer.text).toBe(200);
    const echo = JSON.parse(answer.text);
    expect(echo.queryParameters).toEqual({ tag: ["b", "a", "b"], q: "/?&=#", name: "✓ café", raw: "[x]", sp: "a b", empty: "", bare: "" });
    // Function URLs reject raw brackets: what reaches the origin is RFC 3986-encoded.
    expect(echo.query).not.toMatch(/[[\]]/);
  });

  it("a path with spaces, '+' and unicode arrives as sent and is signed as the service reads it", async () => {
    const answer = await send(recording.edge.url, "/api/files/dir%20one/a+b/%E2%9C%93.txt");
    expect(answer.status, answer.text).toBe(200);
    expect(JSON.parse(answer.text).path).toBe("/api/files/dir%20one/a+b/%E2%9C%93.txt");
  });

  it("a 2 MB POST without the viewer's x-amz-content-sha256 gets the function's own 413, passed to the viewer as is", async () => {
    const answer = await send(recording.edge.url, "/api/big", { method: "POST", body: binary(2 * 1024 * 1024) });
    expect(answer.status).toBe(413);
    expect(answer.headers["x-cache"]).toBe("LambdaGeneratedResponse from cloudfront");
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(answer.text).message).toContain("x-amz-content-sha256");
  });

  it("a 2 MB POST with the viewer's x-amz-content-sha256 is signed with it and accepted", async () => {
    const bytes = binary(2 * 1024 * 1024);
    const answer = await send(recording.edge.url, "/api/big", { method: "POST", body: bytes, headers: { "x-amz-content-sha256": sha256(bytes) } });
    expect(answer.status, answer.text).toBe(200);
    expect(JSON.parse(answer.text).body).toEqual({ length: bytes.length, sha256: sha256(bytes) });
  });
});

describe("the function-URL origin refuses what the edge did not sign", () => {
  it("a direct unsigned request to the function-URL origin is 403 Forbidden", async () => {
    const functionUrl = recording.edge.behaviors.find((b) => b.pathPattern === "/api/*")?.url;
    const answer = await send(functionUrl ?? "", "/api/x", { method: "POST", body: "x" });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text)).toEqual({ Message: "Forbidden" });
  });
});
