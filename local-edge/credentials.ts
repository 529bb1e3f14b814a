// Credentials the function signs with: generated for the embedded origins, or from the standard
// AWS chain for a real origin. Handed to the function as Lambda@Edge does (AWS_* variables),
// and never printed: every line the edge prints goes through a redactor that knows them.
import { randomBytes } from "node:crypto";
import type { Credentials } from "../sigv4-oracle/index.ts";
import { redactText } from "./redact-text.ts";

export type { Credentials };

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Random temporary-looking credentials: ASIA… key id, 40-character secret, ~800-character session token. */
export function generateCredentials(): Required<Credentials> & { sessionToken: string } {
  const accessKeyId = `ASIA${Array.from(randomBytes(16), (b) => UPPER[b % UPPER.length]).join("")}`;
  const secretAccessKey = randomBytes(30).toString("base64");
  // Real STS tokens are about 1 KB; a realistic length keeps the request-size checks honest.
  const sessionToken = `IQoJb3JpZ2luX2Vj${randomBytes(600).toString("base64")}`;
  return { accessKeyId, secretAccessKey, sessionToken };
}

/** The variables Lambda@Edge sets for the execution role's credentials. */
export function credentialEnvironment(credentials: Credentials): Record<string, string> {
  const env: Record<string, string> = { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
  if (credentials.sessionToken) env.AWS_SESSION_TOKEN = credentials.sessionToken;
  return env;
}

/**
 * A provider over the standard chain (environment, SSO, ini profiles, process, web identity,
 * container and instance metadata), loaded only when a real origin is used.
 */
export async function credentialChain(): Promise<() => Promise<Credentials>> {
  let module: typeof import("@aws-sdk/credential-provider-node");
  try {
    module = await import("@aws-sdk/credential-provider-node");
  } catch (error) {
    throw new Error(`cannot load @aws-sdk/credential-provider-node (run npm install): ${error instanceof Error ? error.message : String(error)}`);
  }
  // Memoized by the SDK, which refreshes credentials that expire within five minutes.
  const provider = module.defaultProvider();
  return async () => {
    const identity = await provider();
    return { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey, sessionToken: identity.sessionToken };
  };
}

/** Masks secrets in a line before it is printed: the known secrets (read at each call) and the patterns of redact-text.ts. */
export function createRedactor(getSecrets: () => Iterable<string | undefined>): (text: string) => string {
  return (text) => redactText(text, getSecrets());
}
