// What sign-event reports for each thing the function can do with an event: sign it, forward it
// unsigned, or answer the viewer itself. The expected statuses and signing scopes come from the
// event catalog (decided from the field notes), not from the function.
import { createHash } from "node:crypto";
import { STATUS_CODES } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { EVENT_CATALOG } from "../events/catalog.ts";
import { cleanEnvironment, credentialScope, credentialVariables, eventPath, eventText, makeScratch, randomCredentials, signEvent } from "./run-sign-event.ts";

const scratch = makeScratch();
afterAll(() => scratch.remove());
const credentials = randomCredentials();
const env = cleanEnvironment(scratch, credentialVariables(credentials));
const lastLine = (text: string) => text.trimEnd().split("\n").pop();

describe("sign-event outcomes", () => {
  it.each(["s3/regional-get.json", "lambda-url/get-simple.json", "apigw/execute-api-get.json"])("signs %s and exits 0", (relPath) => {
    const expected = EVENT_CATALOG[relPath];
    if (expected?.outcome !== "signed") throw new Error(`${relPath} is not a signed case in the catalog`);
    const run = signEvent([eventPath(relPath)], env);
    expect(run.status, run.stderr).toBe(0);
    expect(credentialScope(run.stdout)).toMatch(new RegExp(`^${credentials.accessKeyId}/\\d{8}/${expected.region}/${expected.service}/aws4_request$`));
    expect(lastLine(run.stderr)).toBe(`sign-event: signed (AWS4-HMAC-SHA256, service ${expected.service}, region ${expected.region})`);
  });

  it("says so when the function forwards the request unsigned, and exits 0", () => {
    expect(EVENT_CATALOG["custom/unknown-origin.json"]?.outcome).toBe("forwarded");
    const run = signEvent([eventPath("custom/unknown-origin.json")], env);
    expect(run.status, run.stderr).toBe(0);
    expect(credentialScope(run.stdout)).toBeUndefined();
    expect(lastLine(run.stderr)).toMatch(/^sign-event: forwarded unsigned/);
  });

  it.each([
    ["malformed/missing-method.json", /method/],
    ["malformed/invalid-base64-body.json", /base64/],
    ["lambda-url/oversized-headers.json", /20,?480/],
  ])("exits 1 with the status and reason when the function answers %s itself", (relPath, about) => {
    const expected = EVENT_CATALOG[relPath];
    if (expected?.outcome !== "response") throw new Error(`${relPath} is not a response case in the catalog`);
    const run = signEvent([eventPath(relPath)], env);
    expect(run.status).toBe(1);
    const response = JSON.parse(run.stdout) as { status: string; body: string };
    expect(response.status).toBe(expected.status);
    const reason = (JSON.parse(response.body) as { message: string }).message;
    expect(reason).toMatch(about);
    expect(lastLine(run.stderr)).toBe(
      `sign-event: the function answered ${expected.status} ${STATUS_CODES[expected.status]} instead of forwarding the request: ${reason}`,
    );
  });

  it("refuses an event of another type in one line that names its type", () => {
    const event = JSON.parse(eventText("s3/regional-get.json")) as { Records: { cf: { config: { eventType: string } } }[] };
    event.Records[0]!.cf.config.eventType = "viewer-request";
    const file = scratch.write("viewer-request.json", JSON.stringify(event));
    const run = signEvent([file], env);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^sign-event: .*viewer-request.json is a viewer-request event; .*origin-request/)]);
  });

  it("--explain prints the canonical request and the string to sign that signs it", () => {
    const run = signEvent([eventPath("s3/regional-get.json"), "--explain"], env);
    expect(run.status, run.stderr).toBe(0);
    const match = /--- canonical request\n([\s\S]*?)\n--- string to sign\n([\s\S]*?)\nsign-event: /.exec(run.stderr);
    expect(match, run.stderr).not.toBeNull();
    const [canonicalRequest, stringToSign] = [match![1]!, match![2]!];
    // The token is masked in what is printed; the string to sign hashes the real canonical request.
    expect(canonicalRequest).toContain("x-amz-security-token:<redacted>");
    const real = canonicalRequest.replace("x-amz-security-token:<redacted>", `x-amz-security-token:${credentials.sessionToken}`);
    const lines = stringToSign.split("\n");
    expect(lines[0]).toBe("AWS4-HMAC-SHA256");
    expect(lines[2]).toMatch(/^\d{8}\/eu-west-1\/s3\/aws4_request$/);
    expect(lines[3]).toBe(createHash("sha256").update(real).digest("hex"));
  });
});
