// When the origin's role cannot be assumed, the viewer gets a generated 5xx and the log ONE line
// naming the STS error code — never a secret — and the request is never forwarded unsigned or
// signed with the function's own credentials.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { FetchLike } from "../../src/assume-role/assume-role.ts";
import { AssumedRoleCache } from "../../src/assume-role/credentials-cache.ts";
import type { Config } from "../../src/config.ts";
import { type CrossAccount, EXTERNAL_ID, ROLE_ARN, startCrossAccount } from "./cross-account-fixture.ts";
import { CREDENTIALS, headers, isResponse, LAMBDA_URL, makeEvent, REQUEST_ID, run, SECRETS } from "./fixtures.ts";

let world: CrossAccount;
beforeAll(async () => {
  world = await startCrossAccount({ sessionTokenLength: 2400 });
});
afterAll(() => world.close());
afterEach(() => {
  world.sts.fault = undefined;
  vi.useRealTimers();
});

const configFor = (roleArn: string, externalId = EXTERNAL_ID): Partial<Config> => ({ origins: { [LAMBDA_URL]: { roleArn, externalId } } });

async function refused(config: Partial<Config>, sts: ReturnType<CrossAccount["access"]> | undefined, event = makeEvent()) {
  const outcome = await run(event, { config, ...(sts ? { sts } : {}) });
  const { result, logs, raw } = outcome;
  if (!isResponse(result)) throw new Error("expected a generated response");
  expect(logs).toHaveLength(1);
  expect(logs[0]).toMatchObject({ level: "error", requestId: REQUEST_ID, outcome: "response" });
  const everything = `${raw.join("\n")}\n${String(result.body)}`;
  for (const secret of [...SECRETS, ...world.issued.flatMap((c) => [c.secretAccessKey, c.sessionToken])]) expect(everything).not.toContain(secret);
  return { status: result.status, body: String(result.body), log: logs[0] ?? {} };
}

describe("AssumeRole failures", () => {
  it("STS refuses (the trust policy's external id does not match): 502, one line with AccessDenied", async () => {
    const { status, body, log } = await refused(configFor(ROLE_ARN, "wrong-external-id"), world.access());
    expect(status).toBe("502");
    expect(body).toContain(`cannot sign for origin ${LAMBDA_URL}: AssumeRole of its role failed (AccessDenied)`);
    expect(body).not.toContain("222233334444"); // the role is in the log, not in the viewer's answer
    expect(log).toMatchObject({ status: 502, stsCode: "AccessDenied", roleArn: ROLE_ARN });
    expect(String(log.detail)).toMatch(/^STS refused AssumeRole of .* with AccessDenied \(HTTP 403\): User: /);
  });

  it("STS answers an error of its own (throttling): 502 with that code", async () => {
    world.sts.fault = { kind: "error", status: 400, code: "Throttling", message: "Rate exceeded" };
    const { status, log } = await refused(configFor(ROLE_ARN), world.access());
    expect(status).toBe("502");
    expect(log).toMatchObject({ stsCode: "Throttling" });
  });

  it("the connection drops: 502 NetworkError", async () => {
    world.sts.fault = { kind: "reset" };
    const { status, log } = await refused(configFor(ROLE_ARN), world.access());
    expect(status).toBe("502");
    expect(log).toMatchObject({ stsCode: "NetworkError" });
  });

  it("STS does not answer: 502 Timeout, after the function's own timeout", async () => {
    world.sts.fault = { kind: "hang" };
    const { status, log } = await refused(configFor(ROLE_ARN), world.access({ timeoutMs: 50 }));
    expect(status).toBe("502");
    expect(log).toMatchObject({ stsCode: "Timeout" });
    expect(String(log.detail)).toContain("within 50 ms");
  });

  it("the default timeout is 3 s: pending at 2,999 ms, a 502 at 3,000 (fake clock, a fetch that waits for its abort)", async () => {
    vi.useFakeTimers();
    const hanging: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    let settled: Awaited<ReturnType<typeof run>> | undefined;
    const pending = run(makeEvent(), { config: configFor(ROLE_ARN), sts: { cache: new AssumedRoleCache(), region: "us-east-1", fetch: hanging } }).then(
      (outcome) => {
        settled = outcome;
      },
    );
    await vi.advanceTimersByTimeAsync(2999);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(settled && isResponse(settled.result) && settled.result.status).toBe("502");
    expect(settled?.logs[0]).toMatchObject({ stsCode: "Timeout" });
  });

  it("no STS access, or no usable Region for STS: 500 (the function's own setup)", async () => {
    expect((await refused(configFor(ROLE_ARN), undefined)).status).toBe("500");
    const { status, body } = await refused(configFor(ROLE_ARN), world.access({ region: "moon-base-1x" }));
    expect(status).toBe("500");
    expect(body).toContain("no usable STS Region (AWS_REGION)");
  });

  it("a failed call is not remembered: the next request tries again and signs", async () => {
    const sts = world.access();
    world.sts.fault = { kind: "error", status: 503, code: "ServiceUnavailable", message: "try later" };
    expect((await refused(configFor(ROLE_ARN), sts)).status).toBe("502");
    world.sts.fault = undefined;
    const { result } = await run(makeEvent(), { config: configFor(ROLE_ARN), sts });
    expect(isResponse(result)).toBe(false);
  });
});

describe("the longer session token and CloudFront's 20,480-byte head limit", () => {
  it("counts the role's token, and says the actual sizes", async () => {
    // Fits with the execution role's short token; over the limit with the role's 2,400-byte one.
    const event = () => makeEvent({ headers: headers({ Cookie: "c=".padEnd(18_600, "x") }) });
    const own = await run(event(), { config: {} });
    expect(isResponse(own.result)).toBe(false);
    const { status, body } = await refused(configFor(ROLE_ARN), world.access(), event());
    expect(status).toBe("502");
    expect(body).toMatch(/the signed request's line and headers are \d{5} bytes, over CloudFront's 20480-byte limit \(the session token is 2400 bytes/);
    expect(body).toMatch(/and the Authorization header \d{3} bytes\)/);
    expect(CREDENTIALS.sessionToken?.length).toBeLessThan(100);
  });
});
