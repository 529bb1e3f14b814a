// The STS stand-in on its own. Oracles: requests signed by aws4 and sent with node:http exactly as
// signed, and the AWS SDK's own STS client (its signer, its XML reader), which must be able to
// assume a role through the stand-in and must read its refusals as STS's.
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/nested-clients/sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IssuedCredentials, type StsOrigin, startStsOrigin } from "../../local-edge/sts-origin.ts";

type Aws4 = { sign(request: object, credentials: object): { headers: Record<string, string | number> } };
const aws4 = createRequire(import.meta.url)("aws4") as Aws4;

const REGION = "us-east-1";
const NOW = new Date("2026-11-29T12:00:00Z");
const ROLE = "arn:aws:iam::222233334444:role/origin-reader";
const GUARDED = "arn:aws:iam::222233334444:role/guarded";
const LONG = "arn:aws:iam::222233334444:role/long-sessions";
const SESSION_CALLER = {
  accessKeyId: "ASIAEXECUTIONROLE001",
  secretAccessKey: randomBytes(30).toString("base64"),
  sessionToken: randomBytes(500).toString("base64"),
};
const USER_CALLER = { accessKeyId: "AKIALONGTERMUSER0001", secretAccessKey: randomBytes(30).toString("base64") };

let sts: StsOrigin;
const issued: IssuedCredentials[] = [];
const logs: string[] = [];

beforeAll(async () => {
  sts = await startStsOrigin({
    region: REGION,
    callers: [SESSION_CALLER, USER_CALLER],
    roles: [{ roleArn: ROLE }, { roleArn: GUARDED, externalId: "the-external-id" }, { roleArn: LONG, maxSessionDuration: 43_200 }],
    clock: () => NOW,
    onIssued: (c) => issued.push(c),
    log: (line) => logs.push(line),
  });
});
afterAll(async () => {
  await sts.close();
  for (const secret of [
    SESSION_CALLER.secretAccessKey,
    SESSION_CALLER.sessionToken,
    USER_CALLER.secretAccessKey,
    ...issued.flatMap((c) => [c.secretAccessKey, c.sessionToken]),
  ]) {
    expect(logs.join("\n")).not.toContain(secret);
  }
});

interface Answer {
  status: number;
  body: string;
}

