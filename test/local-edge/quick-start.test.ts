// The README's quick start, as a user runs it: `npm start`, then curl.
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, TEST_BUNDLE } from "../support/test-bundle.ts";
import { binary, type Child, cleanEnv, send, startChild } from "./helpers.ts";

const children: Child[] = [];
afterAll(async () => {
  for (const child of children) await child.stop();
});

describe("the README's quick start", () => {
  it("npm start, then `curl -T f http://127.0.0.1:PORT/demo/f` and `curl http://127.0.0.1:PORT/demo/f` return the same bytes", async () => {
    // --port 0 stands in for the default 8080, which may be taken on the machine running the
    // tests; --handler runs the bundle under test, never dist/ (nor a user's configuration).
    const child = startChild("npm", ["start", "--", "--port", "0", "--handler", TEST_BUNDLE], { cwd: REPO_ROOT, env: cleanEnv({}) });
    children.push(child);
    const [, url = ""] = await child.waitFor(/^edge-sigv4 local edge listening on (http:\/\/127\.0\.0\.1:\d+)$/m, 60_000);
    const f = binary(64 * 1024);
    // What curl sends for -T: PUT with Expect: 100-continue, then GET.
    const put = await send(url, "/demo/f", { method: "PUT", body: f, headers: { "User-Agent": "curl/8.5.0", Accept: "*/*", Expect: "100-continue" } });
    expect(put.status, put.text).toBe(200);
    const get = await send(url, "/demo/f", { headers: { "User-Agent": "curl/8.5.0", Accept: "*/*" } });
    expect(get.status).toBe(200);
    expect(get.body.equals(f)).toBe(true);
    await child.waitFor(/^GET \/demo\/f 200 64KB \d+ms s3\/us-east-1$/m);
    expect(child.output()).toMatch(/^PUT \/demo\/f 200 0B \d+ms s3\/us-east-1$/m);
    expect(child.output()).not.toMatch(/Signature=[0-9a-f]{64}|IQoJb3JpZ2luX2Vj/);
  });
});
