// A cross-account setup for handler tests: the STS stand-in (over loopback, checking each call's
// own SigV4 signature with aws4) trusts the fixtures' execution-role credentials, and two roles
// in the origin's account may be assumed (one behind an external id). What STS issued is the
// oracle's truth: requests must be signed with exactly those credentials.
import { type IssuedCredentials, type StsOrigin, startStsOrigin } from "../../local-edge/sts-origin.ts";
import { AssumedRoleCache } from "../../src/assume-role/credentials-cache.ts";
import type { Credentials } from "../../src/credentials.ts";
import type { StsAccess } from "../../src/role-credentials.ts";
import { CREDENTIALS, NOW } from "./fixtures.ts";

export { sigV4Errors } from "./signature-oracle.ts";

export const STS_REGION = "us-east-1";
export const ROLE_ARN = "arn:aws:iam::222233334444:role/edge/origin-reader";
export const OPEN_ROLE_ARN = "arn:aws:iam::222233334444:role/no-external-id";
export const EXTERNAL_ID = "edge+sigv4=ext/id@1";

export interface CrossAccount {
  readonly sts: StsOrigin;
  readonly issued: IssuedCredentials[];
  /** One container's STS access: one cache, the stand-in as endpoint. */
  access(overrides?: Partial<StsAccess>): StsAccess;
  close(): Promise<void>;
}

/** `clock`: the stand-in's (default the fixtures' NOW, which handler tests sign with). */
export async function startCrossAccount(options: { sessionTokenLength?: number; clock?: () => Date } = {}): Promise<CrossAccount> {
  const issued: IssuedCredentials[] = [];
  const sts = await startStsOrigin({
    region: STS_REGION,
    callers: [CREDENTIALS],
    roles: [{ roleArn: ROLE_ARN, externalId: EXTERNAL_ID }, { roleArn: OPEN_ROLE_ARN }],
    onIssued: (credentials) => issued.push(credentials),
    clock: options.clock ?? (() => NOW),
    ...(options.sessionTokenLength ? { sessionTokenLength: options.sessionTokenLength } : {}),
  });
  return {
    sts,
    issued,
    access: (overrides = {}) => ({ cache: new AssumedRoleCache(), region: STS_REGION, endpoint: sts.url, ...overrides }),
    close: () => sts.close(),
  };
}

/** The issued credentials as a signer holds them. */
export const asCredentials = (issued: IssuedCredentials | undefined): Credentials => ({
  accessKeyId: issued?.accessKeyId ?? "",
  secretAccessKey: issued?.secretAccessKey ?? "",
  sessionToken: issued?.sessionToken ?? "",
});
