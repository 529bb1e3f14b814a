// Every way AssumeRole can fail, against the STS stand-in over loopback: each is a typed error
// whose safe reason names the STS code or the kind of failure, and no error (in any form a log
// could print) nor log line holds a secret key or session token.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assumeRole, safeStsMessage } from "../../src/assume-role/assume-role.ts";
import { AssumeRoleError, StsMalformedResponseError, StsNetworkError, StsRefusedError, StsTimeoutError } from "../../src/assume-role/errors.ts";
import { createLogger } from "../../src/log.ts";
import { CALLER, expectNoSecrets, PARAMETERS, type StsFixture, secretsOf, startSts } from "./assume-role-fixture.ts";

let fixture: StsFixture;
const errors: unknown[] = [];
const logLines: string[] = [];
// How the function logs a failure (one JSON line): the reason and the cause's name and message.
const log = createLogger("debug", (line) => logLines.push(line));

beforeAll(async () => {
  fixture = await startSts();
});
afterAll(async () => {
  await fixture.sts.close();
  expectNoSecrets([...errors, ...logLines, ...fixture.logs], secretsOf(fixture.issued));
});

async function failure(promise: Promise<unknown>): Promise<AssumeRoleError> {
  const error = await promise.then(
    () => expect.unreachable("AssumeRole should have failed"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AssumeRoleError);
  errors.push(error);
  const e = error as AssumeRoleError;
  const cause = e.cause instanceof Error ? `${e.cause.name}: ${e.cause.message}` : undefined;
  log.error({ msg: "not forwarded", reason: e.reason, ...(cause ? { cause } : {}) });
  expect(e.message).toBe(e.reason);
  return e;
}

describe("STS refusals", () => {
  it("a role the caller may not assume: AccessDenied, with STS's explanation", async () => {
    const roleArn = "arn:aws:iam::999988887777:role/not-trusted";
    const e = await failure(assumeRole({ ...PARAMETERS, roleArn }, fixture.context()));
    expect(e).toBeInstanceOf(StsRefusedError);
    expect(e).toMatchObject({ failure: "refused", code: "AccessDenied", httpStatus: 403, stsType: "Sender", roleArn });
    expect(e.reason).toMatch(
      /^STS refused AssumeRole of arn:aws:iam::999988887777:role\/not-trusted with AccessDenied \(HTTP 403\): User: .* is not authorized/,
    );
  });

  it("a wrong or missing external id: AccessDenied", async () => {
    expect(await failure(assumeRole({ ...PARAMETERS, externalId: "another-id" }, fixture.context()))).toMatchObject({ code: "AccessDenied" });
    const { externalId: _, ...withoutExternalId } = PARAMETERS;
    expect(await failure(assumeRole(withoutExternalId, fixture.context()))).toMatchObject({ code: "AccessDenied" });
  });

  it("a wrong secret: SignatureDoesNotMatch, without the canonical request STS echoes (it holds the session token)", async () => {
    const e = await failure(assumeRole(PARAMETERS, fixture.context(new Date(), { credentials: { ...CALLER, secretAccessKey: "not-the-secret" } })));
    expect(e).toMatchObject({ code: "SignatureDoesNotMatch", httpStatus: 403 });
    expect(e.reason).toMatch(/does not match the signature you provided/);
    expect(e.reason).not.toMatch(/Canonical String|String-to-Sign|x-amz-security-token/);
  });

  it("an unknown access key or session token: InvalidClientTokenId", async () => {
    const unknownKey = { ...CALLER, accessKeyId: "ASIAUNKNOWN000000000" };
    expect(await failure(assumeRole(PARAMETERS, fixture.context(new Date(), { credentials: unknownKey })))).toMatchObject({ code: "InvalidClientTokenId" });
    const otherToken = { ...CALLER, sessionToken: `${CALLER.sessionToken.slice(0, -4)}AAAA` };
    expect(await failure(assumeRole(PARAMETERS, fixture.context(new Date(), { credentials: otherToken })))).toMatchObject({ code: "InvalidClientTokenId" });
  });

  it("signed for another Region than the endpoint's: SignatureDoesNotMatch", async () => {
    expect(await failure(assumeRole(PARAMETERS, fixture.context(new Date(), { region: "us-east-1" })))).toMatchObject({ code: "SignatureDoesNotMatch" });
  });

  it.each([
    [
      403,
      "RegionDisabledException",
      "STS is not activated in this region for account:111122223333. Your account administrator can activate STS in this region using the IAM Console.",
    ],
    [400, "MalformedPolicyDocument", "The policy is not in the valid JSON format."],
    [400, "ExpiredToken", "The security token included in the request is expired"],
    [400, "Throttling", "Rate exceeded"],
  ])("HTTP %i %s names the code", async (status, code, message) => {
    fixture.sts.fault = { kind: "error", status, code, message };
    try {
      const e = await failure(assumeRole(PARAMETERS, fixture.context()));
      expect(e).toBeInstanceOf(StsRefusedError);
      expect(e).toMatchObject({ code, httpStatus: status });
      expect(e.reason).toContain(`with ${code} (HTTP ${status})`);
    } finally {
      fixture.sts.fault = undefined;
    }
  });
});

describe("STS unreachable or silent", () => {
  it("a hanging STS gives StsTimeoutError after the configured timeout", async () => {
    fixture.sts.fault = { kind: "hang" };
    try {
      const e = await failure(assumeRole(PARAMETERS, fixture.context(new Date(), { timeoutMs: 200 })));
      expect(e).toBeInstanceOf(StsTimeoutError);
      expect(e).toMatchObject({ failure: "timeout", code: "Timeout", timeoutMs: 200 });
      expect(e.reason).toContain("did not answer AssumeRole of");
    } finally {
      fixture.sts.fault = undefined;
    }
  });

  it("a dropped connection gives StsNetworkError", async () => {
    fixture.sts.fault = { kind: "reset" };
    try {
      const e = await failure(assumeRole(PARAMETERS, fixture.context()));
      expect(e).toBeInstanceOf(StsNetworkError);
      expect(e).toMatchObject({ failure: "network", code: "NetworkError" });
    } finally {
      fixture.sts.fault = undefined;
    }
  });

  it("nothing listening gives StsNetworkError naming the system error", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const e = await failure(assumeRole(PARAMETERS, fixture.context(new Date(), { endpoint: `http://127.0.0.1:${port}/` })));
    expect(e).toBeInstanceOf(StsNetworkError);
    expect(e.reason).toBe(`cannot reach STS at 127.0.0.1:${port} for AssumeRole of ${PARAMETERS.roleArn} (ECONNREFUSED)`);
  });
});

