import { assumeRole, type StsContext, type TemporaryCredentials } from "./assume-role.ts";
import type { AssumeRoleParameters } from "./parameters.ts";

/** Credentials are replaced this long before they expire, so that none expires on its way to an origin. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;

interface Session {
  credentials?: TemporaryCredentials;
  refresh?: Promise<TemporaryCredentials>;
}

export interface AssumedRoleCacheOptions {
  /** Default REFRESH_BEFORE_EXPIRY_MS. */
  readonly refreshBeforeExpiryMs?: number;
}

/**
 * Temporary credentials per role session (role ARN, external id, session name), kept for the life
 * of a container until REFRESH_BEFORE_EXPIRY_MS before they expire. One AssumeRole call per
 * session is in flight at a time: callers that come meanwhile await the same promise. A failed
 * call is not remembered: the next caller tries again.
 */
export class AssumedRoleCache {
  private readonly sessions = new Map<string, Session>();
  private readonly refreshBeforeExpiryMs: number;

  constructor(options: AssumedRoleCacheOptions = {}) {
    this.refreshBeforeExpiryMs = options.refreshBeforeExpiryMs ?? REFRESH_BEFORE_EXPIRY_MS;
  }

  credentialsFor(parameters: AssumeRoleParameters, context: StsContext): Promise<TemporaryCredentials> {
    const key = JSON.stringify([parameters.roleArn, parameters.externalId ?? null, parameters.sessionName]);
    const session = this.sessions.get(key) ?? {};
    const now = context.now.getTime();
    if (session.credentials && session.credentials.expiration.getTime() - this.refreshBeforeExpiryMs > now) {
      return Promise.resolve(session.credentials);
    }
    if (session.refresh) return session.refresh;
    // Only the refresh still on record may settle the session (clear() may have dropped it meanwhile).
    const current = (): boolean => this.sessions.get(key)?.refresh === refresh;
    const refresh: Promise<TemporaryCredentials> = assumeRole(parameters, context).then(
      (credentials) => {
        if (current()) {
          this.forgetExpired(now);
          this.sessions.set(key, { credentials });
        }
        return credentials;
      },
      (error: unknown) => {
        if (current()) this.sessions.delete(key);
        throw error;
      },
    );
    this.sessions.set(key, { ...session, refresh });
    return refresh;
  }

  /** Drops every session (tests; a change of the function's own credentials). */
  clear(): void {
    this.sessions.clear();
  }

  private forgetExpired(now: number): void {
    for (const [key, session] of this.sessions) {
      if (!session.refresh && session.credentials && session.credentials.expiration.getTime() <= now) this.sessions.delete(key);
    }
  }
}
