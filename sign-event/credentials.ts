// Credentials for the function, from the standard AWS chain, handed over as Lambda@Edge does.
import type { AwsCredentialIdentity, Logger } from "@smithy/types";

export type Credentials = Pick<AwsCredentialIdentity, "accessKeyId" | "secretAccessKey" | "sessionToken">;

/** No credentials could be found; the message is one line and holds no secret. */
export class NoCredentialsError extends Error {
  override name = "NoCredentialsError";
}

/**
 * Resolves credentials with @aws-sdk/credential-provider-node's defaultProvider: environment
 * variables, AWS_PROFILE (config and credentials files, SSO, credential_process, assume role),
 * web identity, container and instance metadata. `profile` is AWS_PROFILE, named in the error.
 */
export async function resolveCredentials(profile: string | undefined, warn: (line: string) => void): Promise<Credentials> {
  const { defaultProvider } = await import("@aws-sdk/credential-provider-node");
  // The SDK's warnings are paragraphs; each becomes one line.
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    error: () => {},
    warn: (...content: unknown[]) => {
      const text = content.map(String).join(" ");
      warn(
        /Multiple credential sources/.test(text)
          ? `both AWS_PROFILE and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set: using profile ${profile}, as the AWS SDKs do`
          : text.replace(/\s+/g, " ").trim(),
      );
    },
  };
  try {
    const { accessKeyId, secretAccessKey, sessionToken } = await defaultProvider(profile ? { profile, logger } : { logger })();
    return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
  } catch (error) {
    const why = error instanceof Error ? (error.message.split("\n")[0] ?? "") : "";
    throw new NoCredentialsError(
      `no AWS credentials found${profile ? ` for profile ${profile}` : ""}${why ? ` (${why.replace(/\.$/, "")})` : ""}: ` +
        "export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or set AWS_PROFILE (run `aws sso login` first for an SSO profile)",
    );
  }
}

/** The variables Lambda@Edge sets for the execution role's credentials. */
export function credentialEnvironment(credentials: Credentials): Record<string, string | undefined> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
  };
}