/** Signs the form with aws4 and sends it with node:http exactly as signed. */
function call(form: Record<string, string>, credentials: object = SESSION_CALLER, tweak: { service?: string; date?: Date } = {}): Promise<Answer> {
  const url = new URL(sts.url);
  const body = new URLSearchParams({ Version: "2011-06-15", ...form }).toString();
  const date = (tweak.date ?? NOW).toISOString().replace(/[-:]|\.\d{3}/g, "");
  const signed = aws4.sign(
    { host: url.host, path: "/", method: "POST", body, service: tweak.service ?? "sts", region: REGION, headers: { "X-Amz-Date": date } },
    credentials,
  );
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: "/", method: "POST", headers: signed.headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const assume = (extra: Record<string, string> = {}) => ({ Action: "AssumeRole", RoleArn: ROLE, RoleSessionName: "edge-sigv4", ...extra });
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

describe("a call signed by aws4", () => {
  it("gets fresh temporary credentials shaped like STS's, and reports them", async () => {
    const before = issued.length;
    const { status, body } = await call(assume({ DurationSeconds: "1800" }));
    expect(status).toBe(200);
    expect(body).toMatch(/^<AssumeRoleResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/">\s*<AssumeRoleResult>/);
    expect(tag(body, "AccessKeyId")).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(tag(body, "SecretAccessKey")).toHaveLength(40);
    expect(tag(body, "SessionToken")?.length).toBeGreaterThanOrEqual(700);
    expect(tag(body, "Expiration")).toBe("2026-11-29T12:30:00Z");
    expect(tag(body, "Arn")).toBe("arn:aws:sts::222233334444:assumed-role/origin-reader/edge-sigv4");
    expect(issued.length).toBe(before + 1);
    expect(issued.at(-1)).toEqual({
      accessKeyId: tag(body, "AccessKeyId"),
      secretAccessKey: tag(body, "SecretAccessKey"),
      sessionToken: tag(body, "SessionToken"),
      expiration: new Date("2026-11-29T12:30:00Z"),
      roleArn: ROLE,
      sessionName: "edge-sigv4",
    });
    const again = await call(assume());
    expect(tag(again.body, "AccessKeyId")).not.toBe(tag(body, "AccessKeyId"));
    expect(tag(again.body, "Expiration")).toBe("2026-11-29T13:00:00Z");
  });

  it.each([
    ["the wrong secret", assume(), { ...SESSION_CALLER, secretAccessKey: "wrong" }, {}, 403, "SignatureDoesNotMatch"],
    ["an unknown key", assume(), { ...USER_CALLER, accessKeyId: "AKIAUNKNOWN000000000" }, {}, 403, "InvalidClientTokenId"],
    ["session credentials without their token", assume(), { ...SESSION_CALLER, sessionToken: undefined }, {}, 403, "InvalidClientTokenId"],
    ["another service's scope", assume(), SESSION_CALLER, { service: "s3" }, 403, "SignatureDoesNotMatch"],
    ["a date 20 minutes off", assume(), SESSION_CALLER, { date: new Date(NOW.getTime() - 20 * 60_000) }, 403, "SignatureDoesNotMatch"],
    ["a role not assumable", assume({ RoleArn: "arn:aws:iam::222233334444:role/other" }), SESSION_CALLER, {}, 403, "AccessDenied"],
    ["a guarded role without external id", assume({ RoleArn: GUARDED }), SESSION_CALLER, {}, 403, "AccessDenied"],
    ["a guarded role with another external id", assume({ RoleArn: GUARDED, ExternalId: "not-the-id" }), SESSION_CALLER, {}, 403, "AccessDenied"],
    ["role chaining beyond one hour", assume({ RoleArn: LONG, DurationSeconds: "7200" }), SESSION_CALLER, {}, 400, "ValidationError"],
    ["more than the role's maximum", assume({ DurationSeconds: "7200" }), USER_CALLER, {}, 400, "ValidationError"],
    ["a duration under 900", assume({ DurationSeconds: "600" }), SESSION_CALLER, {}, 400, "ValidationError"],
    ["a bad session name", assume({ RoleSessionName: "a b" }), SESSION_CALLER, {}, 400, "ValidationError"],
    ["a policy that is not JSON", assume({ Policy: "{not json" }), SESSION_CALLER, {}, 400, "MalformedPolicyDocument"],
    ["another action", { Action: "GetCallerIdentity" }, SESSION_CALLER, {}, 400, "InvalidAction"],
  ])("with %s is refused in STS's error shape", async (_, form, credentials, tweak, status, code) => {
    const answer = await call(form, credentials, tweak);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatch(
      new RegExp(
        `^<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\\s*<Error>\\s*<Type>Sender</Type>\\s*<Code>${code}</Code>\\s*<Message>[^<]+</Message>\\s*</Error>\\s*<RequestId>[0-9a-f-]{36}</RequestId>\\s*</ErrorResponse>\\s*$`,
      ),
    );
  });

  it("grants the guarded role with its external id, and long sessions to a long-term caller", async () => {
    expect((await call(assume({ RoleArn: GUARDED, ExternalId: "the-external-id" }))).status).toBe(200);
    const long = await call(assume({ RoleArn: LONG, DurationSeconds: "43200" }), USER_CALLER);
    expect(long.status).toBe(200);
    expect(tag(long.body, "Expiration")).toBe("2026-11-30T00:00:00Z");
  });

  it("records what each call asked for and got, without secrets", async () => {
    await call(assume({ RoleArn: GUARDED, ExternalId: "the-external-id", DurationSeconds: "900" }));
    expect(sts.calls.at(-1)).toEqual({
      roleArn: GUARDED,
      sessionName: "edge-sigv4",
      externalId: "the-external-id",
      durationSeconds: "900",
      status: 200,
      code: "AssumeRole",
    });
  });
});

describe("faults", () => {
  it("hang: never answers (the caller gives up), and close() still returns", async () => {
    sts.fault = { kind: "hang" };
    try {
      const pending = fetch(sts.url, { method: "POST", body: "Action=AssumeRole", signal: AbortSignal.timeout(200) });
      await expect(pending).rejects.toThrow();
    } finally {
      sts.fault = undefined;
    }
  });

  it("reset: drops the connection", async () => {
    sts.fault = { kind: "reset" };
    try {
      await expect(call(assume())).rejects.toThrow(/socket hang up|ECONNRESET/);
    } finally {
      sts.fault = undefined;
    }
  });
});

describe("the AWS SDK's STS client", () => {
  // The SDK signs with its own clock, told to agree with the stand-in's.
  const client = () =>
    new STSClient({ region: REGION, endpoint: sts.url, credentials: SESSION_CALLER, maxAttempts: 1, systemClockOffset: NOW.getTime() - Date.now() });

  it("assumes a role through the stand-in (its signature accepted, the answer read)", async () => {
    const out = await client().send(new AssumeRoleCommand({ RoleArn: GUARDED, RoleSessionName: "sdk", ExternalId: "the-external-id", DurationSeconds: 900 }));
    const last = issued.at(-1);
    expect(out.Credentials).toEqual({
      AccessKeyId: last?.accessKeyId,
      SecretAccessKey: last?.secretAccessKey,
      SessionToken: last?.sessionToken,
      Expiration: last?.expiration,
    });
    expect(out.AssumedRoleUser?.Arn).toBe("arn:aws:sts::222233334444:assumed-role/guarded/sdk");
  });

  it("reads a refusal as STS's AccessDenied", async () => {
    const error = await client()
      .send(new AssumeRoleCommand({ RoleArn: GUARDED, RoleSessionName: "sdk" }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
    expect((error as Error).message).toMatch(/is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222233334444:role\/guarded$/);
  });
});
