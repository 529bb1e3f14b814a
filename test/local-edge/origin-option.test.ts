// `npm start -- --origin URL`: the edge in front of another SigV4-checking origin (here an
// embedded S3-style one on its own), with credentials from the environment.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCredentials } from "../../local-edge/credentials.ts";
import type { EmbeddedOrigin } from "../../local-edge/origins/embedded-origin.ts";
import { startS3Origin } from "../../local-edge/origins/s3-origin.ts";
import { REPO_ROOT, TEST_BUNDLE } from "../support/test-bundle.ts";
import { binary, type Child, cleanEnv, send, startChild } from "./helpers.ts";

const children: Child[] = [];
afterAll(async () => {
  for (const child of children) await child.stop();
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
