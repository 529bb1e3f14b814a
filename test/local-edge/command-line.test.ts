// The local edge's command line: options, PORT, --origin URLs, --help.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { originFromUrl } from "../../local-edge/behaviors.ts";
import { parseCommandLine } from "../../local-edge/command-line.ts";
import { main } from "../../local-edge/main.ts";
import { REPO_ROOT } from "../support/test-bundle.ts";

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

  it("--origin that is not an http(s) URL is a usage error: one line, exit 2, before anything starts", async () => {
    expect(() => parseCommandLine(["--origin", "notaurl"], {})).toThrow(/--origin notaurl is not a URL/);
    expect(() => parseCommandLine(["--origin", "ftp://x"], {})).toThrow(/--origin ftp:\/\/x: CloudFront origins speak http or https/);
    for (const origin of ["notaurl", "ftp://x"]) {
      const lines: string[] = [];
      const status = await main(["--origin", origin, "--no-build"], { err: (line) => lines.push(line), out: () => {}, env: {} });
      expect(status).toBe(2);
      expect(lines).toHaveLength(1);
    }
  });

  it("--help prints the usage", () => {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, "local-edge/cli.ts"), "--help"], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("--origin URL");
  });
});
