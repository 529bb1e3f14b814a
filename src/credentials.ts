import type { AwsCredentialIdentity } from "@smithy/types";

export type Credentials = Pick<AwsCredentialIdentity, "accessKeyId" | "secretAccessKey" | "sessionToken">;

/**
 * Lambda@Edge hands the execution role's credentials to the function in these variables; no
 * credential provider chain is needed (and none is bundled). Missing keys → undefined.
 */
export function readCredentials(env: Readonly<Record<string, string | undefined>>): Credentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env.AWS_SESSION_TOKEN;
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}
