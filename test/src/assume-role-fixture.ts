// The STS stand-in as the assume-role tests use it: one caller (session credentials, like a Lambda
// execution role's, generated per run), two assumable roles (one requiring an external id), the
// credentials it issued and its log lines.
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { expect } from "vitest";
import { type IssuedCredentials, type StsOrigin, type StsOriginOptions, startStsOrigin } from "../../local-edge/sts-origin.ts";
import type { StsContext } from "../../src/assume-role/assume-role.ts";
import type { AssumeRoleParameters } from "../../src/assume-role/parameters.ts";

export const REGION = "eu-west-1";
export const ROLE_ARN = "arn:aws:iam::222233334444:role/edge/origin-reader";
export const OPEN_ROLE_ARN = "arn:aws:iam::222233334444:role/no-external-id";
// "+" and "/" and "=": a form body must encode them (a "+" would read as a space).
export const EXTERNAL_ID = "edge+sigv4=ext/id@1";

export const CALLER = {
  accessKeyId: `ASIA${randomBytes(8).toString("hex").toUpperCase()}`,
  secretAccessKey: randomBytes(30).toString("base64"),
  sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(600).toString("base64")}`,
};

export const PARAMETERS: AssumeRoleParameters = { roleArn: ROLE_ARN, externalId: EXTERNAL_ID, sessionName: "edge-sigv4", durationSeconds: 900 };

export interface StsFixture {
  readonly sts: StsOrigin;
  readonly issued: IssuedCredentials[];
  readonly logs: string[];
  /** The function's side: its credentials, the Region, the stand-in as endpoint, and the clock. */
  context(now?: Date, overrides?: Partial<StsContext>): StsContext;
}

export async function startSts(options: Partial<StsOriginOptions> = {}): Promise<StsFixture> {
  const issued: IssuedCredentials[] = [];
  const logs: string[] = [];
  const sts = await startStsOrigin({
    region: REGION,
    callers: [CALLER],
    roles: [{ roleArn: ROLE_ARN, externalId: EXTERNAL_ID }, { roleArn: OPEN_ROLE_ARN }],
    onIssued: (credentials) => issued.push(credentials),
    log: (line) => logs.push(line),
    ...options,
  });
  return {
    sts,
    issued,
    logs,
    context: (now = new Date(), overrides = {}) => ({ credentials: CALLER, region: REGION, endpoint: sts.url, now, ...overrides }),
  };
}

/** Every secret in play: the caller's and each issued session's secret key and token. */
export function secretsOf(issued: readonly IssuedCredentials[]): string[] {
  return [CALLER.secretAccessKey, CALLER.sessionToken, ...issued.flatMap((c) => [c.secretAccessKey, c.sessionToken])];
}

/** The error in every form a log could take (message, stack, inspect with causes) holds no secret. */
export function expectNoSecrets(texts: readonly unknown[], secrets: readonly string[]): void {
  for (const value of texts) {
    const text = typeof value === "string" ? value : `${String(value)}\n${inspect(value, { depth: 10 })}\n${JSON.stringify(value)}`;
    for (const secret of secrets) {
      expect(text.includes(secret), "a secret key or session token leaked").toBe(false);
      // A token cut in the middle would leak too: no 40-character run of it may appear.
      for (let at = 0; at + 40 <= secret.length; at += 20) expect(text.includes(secret.slice(at, at + 40)), "part of a token leaked").toBe(false);
    }
  }
}
