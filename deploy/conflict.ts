// CloudFront's optimistic locking: read (with its ETag), change, write with If-Match. When
// someone else wrote in between (PreconditionFailed), read again and try once more.
import { type DeployError, hasName } from "./errors.ts";

/**
 * Runs `attempt` (a full read-change-write); on PreconditionFailed logs `retrying` and runs it
 * once more; a second conflict ends in the DeployError `exhausted` returns.
 */
export async function retryOnceOnConflict<T>(attempt: () => Promise<T>, retrying: () => void, exhausted: (error: unknown) => DeployError): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!hasName(error, "PreconditionFailed")) throw error;
  }
  retrying();
  try {
    return await attempt();
  } catch (error) {
    throw hasName(error, "PreconditionFailed") ? exhausted(error) : error;
  }
}