describe("answers that are not STS's", () => {
  it.each([
    [503, "<html><body>Service Unavailable</body></html>", /HTTP 503\): not STS's <ErrorResponse> document/],
    [200, "{}", /HTTP 200\): no <AssumeRoleResponse><AssumeRoleResult><Credentials>/],
    [
      200,
      "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA0000000000000000</AccessKeyId></Credentials></AssumeRoleResult></AssumeRoleResponse>",
      /SecretAccessKey> is missing/,
    ],
    [400, "<ErrorResponse><Error><Code></Code></Error></ErrorResponse>", /<Error><Code> is missing or malformed/],
    [200, "x".repeat(70_000), /70000 characters is not an STS answer/],
  ])("HTTP %i with an unusable body gives StsMalformedResponseError", async (status, body, reason) => {
    fixture.sts.fault = { kind: "raw", status, body };
    try {
      const e = await failure(assumeRole(PARAMETERS, fixture.context()));
      expect(e).toBeInstanceOf(StsMalformedResponseError);
      expect(e).toMatchObject({ failure: "malformed-response", code: "MalformedResponse", httpStatus: status });
      expect(e.reason).toMatch(reason);
    } finally {
      fixture.sts.fault = undefined;
    }
  });

  it("a session token that could not go into a header is refused, without repeating it", async () => {
    const body = `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA0000000000000000</AccessKeyId>
      <SecretAccessKey>abc</SecretAccessKey><SessionToken>tok&#13;&#10;X-Injected: 1</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>
      </Credentials></AssumeRoleResult></AssumeRoleResponse>`;
    fixture.sts.fault = { kind: "raw", status: 200, body };
    try {
      const e = await failure(assumeRole(PARAMETERS, fixture.context()));
      expect(e.reason).toMatch(/<Credentials><SessionToken> is missing or malformed$/);
      expect(JSON.stringify(e)).not.toContain("Injected");
    } finally {
      fixture.sts.fault = undefined;
    }
  });
});

describe("safeStsMessage", () => {
  it("keeps STS's words, and removes the caller's secret and token, anything token-long, and the echoed canonical request", () => {
    const message = `Bad token ${CALLER.sessionToken} for key with secret ${CALLER.secretAccessKey} and ${"QUJD".repeat(20)}.\n\nThe Canonical String for this request should have been\n'POST\n/'`;
    expect(safeStsMessage(message, CALLER)).toBe("Bad token <redacted> for key with secret <redacted> and <redacted>.");
    const long = safeStsMessage("word ".repeat(200), CALLER);
    expect(long).toBe(`${"word ".repeat(60)}...`);
    expect(safeStsMessage("User: arn:aws:sts::111122223333:assumed-role/edge-sigv4/us-east-1.fn is not authorized", CALLER)).toBe(
      "User: arn:aws:sts::111122223333:assumed-role/edge-sigv4/us-east-1.fn is not authorized",
    );
  });
});
