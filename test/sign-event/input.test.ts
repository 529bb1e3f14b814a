// Bad usage and bad input: one line (plus the usage for a bad command line), exit 2, nothing on
// stdout, no stack trace. And the help, which points at the sample events.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/test-bundle.ts";
import { cleanEnvironment, credentialVariables, eventPath, eventText, makeScratch, randomCredentials, signEvent } from "./run-sign-event.ts";

const scratch = makeScratch();
afterAll(() => scratch.remove());
const env = cleanEnvironment(scratch, credentialVariables(randomCredentials()));

function expectRefused(args: string[], pattern: RegExp, input?: string, lines = 1): void {
  const run = signEvent(args, env, input);
  expect(run.status, run.stderr).toBe(2);
  expect(run.stdout).toBe("");
  const stderr = run.stderr.trimEnd().split("\n");
  expect(stderr).toHaveLength(lines);
  expect(stderr[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe("sign-event input", () => {
  it.each([
    [[], /name the event file/],
    [["a.json", "b.json"], /one event at a time/],
    [["--explian", "a.json"], /--explian/],
  ])("refuses the command line %j with one line and the usage", (args, pattern) => {
    expectRefused(args, pattern, undefined, 2);
    expect(signEvent(args, env).stderr).toMatch(/\nusage: npm run sign-event -- <event.json \| ->/);
  });

  it("refuses a file that does not exist, or a directory", () => {
    expectRefused([join(scratch.dir, "missing.json")], /^sign-event: cannot read .*missing\.json: no such file$/);
    expectRefused([scratch.dir], /: it is a directory$/);
  });

  it.each([
    ["not JSON", "hello\nworld", /is not JSON \(.*\): see the sample events in test\/events\/$/],
    ["empty", "", /is not JSON/],
    ["an object that is no event", "{}", /is not a CloudFront event \(no Records\[0\]\.cf\)/],
    ["an array", "[]", /is not a CloudFront event/],
    ["null", "null", /is not a CloudFront event/],
    ["a record without cf", '{"Records":[{}]}', /is not a CloudFront event/],
  ])("refuses %s", (_what, text, pattern) => {
    expectRefused([scratch.write("input.json", text)], pattern);
  });

  it("reads the event from stdin with -", () => {
    const run = signEvent(["-"], env, eventText("s3/regional-get.json"));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("sign-event: signed");
    expectRefused(["-"], /^sign-event: stdin is not JSON/, "nope");
  });

  it("refuses an event whose body is a placeholder the tests fill in", () => {
    expectRefused([eventPath("s3/put-truncated-1mb.json")], /placeholder .*test\/events\/catalog\.ts/);
  });

  it("asks for a build when the bundle is missing", () => {
    expectRefused(["--bundle", join(REPO_ROOT, "dist/no-such-bundle.mjs"), eventPath("s3/regional-get.json")], /does not exist: run `npm run build` first/);
  });

  it("--help names the exit statuses, the credential chain and the sample events", () => {
    const run = signEvent(["--help"], env);
    expect(run.status).toBe(0);
    for (const text of ["Exit status", "0  the function returned the request", "1  the function answered the viewer itself", "AWS_PROFILE", "test/events/"]) {
      expect(run.stdout).toContain(text);
    }
    expect(run.stderr).toBe("");
  });

  it("--help names every sample folder under test/events/", () => {
    const run = signEvent(["--help"], env);
    const folders = readdirSync(join(REPO_ROOT, "test/events"), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) expect(run.stdout).toMatch(new RegExp(`[\\s(]${folder.name}/[,)]`));
  });
});
