/** HTTP statuses the function answers with itself, instead of forwarding the request. */
export type EdgeErrorStatus = 400 | 413 | 500 | 502;

/**
 * A request the function will not forward: `status` is what the viewer gets, `reason` is
 * logged and returned, `details` only logged. None carries secrets or header values from the viewer.
 */
export class EdgeError extends Error {
  readonly status: EdgeErrorStatus;
  readonly reason: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(status: EdgeErrorStatus, reason: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(reason, options);
    this.name = "EdgeError";
    this.status = status;
    this.reason = reason;
    this.details = options?.details;
  }
}
