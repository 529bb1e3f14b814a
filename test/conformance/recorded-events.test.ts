// Conformance of the bundle under test (built from src/ as `deploy` would upload it) on every
// recorded event: a signed request is rebuilt as CloudFront puts it on the wire and verified as
// the origin would, independently of src/; generated responses and logs never carry a secret.
import type { CloudFrontHeaders, CloudFrontRequestEvent } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import { EVENT_CATALOG, loadCatalogEvent } from "../events/catalog.ts";
import { invoke, setCredentials, useBundleUnderTest } from "./bundle-under-test.ts";
import { checkSigned, eventRequest, eventRequestId, expectNoSecrets, headerValues, isRecord, secretsOf } from "./signed-request-checks.ts";

const bundle = useBundleUnderTest();

describe("the built bundle on every recorded event", () => {
  it("loads the bundle", () => {
    expect(bundle.loadError()).toBeUndefined();
  });

  for (const path of Object.keys(EVENT_CATALOG).sort()) {
    const entry = EVENT_CATALOG[path]!;
    const label =
      entry.outcome === "signed" ? `signed ${entry.service}/${entry.region}` : entry.outcome === "response" ? `answers ${entry.status}` : "forwarded unchanged";
    it(`${path}: ${label}`, async () => {
      expect(bundle.loadError()).toBeUndefined();
      const { event, fullBody } = loadCatalogEvent(path);
      const original: unknown = structuredClone(event);
      if (entry.environment === "no-credentials") setCredentials(false);
      // STS out of reach, as fetch reports it: no test ever sends a request to AWS.
      const unreachable = entry.environment === "sts-unreachable" ? vi.spyOn(globalThis, "fetch").mockRejectedValue(new TypeError("fetch failed")) : undefined;
      let run: Awaited<ReturnType<typeof invoke>>;
      let stsCalls = 0;
      try {
        run = await invoke(event);
      } finally {
        setCredentials(true);
        stsCalls = unreachable?.mock.calls.length ?? 0;
        unreachable?.mockRestore();
      }
      if (unreachable) expect(stsCalls, `${path}: the function asked STS`).toBe(1);
      expect(run.threw, `${path}: the handler threw`).toBeUndefined();
      const { result, output } = run;

      const secrets = secretsOf(original, result);
      expectNoSecrets(`${path}: log output`, output, secrets);

      if (entry.outcome === "signed") {
        checkSigned(path, entry, original as CloudFrontRequestEvent, result, fullBody);
      } else if (entry.outcome === "forwarded") {
        expect(result, `${path}: the request must come back unchanged`).toEqual(eventRequest(original));
      } else {
        expect(isRecord(result) && result.status, `${path}: expected a generated response, got ${JSON.stringify(result)?.slice(0, 300)}`).toBe(entry.status);
        if (!isRecord(result)) return;
        const body = typeof result.body === "string" ? result.body : "";
        const responseSecrets = secrets.concat(secretsOf(original, undefined));
        expectNoSecrets(`${path}: response`, [body, JSON.stringify(result.headers ?? {})], responseSecrets);
        const parsed: unknown = JSON.parse(body);
        expect(isRecord(parsed) && typeof parsed.message === "string", `${path}: body is {"message": ...}`).toBe(true);
        const rid = eventRequestId(original);
        if (rid !== undefined && isRecord(parsed)) expect(parsed.requestId).toBe(rid);
        const ct = headerValues(result.headers as CloudFrontHeaders | undefined, "content-type");
        expect(ct[0] ?? "", `${path}: content-type`).toMatch(/json/);
      }

      // One JSON log line per decision, carrying the request id (contract); forwards may log at debug only.
      const rid = eventRequestId(original);
      if (entry.outcome !== "forwarded" && rid !== undefined) {
        const lines = output.flatMap((o) => o.split("\n")).filter((l) => l.trim().startsWith("{"));
        const withId = lines.filter((l) => {
          try {
            const j: unknown = JSON.parse(l);
            return isRecord(j) && j.requestId === rid;
          } catch {
            return false;
          }
        });
        expect(withId.length, `${path}: a JSON log line with the request id`).toBeGreaterThan(0);
      }
    });
  }
});
