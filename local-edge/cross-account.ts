// The demo's other account: the STS stand-in (sts-origin.ts) playing the regional STS endpoint
// of the Region the function runs in, trusting the function's execution-role credentials, and
// letting it assume one role. The temporary credentials it issues are the only callers the
// other account's origin trusts, and are secrets the edge never prints.
import type { CredentialSource, Credentials } from "../sigv4-oracle/index.ts";
import type { OriginAddress } from "./origin-client.ts";
import { CROSS_ACCOUNT_ROLE_ARN } from "./origins/registry.ts";
import { type StsOrigin, startStsOrigin } from "./sts-origin.ts";

/** How STS names the execution role's session in its AccessDenied messages. */
const EXECUTION_ROLE_SESSION = "arn:aws:sts::111122223333:assumed-role/edge-sigv4-execution/us-east-1.edge-sigv4";

export interface CrossAccount {
  readonly sts: StsOrigin;
  /** `sts.<region>.amazonaws.com`: the host the function calls, and where it really goes. */
  readonly stsHost: string;
  readonly stsAddress: OriginAddress;
  /** The issued sessions, for the other account's origin. */
  readonly credentials: CredentialSource;
}

export async function startCrossAccount(options: {
  /** The Region the function runs in (its AWS_REGION): it calls that Region's STS endpoint. */
  readonly region: string;
  /** The function's execution-role credentials. */
  readonly caller: Credentials;
  /** Called with each issued secret key and session token, to be redacted from every line. */
  readonly onSecret: (secret: string) => void;
}): Promise<CrossAccount> {
  const issued = new Map<string, Credentials>();
  const sts = await startStsOrigin({
    region: options.region,
    callers: [{ ...options.caller, arn: EXECUTION_ROLE_SESSION }],
    roles: [{ roleArn: CROSS_ACCOUNT_ROLE_ARN }],
    onIssued: ({ accessKeyId, secretAccessKey, sessionToken }) => {
      options.onSecret(secretAccessKey);
      options.onSecret(sessionToken);
      issued.set(accessKeyId, { accessKeyId, secretAccessKey, sessionToken });
    },
  });
  const { hostname, port } = new URL(sts.url);
  return {
    sts,
    stsHost: `sts.${options.region}.amazonaws.com${options.region.startsWith("cn-") ? ".cn" : ""}`,
    stsAddress: { host: hostname, port: Number(port) },
    credentials: (accessKeyId) => issued.get(accessKeyId),
  };
}
