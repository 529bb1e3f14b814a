// The README's "Private content: signed URLs and cookies", run as written where it can be run
// here: the keys command, the deploy command's options (parsed by the deploy itself), the upload
// policy command, and the whole local flow — npm start with --trusted-key and --protect, then the
// curl commands, the single PUT and the multipart recipe of step 5 — in a scratch directory. Only
// `npm run X --` becomes `node X/cli.ts` (npm needs the checkout as its directory) and the edge
// listens on a free port instead of 8080.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDeployArgs } from "../../deploy/args.ts";
import { REPO_ROOT, TEST_BUNDLE } from "../support/test-bundle.ts";
import { type Child, cleanEnv, startChild } from "./helpers.ts";

const README = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const SECTION = README.slice(README.indexOf("## Private content: signed URLs and cookies"));
const HAS_CURL = spawnSync("curl", ["--version"]).status === 0;

/** The text of the `index`-th fenced block after `marker` in the section. */
function block(marker: string, index = 0): string {
  let at = SECTION.indexOf(marker);
  expect(at, `README: ${marker}`).toBeGreaterThan(-1);
  for (let i = 0; i <= index; i++) at = SECTION.indexOf("```", SECTION.indexOf("```", at) + 3 * Number(i > 0)) + 3;
  const body = SECTION.indexOf("\n", at - 3) + 1;
  return SECTION.slice(body, SECTION.indexOf("```", body));
}

/** The block's commands as this test runs them (see the header). */
function runnable(text: string, edgeUrl = ""): string {
  return text
    .replaceAll("npm run --silent sign-url --", '"$NODE" "$REPO/sign-url/cli.ts"')
    .replaceAll("npm run keys --", '"$NODE" "$REPO/keys/cli.ts"')
    .replaceAll("http://127.0.0.1:8080", edgeUrl);
}

/** The words of one shell command line (continuations joined), as bash splits them. */
function words(command: string): string[] {
  const out = execFileSync("bash", ["-c", `printf '%s\\0' ${command.replace(/\\\n/g, " ")}`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

// A scratch directory for each part, as a fresh clone would be (the deploy part needs iam/).
let root = "";
const deployDir = () => join(root, "deploy");
const localDir = () => join(root, "local");
const bash = (script: string, cwd: string) =>
  spawnSync("bash", ["-c", script], { cwd, encoding: "utf8", env: { ...process.env, NODE: process.execPath, REPO: REPO_ROOT } });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "edge-sigv4-private-content-"));
  cpSync(join(REPO_ROOT, "iam"), join(deployDir(), "iam"), { recursive: true });
  mkdirSync(localDir());
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the deployed flow (steps 1 and 2), up to what needs AWS", () => {
  it("1: keys new prints what the README shows", () => {
    const command = block("### 1. Make a key pair").trim();
    expect(command.startsWith("npm run keys -- new --out .edge-sigv4/keys ")).toBe(true);
    const result = bash(runnable(command), deployDir());
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split("\n").slice(0, 2)).toEqual(block("### 1. Make a key pair", 1).trim().split("\n"));
  });

  it("2: the deploy command's options are the deploy's own; the upload policy command fills iam/execution-role/s3-uploads.json", () => {
    const [npm, run, deploy, dashes, ...args] = words(block("### 2. Deploy with a key group"));
    expect([npm, run, deploy, dashes]).toEqual(["npm", "run", "deploy", "--"]);
    expect(parseDeployArgs(args)).toMatchObject({
      createRole: "edge-sigv4-role",
      attach: true,
      distributionId: "E2EXAMPLE",
      pathPattern: "/private/*",
      trustedKeyGroup: "private-content",
      publicKey: ".edge-sigv4/keys/public_key.pem",
      wait: true,
    });
    const fill = block("`s3:AbortMultipartUpload` under one prefix:").split("\naws iam")[0] ?? "";
    const result = bash(`mkdir -p .edge-sigv4 && ${fill}`, deployDir());
    expect(result.status, result.stderr).toBe(0);
    const policy = JSON.parse(readFileSync(join(deployDir(), ".edge-sigv4/uploads-policy.json"), "utf8")) as { Statement: unknown[] };
    expect(policy.Statement).toEqual([
      {
        Sid: "UploadObjectsUnderThePrefix",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
        Resource: "arn:aws:s3:::my-bucket/private/upload/*",
      },
    ]);
  });
});

describe.skipIf(!HAS_CURL)("the same flow, locally (curl)", () => {
  let edge: Child;
  let url = "";
  beforeAll(async () => {
    const [keys = "", start = ""] = block("### The same flow, locally").trim().split("\n");
    expect(bash(runnable(keys), localDir()).status).toBe(0);
    const [npm, verb, dashes, ...args] = words(start);
    expect([npm, verb, dashes]).toEqual(["npm", "start", "--"]);
    edge = startChild(process.execPath, [join(REPO_ROOT, "local-edge/cli.ts"), ...args, "--port", "0", "--handler", TEST_BUNDLE], {
      cwd: localDir(),
      env: cleanEnv({}),
    });
    [, url = ""] = await edge.waitFor(/^edge-sigv4 local edge listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
    await edge.waitFor(/^ {2}viewer access: \/demo\/private\/\* needs a signed URL or signed cookies \(trusted key K1LOCAL\)$/m);
  });
  afterAll(async () => {
    await edge?.stop();
  });

  it("MissingKey without a signature; the signed URL uploads and downloads report.txt", async () => {
    const result = bash(runnable(block("### The same flow, locally", 1), url), localDir());
    expect(result.stderr).not.toMatch(/sign-url|error/i);
    expect(result.stdout).toMatch(/^HTTP\/1\.1 403 Forbidden\r$/m);
    expect(result.stdout).toContain("<Code>MissingKey</Code>");
    expect(result.stdout).toMatch(/<\/Error>quarterly numbers\n$/);
    // (The edge's lines are read once this test yields: bash ran synchronously.)
    await edge.waitFor(/^PUT \/demo\/private\/report\.txt\?Expires=\d+&Key-Pair-Id=K1LOCAL&Signature=<redacted> 200 .*\(signed URL, key K1LOCAL\)$/m);
  });

  it("step 5's multipart recipe, as it is, after the two local lines: two parts, completed, back byte for byte", async () => {
    const setup = block("### The same flow, locally", 2);
    const recipe = block("its quoting. With `big.bin` any file over 5 MiB:", 1);
    expect(recipe).toContain('"$BASE?uploads"');
    const result = bash(`${runnable(setup, url)}\n${runnable(recipe, url)}`, localDir());
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/<CompleteMultipartUploadResult [^>]*>.*<ETag>&quot;[0-9a-f]{32}-2&quot;<\/ETag>/);
    expect(result.stdout.trimEnd().endsWith("same")).toBe(true);
    const part = (n: number) => `^PUT /demo/private/big\\.bin\\?partNumber=${n}&uploadId=\\S+ 200 .* \\(signed cookies, key K1LOCAL\\)$`;
    await edge.waitFor(new RegExp(`${part(1)}[\\s\\S]*${part(2)}[\\s\\S]*^GET /demo/private/big\\.bin 200 11\\.4MB`, "m"));
    expect(edge.output()).not.toMatch(/CloudFront-Signature=/);
  });
});
