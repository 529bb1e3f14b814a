// What a new user sees when the start goes wrong: one line saying what and how to fix it, and
// a warning at start when requests would go to the origin unsigned.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCredentials } from "../../local-edge/credentials.ts";
import { startLocalEdge } from "../../local-edge/edge.ts";
import { main } from "../../local-edge/main.ts";
import type { EmbeddedOrigin } from "../../local-edge/origins/embedded-origin.ts";
import { startS3Origin } from "../../local-edge/origins/s3-origin.ts";
import { TEST_BUNDLE } from "../support/test-bundle.ts";
import { send } from "./helpers.ts";

/** Runs `npm start -- ARGS` in-process against a repository root; returns the exit code and what it printed. */
async function start(args: string[], root: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { root, env: {}, out: (l) => out.push(l), err: (l) => err.push(l), stopped: async () => {} });
  return { code, out, err };
}

describe("one line, no stack trace", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "edge-sigv4-no-dist-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("--no-build without dist/: run npm run build", async () => {
    const result = await start(["--no-build", "--port", "0"], root);
    expect(result.code).toBe(1);
    expect(result.err).toEqual(["local edge: dist/index.mjs does not exist: run `npm run build` first (or drop --no-build)"]);
  });

  it("an unknown option, a --handler or --config that does not exist", async () => {
    const unknown = await start(["--bogus"], root);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toHaveLength(1);
    expect(unknown.err[0]).toMatch(/^local edge: .*--bogus.*\(npm start -- --help lists the options\)$/);
    expect((await start(["--handler", join(root, "nope.mjs")], root)).err).toEqual([`local edge: --handler ${join(root, "nope.mjs")} does not exist`]);
    expect((await start(["--config", join(root, "nope.json")], root)).err).toEqual([`local edge: --config ${join(root, "nope.json")} does not exist`]);
  });
});

describe("--origin whose service the function cannot tell from the host name", () => {
  const credentials = generateCredentials();
  let origin: EmbeddedOrigin;
  beforeAll(async () => {
    origin = await startS3Origin({ credentials, buckets: ["bucket"] });
  });
  afterAll(async () => {
    await origin?.close();
  });

  async function startedWith(extra: { service?: string; region?: string }): Promise<{ printed: string[]; url: string; close: () => Promise<void> }> {
    const printed: string[] = [];
    const edge = await startLocalEdge({ port: 0, handlerPath: TEST_BUNDLE, origin: origin.url, credentials, print: (l) => printed.push(l), ...extra });
    return { printed, url: edge.url, close: edge.close };
  }

  it("without --service: a warning at start that requests go unsigned, and how to sign them; the origin indeed refuses them", async () => {
    const edge = await startedWith({});
    try {
      const warnings = edge.printed.filter((line) => line.includes("warning"));
      expect(warnings).toEqual([
        `  warning: requests go to ${origin.url} UNSIGNED: the function cannot tell the signing service and region from its host name. ` +
          `To sign them: npm start -- --origin ${origin.url} --service NAME --region REGION (e.g. --service s3 --region us-east-1)`,
      ]);
      const answer = await send(edge.url, "/bucket/k");
      expect(answer.status).toBe(403);
      expect(answer.text).toContain("<Code>AccessDenied</Code>");
      expect(edge.printed.at(-1)).toMatch(/^GET \/bucket\/k 403 \d+B \d+ms forwarded unsigned$/);
    } finally {
      await edge.close();
    }
  });

  it("with --service and --region: no warning, and requests are signed", async () => {
    const edge = await startedWith({ service: "s3", region: "us-east-1" });
    try {
      expect(edge.printed.filter((line) => line.includes("warning"))).toEqual([]);
      expect((await send(edge.url, "/bucket/k", { method: "PUT", body: "v" })).status).toBe(200);
    } finally {
      await edge.close();
    }
  });
});
