// The function environment's "DNS" (worker-fetch.ts): a mapped AWS host goes to a local server
// with the request as the function made it (Host as signed); other AWS hosts are refused; any
// other URL goes to the real fetch. Oracle: what a node:http server receives.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standInFetch } from "../../local-edge/worker-fetch.ts";

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const seen: Seen[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    res.writeHead(403, { "content-type": "text/xml" }).end("<ErrorResponse/>");
  });
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const notCalled: typeof fetch = () => Promise.reject(new Error("the real fetch must not be called"));

describe("standInFetch", () => {
  it("sends a mapped host's request to the local address, with Host, method, path, headers and body unchanged", async () => {
    const fetchVia = standInFetch({ "sts.us-east-1.amazonaws.com": { host: "127.0.0.1", port } }, notCalled);
    const response = await fetchVia("https://sts.us-east-1.amazonaws.com/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", "x-amz-date": "20261129T120000Z" },
      body: "Action=AssumeRole&Version=2011-06-15",
    });
    expect([response.status, await response.text()]).toEqual([403, "<ErrorResponse/>"]);
    expect(seen.at(-1)).toMatchObject({
      method: "POST",
      url: "/",
      headers: { host: "sts.us-east-1.amazonaws.com", "x-amz-date": "20261129T120000Z" },
      body: "Action=AssumeRole&Version=2011-06-15",
    });
  });

  it("refuses every other AWS host name, and hands any other URL to the real fetch", async () => {
    const count = seen.length;
    const fetchVia = standInFetch({}, () => Promise.resolve(new Response("real")));
    for (const url of ["https://sts.amazonaws.com/", "https://bucket.s3.eu-west-1.amazonaws.com/k", "https://abc.lambda-url.us-east-1.on.aws/"]) {
      await expect(fetchVia(url, { method: "POST", body: "x" })).rejects.toThrow("fetch failed");
    }
    expect(await (await fetchVia("https://example.com/")).text()).toBe("real");
    expect(seen.length).toBe(count);
  });

  it("an aborted call rejects", async () => {
    const fetchVia = standInFetch({ "sts.us-east-1.amazonaws.com": { host: "127.0.0.1", port } }, notCalled);
    const controller = new AbortController();
    controller.abort();
    await expect(fetchVia("https://sts.us-east-1.amazonaws.com/", { method: "POST", body: "", signal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
  });
});
