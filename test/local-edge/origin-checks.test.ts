// The embedded S3-style origin refuses as S3 does when the signed request is changed between the
// edge and the origin, or signed for the wrong key, region or time; --verbose shows the
// function's canonical request next to the origin's.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateCredentials } from "../../local-edge/credentials.ts";
import { type LocalEdge, startLocalEdge } from "../../local-edge/edge.ts";
import type { EmbeddedOrigin } from "../../local-edge/origins/embedded-origin.ts";
import { startS3Origin } from "../../local-edge/origins/s3-origin.ts";
import { TEST_BUNDLE } from "../support/test-bundle.ts";
import { send } from "./helpers.ts";

type Mutation = (headers: IncomingHttpHeaders, body: Buffer) => { headers: IncomingHttpHeaders; body: Buffer };
const unchanged: Mutation = (headers, body) => ({ headers, body });

/** A proxy between the edge and the origin that can change the request in flight. */
async function startTamperingProxy(target: string): Promise<{ url: string; server: Server; set: (m: Mutation) => void }> {
  let mutate = unchanged;
  const origin = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const changed = mutate({ ...req.headers }, Buffer.concat(chunks));
      if (changed.body.length > 0 || changed.headers["content-length"] !== undefined) changed.headers["content-length"] = String(changed.body.length);
      const upstream = httpRequest(
        { host: origin.hostname, port: origin.port, method: req.method, path: req.url, headers: changed.headers, agent: false },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.end(changed.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, server, set: (m) => (mutate = m) };
}

const credentials = generateCredentials();
let origin: EmbeddedOrigin;
let proxy: Awaited<ReturnType<typeof startTamperingProxy>>;
let edge: LocalEdge;
let printed: string[] = [];
const edges: LocalEdge[] = [];
const origins: EmbeddedOrigin[] = [];

beforeAll(async () => {
  origin = await startS3Origin({ credentials, buckets: ["bucket"] });
  proxy = await startTamperingProxy(origin.url);
  edge = await startLocalEdge({
    port: 0,
    handlerPath: TEST_BUNDLE,
    origin: proxy.url,
    service: "s3",
    region: "us-east-1",
    credentials,
    verbose: true,
    print: (line) => printed.push(line),
  });
});
afterAll(async () => {
  await edge?.close();
  for (const other of edges) await other.close();
  for (const other of origins) await other.close();
  await new Promise((resolve) => proxy?.server.close(resolve));
  await origin?.close();
});
beforeEach(() => {
  proxy.set(unchanged);
  printed = [];
});

function xmlField(body: string, name: string): string | undefined {
  return new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(body)?.[1];
}

describe("a request changed between the edge and the origin", () => {
  it("goes through untouched: 200", async () => {
    expect((await send(edge.url, "/bucket/k", { method: "PUT", body: "v" })).status).toBe(200);
    expect((await send(edge.url, "/bucket/k")).text).toBe("v");
  });

  it("a signed header altered in flight → 403 SignatureDoesNotMatch with S3's CanonicalRequest and StringToSign; --verbose shows both sides", async () => {
    proxy.set((headers, body) => {
      const date = String(headers["x-amz-date"]);
      const later = new Date(
        Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +date.slice(9, 11), +date.slice(11, 13), +date.slice(13, 15) + 1),
      );
      return { headers: { ...headers, "x-amz-date": later.toISOString().replace(/[-:]|\.\d{3}/g, "") }, body };
    });
    const answer = await send(edge.url, "/bucket/k", { method: "PUT", body: "v" });
    expect(answer.status).toBe(403);
    expect(xmlField(answer.text, "Code")).toBe("SignatureDoesNotMatch");
    expect(xmlField(answer.text, "CanonicalRequest")).toMatch(/^PUT\n\/bucket\/k\n\nhost:127\.0\.0\.1:\d+\n/);
    expect(xmlField(answer.text, "StringToSign")).toMatch(/^AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/us-east-1\/s3\/aws4_request\n[0-9a-f]{64}$/);
    expect(answer.text).toContain("x-amz-security-token:&lt;redacted&gt;");

    const output = printed.join("\n");
    expect(printed[0]).toMatch(/^PUT \/bucket\/k 403 \d+B \d+ms s3\/us-east-1$/);
    expect(output).toContain("canonical request (signed by the function):");
    expect(output).toContain("canonical request (computed by the origin):");
    expect(output).toMatch(/first difference: line \d+: function "x-amz-date:\d{8}T\d{6}Z" \/ origin "x-amz-date:\d{8}T\d{6}Z"/);
    expect(output).not.toContain(credentials.sessionToken);
    expect(output).not.toContain(credentials.secretAccessKey);
  });

  it("an x-amz-* header added in flight → 403 AccessDenied, HeadersNotSigned", async () => {
    proxy.set((headers, body) => ({ headers: { ...headers, "x-amz-acl": "public-read" }, body }));
    const answer = await send(edge.url, "/bucket/k", { method: "PUT", body: "v" });
    expect(answer.status).toBe(403);
    expect(xmlField(answer.text, "Code")).toBe("AccessDenied");
    expect(xmlField(answer.text, "Message")).toBe("There were headers present in the request which were not signed");
    expect(xmlField(answer.text, "HeadersNotSigned")).toBe("x-amz-acl");
  });

  it("a body changed in flight → 400 XAmzContentSHA256Mismatch", async () => {
    proxy.set((headers) => ({ headers, body: Buffer.from("w") }));
    const answer = await send(edge.url, "/bucket/k", { method: "PUT", body: "v" });
    expect(answer.status).toBe(400);
    expect(xmlField(answer.text, "Code")).toBe("XAmzContentSHA256Mismatch");
  });

  it("no Authorization at all → 403 AccessDenied", async () => {
    proxy.set((headers, body) => {
      const { authorization: _dropped, ...rest } = headers;
      return { headers: rest, body };
    });
    const answer = await send(edge.url, "/bucket/k");
    expect(answer.status).toBe(403);
    expect(xmlField(answer.text, "Message")).toBe("Access Denied");
  });
});

