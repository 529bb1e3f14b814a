// The README's quick start, as a user runs it: `npm start`, then curl; what it prints is what
// the README shows. The edge runs as `npm start -- --port 0 --handler <bundle under test>`:
// port 0 because 8080 may be taken on the machine running the tests, --handler so that neither
// dist/ nor a user's edge-sigv4.config.json changes what runs (nothing is built).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, TEST_BUNDLE } from "../support/test-bundle.ts";
import { binary, type Child, cleanEnv, send, startChild } from "./helpers.ts";

const README = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const CURL = { "User-Agent": "curl/8.5.0", Accept: "*/*" };

/** The lines of the first fenced block after `marker` in the README. */
function readmeBlock(marker: string): string[] {
  const at = README.indexOf(marker);
  expect(at, `README: ${marker}`).toBeGreaterThan(-1);
  const open = README.indexOf("```", at);
  const body = README.indexOf("\n", open) + 1;
  return README.slice(body, README.indexOf("```", body)).trimEnd().split("\n");
}

/** A README output line as a pattern: ports, paths, key hints and timings vary from run to run. */
function linePattern(line: string, edgeUrl: string): RegExp {
  const escaped = line
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replaceAll("http://127\\.0\\.0\\.1:8080", edgeUrl.replace(/[.]/g, "\\."))
    .replace(/http:\/\/127\\\.0\\\.0\\\.1:4123\d/g, "http://127\\.0\\.0\\.1:\\d+")
    .replace("/path/to/edge-sigv4/dist/index\\.mjs", ".+")
    .replace("ASIA…7QXJ", "ASIA…[A-Z2-7]{4}")
    .replace(/(Policy|Signature)=[\w~-]*…/g, "$1=[\\w~-]+")
    .replace(/ \d+ms /, " \\d+ms ");
  return new RegExp(`^${escaped}$`);
}

let child: Child;
let url = "";
beforeAll(async () => {
  child = startChild("npm", ["start", "--", "--port", "0", "--handler", TEST_BUNDLE], { cwd: REPO_ROOT, env: cleanEnv({}) });
  [, url = ""] = await child.waitFor(/^edge-sigv4 local edge listening on (http:\/\/127\.0\.0\.1:\d+)$/m, 60_000);
  await child.waitFor(/^ {2}unsigned, straight to the bucket origin/m);
});
afterAll(async () => {
  await child?.stop();
});

