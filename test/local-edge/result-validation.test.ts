// The edge validates the function's result as CloudFront does. A wrapper around the real
// bundle (dist/index.mjs) breaks its result in the way a request header asks for.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalEdge, startLocalEdge } from "../../local-edge/edge.ts";
import { TEST_BUNDLE } from "../support/test-bundle.ts";
import { send } from "./helpers.ts";

const WRAPPER = `
import { handler as real } from ${JSON.stringify(pathToFileURL(TEST_BUNDLE).href)};
export async function handler(event, context) {
  const request = event.Records[0].cf.request;
  const mode = request.headers["x-test-break"]?.[0]?.value;
  const result = await real(event, context);
  switch (mode) {
    case "disallowed":
      result.headers["x-forwarded-proto"] = [{ key: "X-Forwarded-Proto", value: "https" }];
      break;
    case "read-only":
      result.headers.via = [{ key: "Via", value: "1.1 changed" }];
      break;
    case "delete-read-only":
      delete result.headers["accept-encoding"];
      break;
    case "not-array":
      result.headers["x-extra"] = { key: "X-Extra", value: "1" };
      break;
    case "throw":
      throw new Error("boom");
    case "string":
      return "not an object";
    case "tamper":
      // Changes a signed header after signing: the function-URL origin must refuse.
      result.headers["x-amz-date"][0].value = result.headers["x-amz-date"][0].value.replace(/\\d(?=Z$)/, (d) => String((Number(d) + 1) % 10));
      break;
    case "response":
      return { status: "418", statusDescription: "I'm a teapot", headers: { "content-type": [{ key: "Content-Type", value: "application/octet-stream" }] }, body: Buffer.from([0, 1, 2, 255]).toString("base64"), bodyEncoding: "base64" };
  }
  return result;
}
`;

let dir: string;
let edge: LocalEdge;
const printed: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "edge-sigv4-wrapper-"));
  const wrapper = join(dir, "wrapper.mjs");
  writeFileSync(wrapper, WRAPPER);
  edge = await startLocalEdge({ port: 0, handlerPath: wrapper, print: (line) => printed.push(line) });
});
afterAll(async () => {
  await edge?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let verboseEdge: LocalEdge;
const verbosePrinted: string[] = [];
beforeAll(async () => {
  verboseEdge = await startLocalEdge({ port: 0, handlerPath: join(dir, "wrapper.mjs"), verbose: true, print: (line) => verbosePrinted.push(line) });
});
afterAll(async () => {
  await verboseEdge?.close();
});

const get = (mode: string) => send(edge.url, `/demo/${mode}`, { headers: { "x-test-break": mode, "Accept-Encoding": "gzip" } });

describe("CloudFront's validation of the function's result", () => {
  it("the wrapper leaves a good result alone: the request is signed and forwarded", async () => {
    const answer = await get("none");
    expect(answer.status).toBe(404); // NoSuchKey from the origin: the signature was accepted
    expect(answer.text).toContain("<Code>NoSuchKey</Code>");
  });

  it("a disallowed header added → 502 with CloudFront's wording", async () => {
    const answer = await get("disallowed");
    expect(answer.status).toBe(502);
    expect(answer.headers["x-cache"]).toBe("LambdaValidationError from cloudfront");
    expect(answer.headers["content-type"]).toBe("text/html");
    expect(answer.text).toContain("<H1>502 ERROR</H1>");
    expect(answer.text).toContain("The Lambda function result failed validation: The function tried to add a blacklisted header.");
    expect(answer.text).toMatch(/Request ID: [A-Za-z0-9_-]{54}==/);
    expect(printed.join("\n")).toContain("headerName : X-Forwarded-Proto");
  });

  it("a read-only header changed or deleted → 502", async () => {
    for (const mode of ["read-only", "delete-read-only"]) {
      const answer = await get(mode);
      expect(answer.status, mode).toBe(502);
      expect(answer.text).toContain("The Lambda function result failed validation: The function tried to add, delete, or change a read-only header.");
    }
  });

  it("a malformed headers map → 502", async () => {
    const answer = await get("not-array");
    expect(answer.status).toBe(502);
    expect(answer.text).toContain(
      "The Lambda function returned an invalid entry in the headers object: Each header entry in the headers object must be an array.",
    );
  });

  it("a result that is not an object → 502 invalid JSON", async () => {
    const answer = await get("string");
    expect(answer.status).toBe(502);
    expect(answer.text).toContain("The Lambda function returned invalid JSON: The JSON output must be an object type.");
  });

  it("a function that throws → 503 LambdaExecutionError", async () => {
    const answer = await get("throw");
    expect(answer.status).toBe(503);
    expect(answer.headers["x-cache"]).toBe("LambdaExecutionError from cloudfront");
    expect(answer.text).toContain("The Lambda function associated with the CloudFront distribution is invalid or doesn't have the required permissions.");
  });

  it("a returned response object is sent to the viewer as is", async () => {
    const answer = await get("response");
    expect(answer.status).toBe(418);
    expect(answer.headers["content-type"]).toBe("application/octet-stream");
    expect(answer.headers["x-cache"]).toBe("LambdaGeneratedResponse from cloudfront");
    expect([...answer.body]).toEqual([0, 1, 2, 255]);
  });
});

describe("--verbose when the origin refuses", () => {
  it("shows the function's canonical request, the function-URL origin's own and its reason, never a secret", async () => {
    const answer = await send(verboseEdge.url, "/api/echo?b=2&a=1", { method: "POST", body: "x", headers: { "x-test-break": "tamper" } });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text)).toEqual({ Message: "Forbidden" });
    const output = verbosePrinted.join("\n");
    expect(output).toMatch(/^POST \/api\/echo\?b=2&a=1 403 23B \d+ms lambda\/us-east-1$/m);
    expect(output).toContain("canonical request (signed by the function):\n    POST\n    /api/echo\n    a=1&b=2\n");
    expect(output).toContain("origin's reason: SignatureDoesNotMatch: signature does not match");
    expect(output).toContain("canonical request (computed by the origin):");
    expect(output).toMatch(/first difference: line \d+: function "x-amz-date:\d{8}T\d{6}Z" \/ origin "x-amz-date:\d{8}T\d{6}Z"/);
    expect(output).toContain("x-amz-security-token:<redacted>");
    expect(output).not.toMatch(/Signature=[0-9a-f]{64}|IQoJb3JpZ2luX2Vj/);
  });
});
