import type { FetchLike } from "./assume-role/assume-role.ts";
import type { AssumedRoleCache } from "./assume-role/credentials-cache.ts";
import { AssumeRoleError } from "./assume-role/errors.ts";
import type { AssumeRoleParameters } from "./assume-role/parameters.ts";
import { REGION_PATTERN } from "./aws-host.ts";
import type { Credentials } from "./credentials.ts";
import { EdgeError } from "./errors.ts";

/** How the function reaches STS: one cache per container, and the replica's Region. */
export interface StsAccess {
  readonly cache: AssumedRoleCache;
  /**
   * The Region of the replica running the function (AWS_REGION): its regional STS endpoint is
   * called and signed for. Never the origin's signing region. Missing (outside Lambda): us-east-1.
   */
  readonly region: string | undefined;
  /** `sts.endpoint` from the configuration: called instead, still signed for `region`. */
  readonly endpoint?: string;
  readonly fetch?: FetchLike;
  readonly timeoutMs?: number;
}

/**
 * Temporary credentials of the origin's role, assumed with the function's own and kept for the
 * container's life until shortly before they expire. STS refused, timed out, could not be reached
 * or answered nonsense: a 502, logged once with the STS error code (the viewer's message names the
 * code, not the role). No usable STS Region: a 500, the function's own setup.
 */
export async function roleCredentials(
  role: AssumeRoleParameters,
  origin: string,
  credentials: Credentials,
  sts: StsAccess | undefined,
  now: Date,
): Promise<Credentials> {
  const region = sts?.region ?? "us-east-1";
  if (!sts || !REGION_PATTERN.test(region)) {
    throw new EdgeError(500, `cannot assume the role of origin ${origin}: no usable STS Region (AWS_REGION)`);
  }
  try {
    // The cache, endpoint, fetch and timeout travel as they are; the context ignores the cache.
    return await sts.cache.credentialsFor(role, { ...sts, credentials, region, now });
  } catch (error) {
    if (!(error instanceof AssumeRoleError)) throw error;
    throw new EdgeError(502, `cannot sign for origin ${origin}: AssumeRole of its role failed (${error.code})`, {
      cause: error,
      details: { stsCode: error.code, roleArn: error.roleArn, detail: error.reason },
    });
  }
}
