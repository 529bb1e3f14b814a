// `npm start` as a user runs it: the README's quick start, and --origin against another
// SigV4-checking S3-style origin with credentials from the environment.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { originFromUrl } from "../../local-edge/behaviors.ts";
import { parseCommandLine } from "../../local-edge/command-line.ts";
import { generateCredentials } from "../../local-edge/credentials.ts";
import type { EmbeddedOrigin } from "../../local-edge/origins/embedded-origin.ts";
import { startS3Origin } from "../../local-edge/origins/s3-origin.ts";
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

describe("--origin: a real origin, credentials from the environment", () => {
  let origin: EmbeddedOrigin;
  const credentials = generateCredentials();
  beforeAll(async () => {
    origin = await startS3Origin({ credentials, buckets: ["bucket"] });
  });
  afterAll(async () => {
    await origin?.close();
  });

  it("npm start -- --port 0 --origin http://127.0.0.1:Q --service s3 --region us-east-1 signs for that origin", async () => {
    const env = cleanEnv({
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
    });
    const child = startChild(
      process.execPath,
      [join(REPO_ROOT, "local-edge/cli.ts"), "--port", "0", "--origin", origin.url, "--service", "s3", "--region", "us-east-1", "--handler", TEST_BUNDLE],
      { cwd: REPO_ROOT, env },
    );
    children.push(child);
    const [, url] = await child.waitFor(/^edge-sigv4 local edge listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
    await child.waitFor(new RegExp(`^  /\\*      → ${origin.url.replace(/\./g, "\\.")}  custom origin \\(signed as s3/us-east-1\\)$`, "m"));
    const bytes = binary(1536 * 1024); // over 1 MB: the function signs UNSIGNED-PAYLOAD, S3 accepts it
    const put = await send(url ?? "", "/bucket/dir%20a/b+c.bin", { method: "PUT", body: bytes });
    expect(put.status, put.text).toBe(200);
    const get = await send(url ?? "", "/bucket/dir%20a/b%20c.bin?x=1&x=2");
    expect(get.status, get.text).toBe(200);
    expect(get.body.equals(bytes)).toBe(true);
    await child.waitFor(/^GET \/bucket\/dir%20a\/b%20c\.bin\?x=1&x=2 200 1536KB \d+ms s3\/us-east-1$/m);
    const output = child.output();
    expect(output).not.toContain(credentials.secretAccessKey);
    expect(output).not.toContain(credentials.sessionToken);
  });

  it("fails at start, clearly, when the chain has no credentials", () => {
    const result = spawnSync(
      process.execPath,
      [join(REPO_ROOT, "local-edge/cli.ts"), "--port", "0", "--origin", origin.url, "--service", "s3", "--region", "us-east-1", "--handler", TEST_BUNDLE],
      {
        cwd: REPO_ROOT,
        env: cleanEnv({}),
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("no AWS credentials for --origin");
  });
});

describe("command line", () => {
  it("reads --port, PORT and the defaults", () => {
    expect(parseCommandLine([], {}).options).toMatchObject({ port: 8080, host: "127.0.0.1", includeBody: true, verbose: false });
    expect(parseCommandLine([], { PORT: "9000" }).options.port).toBe(9000);
    expect(parseCommandLine(["--port", "0"], { PORT: "9000" }).options.port).toBe(0);
    expect(parseCommandLine(["--origin", "https://x.lambda-url.eu-west-1.on.aws", "--no-include-body", "-v"], {}).options).toMatchObject({
      includeBody: false,
      verbose: true,
    });
  });

  it("refuses what it cannot honour", () => {
    expect(() => parseCommandLine(["--port", "http"], {})).toThrow(/--port/);
    expect(() => parseCommandLine(["--service", "s3"], {})).toThrow(/--service applies to --origin/);
    expect(() => parseCommandLine(["--bogus"], {})).toThrow();
  });

  it("--origin: S3 REST endpoints are S3 origins, anything else a custom origin with its port, path and custom headers", () => {
    expect(originFromUrl("https://my-bucket.s3.eu-west-1.amazonaws.com", {})).toEqual({
      s3: { authMethod: "none", customHeaders: {}, domainName: "my-bucket.s3.eu-west-1.amazonaws.com", path: "" },
    });
    expect(originFromUrl("http://127.0.0.1:9000/bucket/", { service: "s3", region: "us-east-1", verbose: true })).toMatchObject({
      custom: {
        domainName: "127.0.0.1",
        port: 9000,
        protocol: "http",
        path: "/bucket",
        customHeaders: { "x-sigv4-service": [{ value: "s3" }], "x-sigv4-region": [{ value: "us-east-1" }], "x-sigv4-debug": [{ value: "1" }] },
      },
    });
    expect(originFromUrl("https://api.example.com", { originPath: "/prod" })).toMatchObject({ custom: { port: 443, protocol: "https", path: "/prod" } });
    expect(() => originFromUrl("ftp://example.com", {})).toThrow(/http or https/);
    expect(() => originFromUrl("https://example.com", { originPath: "/a/" })).toThrow(/origin-path/);
  });

  it("--help prints the usage", () => {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, "local-edge/cli.ts"), "--help"], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("--origin URL");
  });
});