describe("signed for the wrong key, region or time", () => {
  async function edgeFor(options: { credentials?: typeof credentials; region?: string; skewMs?: number }) {
    const target = options.skewMs ? await startS3Origin({ credentials, buckets: ["bucket"], now: () => new Date(Date.now() + (options.skewMs ?? 0)) }) : origin;
    if (target !== origin) origins.push(target);
    const other = await startLocalEdge({
      port: 0,
      handlerPath: TEST_BUNDLE,
      origin: target.url,
      service: "s3",
      region: options.region ?? "us-east-1",
      credentials: options.credentials ?? credentials,
      print: () => {},
    });
    edges.push(other);
    return other;
  }

  it("an unknown access key → 403 InvalidAccessKeyId", async () => {
    const other = await edgeFor({ credentials: generateCredentials() });
    const answer = await send(other.url, "/bucket/k");
    expect(answer.status).toBe(403);
    expect(xmlField(answer.text, "Code")).toBe("InvalidAccessKeyId");
  });

  it("another region → 400 AuthorizationHeaderMalformed naming the expected one", async () => {
    const other = await edgeFor({ region: "eu-west-1" });
    const answer = await send(other.url, "/bucket/k");
    expect(answer.status).toBe(400);
    expect(xmlField(answer.text, "Code")).toBe("AuthorizationHeaderMalformed");
    expect(xmlField(answer.text, "Message")).toContain("the region 'eu-west-1' is wrong; expecting 'us-east-1'");
  });

  it("a clock 20 minutes off → 403 RequestTimeTooSkewed", async () => {
    const other = await edgeFor({ skewMs: 20 * 60 * 1000 });
    const answer = await send(other.url, "/bucket/k");
    expect(answer.status).toBe(403);
    expect(xmlField(answer.text, "Code")).toBe("RequestTimeTooSkewed");
  });
});

describe("an origin the edge cannot reach", () => {
  it("→ 502 with CloudFront's page", async () => {
    const gone = await startS3Origin({ credentials });
    const url = gone.url;
    await gone.close();
    const other = await startLocalEdge({ port: 0, handlerPath: TEST_BUNDLE, origin: url, service: "s3", region: "us-east-1", credentials, print: () => {} });
    edges.push(other);
    const answer = await send(other.url, "/bucket/k");
    expect(answer.status).toBe(502);
    expect(answer.headers["x-cache"]).toBe("Error from cloudfront");
    expect(answer.text).toContain("CloudFront wasn't able to connect to the origin.");
  });
});
