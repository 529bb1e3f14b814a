// The per-container cache of assumed-role credentials, against the STS stand-in over loopback.
// The stand-in's count of AssumeRole calls is the oracle; its clock and the function's are the
// same injected clock, so that "five minutes before expiry" is exact and no test waits.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AssumedRoleCache, REFRESH_BEFORE_EXPIRY_MS } from "../../src/assume-role/credentials-cache.ts";
import { StsRefusedError } from "../../src/assume-role/errors.ts";
import { OPEN_ROLE_ARN, PARAMETERS, type StsFixture, startSts } from "./assume-role-fixture.ts";

const T0 = Date.parse("2026-11-29T12:00:00Z");
let now = new Date(T0);
let fixture: StsFixture;

beforeEach(async () => {
  now = new Date(T0);
  fixture = await startSts({ clock: () => now });
});
afterEach(async () => {
  await fixture.sts.close();
});

const granted = () => fixture.sts.calls.filter((call) => call.status === 200).length;

describe("AssumedRoleCache", () => {
  it("serves 20 concurrent and sequential callers with ONE AssumeRole call", async () => {
    const cache = new AssumedRoleCache();
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => cache.credentialsFor(PARAMETERS, fixture.context(now))));
    const sequential = [];
    for (let i = 0; i < 10; i++) {
      now = new Date(T0 + i * 1000);
      sequential.push(await cache.credentialsFor(PARAMETERS, fixture.context(now)));
    }
    expect(fixture.sts.calls).toHaveLength(1);
    expect(fixture.issued).toHaveLength(1);
    const [issued] = fixture.issued;
    for (const credentials of [...concurrent, ...sequential]) {
      expect(credentials).toEqual({
        accessKeyId: issued?.accessKeyId,
        secretAccessKey: issued?.secretAccessKey,
        sessionToken: issued?.sessionToken,
        expiration: issued?.expiration,
      });
    }
    // The call carried the external id and the session's parameters, as the stand-in read them.
    expect(fixture.sts.calls[0]).toMatchObject({
      roleArn: PARAMETERS.roleArn,
      externalId: PARAMETERS.externalId,
      sessionName: "edge-sigv4",
      durationSeconds: "900",
    });
  });

  it("refreshes five minutes before expiry, not earlier", async () => {
    const cache = new AssumedRoleCache();
    const first = await cache.credentialsFor(PARAMETERS, fixture.context(now));
    expect(first.expiration.getTime()).toBe(T0 + 900_000);
    const refreshAt = first.expiration.getTime() - REFRESH_BEFORE_EXPIRY_MS;

    now = new Date(refreshAt - 1000);
    expect(await cache.credentialsFor(PARAMETERS, fixture.context(now))).toBe(first);
    expect(granted()).toBe(1);

    now = new Date(refreshAt);
    const second = await cache.credentialsFor(PARAMETERS, fixture.context(now));
    expect(granted()).toBe(2);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(second.expiration.getTime()).toBe(refreshAt + 900_000);
    expect(await cache.credentialsFor(PARAMETERS, fixture.context(now))).toBe(second);
    expect(granted()).toBe(2);
  });

  it("keeps one session per role, external id and session name", async () => {
    const cache = new AssumedRoleCache();
    const a = await cache.credentialsFor(PARAMETERS, fixture.context(now));
    const b = await cache.credentialsFor({ ...PARAMETERS, sessionName: "other-session" }, fixture.context(now));
    const c = await cache.credentialsFor({ roleArn: OPEN_ROLE_ARN, sessionName: "edge-sigv4", durationSeconds: 900 }, fixture.context(now));
    expect(new Set([a.accessKeyId, b.accessKeyId, c.accessKeyId]).size).toBe(3);
    await cache.credentialsFor({ ...PARAMETERS, sessionName: "other-session" }, fixture.context(now));
    expect(granted()).toBe(3);
    // A separate cache (another container) calls STS again.
    await new AssumedRoleCache().credentialsFor(PARAMETERS, fixture.context(now));
    expect(granted()).toBe(4);
  });

  it("shares a failure among concurrent callers and does not cache it", async () => {
    const cache = new AssumedRoleCache();
    fixture.sts.fault = {
      kind: "error",
      status: 403,
      code: "RegionDisabledException",
      message: "STS is not activated in this region for account:111122223333.",
    };
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => cache.credentialsFor(PARAMETERS, fixture.context(now))));
    expect(fixture.sts.calls).toHaveLength(1);
    for (const result of results) {
      expect(result.status).toBe("rejected");
      const reason = (result as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(StsRefusedError);
      expect(reason).toMatchObject({ code: "RegionDisabledException", httpStatus: 403 });
    }
    fixture.sts.fault = undefined;
    const credentials = await cache.credentialsFor(PARAMETERS, fixture.context(now));
    expect(credentials.accessKeyId).toBe(fixture.issued[0]?.accessKeyId);
    expect(fixture.sts.calls).toHaveLength(2);
  });

  it("after a failed refresh, the next caller tries again", async () => {
    const cache = new AssumedRoleCache();
    const first = await cache.credentialsFor(PARAMETERS, fixture.context(now));
    now = new Date(first.expiration.getTime() - 60_000);
    fixture.sts.fault = { kind: "error", status: 503, code: "ServiceUnavailable", message: "Service is unavailable", type: "Receiver" };
    await expect(cache.credentialsFor(PARAMETERS, fixture.context(now))).rejects.toMatchObject({ code: "ServiceUnavailable", failure: "refused" });
    fixture.sts.fault = undefined;
    const second = await cache.credentialsFor(PARAMETERS, fixture.context(now));
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(fixture.sts.calls.map((call) => call.status)).toEqual([200, 503, 200]);
  });

  it("clear() forgets every session", async () => {
    const cache = new AssumedRoleCache();
    await cache.credentialsFor(PARAMETERS, fixture.context(now));
    cache.clear();
    await cache.credentialsFor(PARAMETERS, fixture.context(now));
    expect(granted()).toBe(2);
  });
});