describe("the README's quick start", () => {
  it("`curl -T f` then `curl` through the edge return the same bytes (64 KB of binary)", async () => {
    const f = binary(64 * 1024);
    // What curl sends for -T: PUT with Expect: 100-continue, then GET.
    const put = await send(url, "/demo/binary", { method: "PUT", body: f, headers: { ...CURL, Expect: "100-continue" } });
    expect(put.status, put.text).toBe(200);
    const get = await send(url, "/demo/binary", { headers: CURL });
    expect(get.status).toBe(200);
    expect(get.body.equals(f)).toBe(true);
    await child.waitFor(/^GET \/demo\/binary 200 64KB \d+ms s3\/us-east-1$/m);
    expect(child.output()).not.toMatch(/Signature=[0-9a-f]{64}|IQoJb3JpZ2luX2Vj/);
  });

  it("the README's commands print `hello`, and npm start prints what the README shows", async () => {
    const commands = readmeBlock("In another terminal:");
    expect(commands).toEqual(["echo hello > f", "curl -T f http://127.0.0.1:8080/demo/f", "curl http://127.0.0.1:8080/demo/f"]);
    expect((await send(url, "/demo/f", { method: "PUT", body: "hello\n", headers: { ...CURL, Expect: "100-continue" } })).status).toBe(200);
    expect((await send(url, "/demo/f", { headers: CURL })).text).toBe("hello\n");
    await child.waitFor(/^GET \/demo\/f 200 6B \d+ms s3\/us-east-1$/m);

    const shown = readmeBlock("On a fresh clone `npm start` prints this");
    // npm's own banner names the arguments given; the build line appears only when dist/ is built
    // (with --handler nothing is), and is pinned by bundle-freshness.test.ts.
    expect(shown.slice(0, 4)).toEqual([
      "> edge-sigv4@0.1.0 start",
      "> node local-edge/cli.ts",
      "",
      "building dist/index.mjs with the default configuration (dist/index.mjs does not exist) ...",
    ]);
    const printed = child.output().split("\n");
    expect(printed).toContain(`> node local-edge/cli.ts --port 0 --handler ${TEST_BUNDLE}`);
    const startup = printed.slice(printed.findIndex((line) => line.startsWith("edge-sigv4 local edge listening")));
    const expected = shown.slice(4);
    for (const [i, line] of expected.entries()) {
      const pattern = linePattern(line, url);
      if (/^(PUT|GET) /.test(line)) expect(printed, `README line ${line}`).toContainEqual(expect.stringMatching(pattern));
      else expect(startup[i], `README line ${i + 5}`).toMatch(pattern);
    }
  });

  it("the printed `unsigned` command is refused by the bucket origin; the README's echo command answers", async () => {
    const [, command = ""] = /^ {2}unsigned, straight to the bucket origin \(refused, 403 AccessDenied\): curl (\S+)$/m.exec(child.output()) ?? [];
    const direct = new URL(command);
    const refused = await send(direct.origin, direct.pathname, { headers: CURL });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("<Code>AccessDenied</Code>");

    expect(README).toContain("curl -X POST --data-binary @f 'http://127.0.0.1:8080/api/hello?tag=a&tag=b'");
    const echo = await send(url, "/api/hello?tag=a&tag=b", { method: "POST", body: "hello\n", headers: CURL });
    expect(echo.status, echo.text).toBe(200);
    expect(JSON.parse(echo.text)).toMatchObject({ method: "POST", path: "/api/hello", queryParameters: { tag: ["a", "b"] } });
  });

  it("the signed URL npm start printed opens /demo/private/*, as URL or as cookies; without it, CloudFront's 403 MissingKey", async () => {
    const commands = readmeBlock("`/demo/private/*` is a protected path");
    expect(commands).toEqual([
      "curl -i http://127.0.0.1:8080/demo/private/f     # 403, <Code>MissingKey</Code>",
      "URL='http://127.0.0.1:8080/demo/private/f?Policy=...'   # paste the signed URL npm start printed",
      'curl -T f "$URL" && curl "$URL"                   # hello',
    ]);
    const refused = await send(url, "/demo/private/f", { headers: CURL });
    expect([refused.status, refused.headers["content-type"]]).toEqual([403, "text/xml"]);
    expect(refused.text).toContain("<Code>MissingKey</Code>");

    const [, signed = ""] = /^ {2}signed URL \(24 h, any key under \/demo\/private\/\): '(\S+)'$/m.exec(child.output()) ?? [];
    expect(signed.startsWith(`${url}/demo/private/f?Policy=`)).toBe(true);
    const target = signed.slice(url.length);
    expect((await send(url, target, { method: "PUT", body: "hello\n", headers: { ...CURL, Expect: "100-continue" } })).status).toBe(200);
    expect((await send(url, target, { headers: CURL })).text).toBe("hello\n");
    await child.waitFor(
      /^GET \/demo\/private\/f\?Policy=[\w~-]+&Key-Pair-Id=KLOCALDEMO&Signature=<redacted> 200 6B \d+ms s3\/us-east-1 \(signed URL, key KLOCALDEMO\)$/m,
    );
    // The banner prints the URL on purpose; the access lines never show its signature.
    const requestLines = child
      .output()
      .split("\n")
      .filter((line) => /^(GET|PUT) /.test(line));
    expect(requestLines.join("\n")).not.toContain(new URL(signed).searchParams.get("Signature")?.slice(0, 30) ?? "no signature");

    // The printed hint: the same three values as cookies open another key under the prefix.
    const query = new URL(signed).searchParams;
    const cookie = ["Policy", "Signature", "Key-Pair-Id"].map((name) => `CloudFront-${name}=${query.get(name)}`).join("; ");
    expect((await send(url, "/demo/private/g", { method: "PUT", body: "g", headers: { ...CURL, Cookie: cookie } })).status).toBe(200);
    expect((await send(url, "/demo/private/g", { headers: { ...CURL, Cookie: cookie } })).text).toBe("g");
  });

  it("the README's /mrap/*, /web/* and /cross-account/* commands answer as their comments say", async () => {
    for (const command of [
      "curl -T f http://127.0.0.1:8080/mrap/f && curl http://127.0.0.1:8080/mrap/f     # through the MRAP stand-in, SigV4A",
      'curl -X POST --data-binary @f http://127.0.0.1:8080/web/hello                   # the echo shows "algorithm": "sigv4a", "regionSet": "*"',
      "curl http://127.0.0.1:8080/cross-account/hello                                  # signed with the assumed role's session",
    ]) {
      expect(README).toContain(command);
    }
    expect((await send(url, "/mrap/f", { method: "PUT", body: "hello\n", headers: { ...CURL, Expect: "100-continue" } })).status).toBe(200);
    expect((await send(url, "/mrap/f", { headers: CURL })).text).toBe("hello\n");
    const web = await send(url, "/web/hello", { method: "POST", body: "hello\n", headers: CURL });
    expect(JSON.parse(web.text)).toMatchObject({ algorithm: "sigv4a", regionSet: "*" });
    const other = await send(url, "/cross-account/hello", { headers: CURL });
    expect(other.status, other.text).toBe(200);
    await child.waitFor(/^GET \/cross-account\/hello 200 \d+B \d+ms lambda\/us-east-1$/m);
  });

  it("links no document that does not exist", () => {
    expect(README).not.toContain("docs/local-edge.md");
  });
});
