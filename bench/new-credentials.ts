// A SigV4A key is derived from the credentials (an HMAC chain and a P-256 point multiplication)
// and kept while they stay the same; the first SigV4A request after the execution role's
// credentials change pays the derivation again. Measured through the bundle: requests that each
// come with a new access key id in the environment (set outside the timed region), next to the
// same case with the cached key in the per-request table.
import type { CloudFrontRequestEvent } from "aws-lambda";
import { cloneEvent, type Handler, isSigned } from "./events.ts";
import { median, quantile } from "./stats.ts";

export interface NewCredentialsReport {
  /** The case measured (its cached-key numbers are in the per-request table). */
  caseId: string;
  requests: number;
  medianUs: number;
  p90Us: number;
  /** The median with the key already derived, from the per-request table. */
  cachedMedianUs: number | null;
  measured: string;
}

const WARM_UP = 5;

/**
 * Times `requests` invocations of `handler` on `event`, each with a new AWS_ACCESS_KEY_ID in
 * `env`; restores `env` after. Throws when a request is not signed with the new key id (the
 * bundle would not be deriving again, and the numbers would mean something else).
 */
export async function measureNewCredentials(
  handler: Handler,
  event: CloudFrontRequestEvent,
  algorithm: string,
  requests: number,
  env: NodeJS.ProcessEnv,
): Promise<Omit<NewCredentialsReport, "caseId" | "cachedMedianUs">> {
  const original = env.AWS_ACCESS_KEY_ID ?? "";
  const samples: number[] = [];
  try {
    for (let i = 0; i < WARM_UP + requests; i++) {
      const accessKeyId = `${original.slice(0, 12)}${String(i).padStart(8, "0")}`;
      env.AWS_ACCESS_KEY_ID = accessKeyId;
      const copy = cloneEvent(event);
      const start = performance.now();
      const result = await handler(copy);
      const us = (performance.now() - start) * 1000;
      if (!isSigned(result, algorithm) || !result.headers.authorization?.[0]?.value.includes(`Credential=${accessKeyId}/`)) {
        throw new Error("the bundle did not sign with the new credentials");
      }
      if (i >= WARM_UP) samples.push(us);
    }
  } finally {
    env.AWS_ACCESS_KEY_ID = original;
  }
  return {
    requests,
    medianUs: median(samples),
    p90Us: quantile(samples, 0.9),
    measured: "each request with a new access key id in the environment (set outside the timed region), so the SigV4A key is derived again",
  };
}
