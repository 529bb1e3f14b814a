/**
 * Conformance of the BUILT bundle (dist/index.mjs, what `deploy` uploads) against the recorded
 * events and their catalog. Every event goes through `handler`; a signed request is rebuilt as
 * CloudFront puts it on the wire (cloudfront-emulator/) and verified as the origin would (sigv4-oracle/,
 * aws4-based, independent of src/). Logs are scanned for secrets.
 *
 * Needs `npm run build` first (npm test's pretest does it).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { format } from "node:util";
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontRequestEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  buildWireRequest,
  decodeBase64Strict,
  headersSetAfterFunction,
  isDisallowedHeader,
  originHost,
  READ_ONLY_HEADERS,
} from "../cloudfront-emulator/index.ts";
import { verifySignedRequest } from "../sigv4-oracle/index.ts";
import { type CatalogEntry, EVENT_CATALOG, EVENTS_DIR, loadCatalogEvent } from "./events/catalog.ts";
import { TEST_BUNDLE } from "./support/test-bundle.ts";

/** The bundle under test; EDGE_SIGV4_BUNDLE points elsewhere (e.g. a deliberately broken build, to test this test). */
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BUNDLE = process.env.EDGE_SIGV4_BUNDLE ? resolve(REPO, process.env.EDGE_SIGV4_BUNDLE) : TEST_BUNDLE;

const CREDENTIALS = {
  accessKeyId: "ASIACONFORMANCE00001",
  secretAccessKey: "conformance/Secret+Key/7wQ2mZ9xR4tY6uI8oP0aS3dF5gH",
  // About the size of a real Lambda@Edge session token (~1 KB).
  sessionToken: `IQoJb3JpZ2luX2VjE${"CONFORMANCEtoken/+".repeat(50)}Zz==`,
};
const ENV_NAMES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;

type Handler = (event: unknown) => unknown;
let handler: Handler | undefined;
let loadError: string | undefined;
const savedEnv: Partial<Record<(typeof ENV_NAMES)[number], string | undefined>> = {};

beforeAll(async () => {
  for (const n of ENV_NAMES) savedEnv[n] = process.env[n];
  setCredentials(true);
  if (!existsSync(BUNDLE)) {
    loadError = `${relative(REPO, BUNDLE)} is missing: run \`npm run build\` first`;
    return;
  }
  const mod = (await import(pathToFileURL(BUNDLE).href)) as { handler?: unknown };
  if (typeof mod.handler !== "function") loadError = `${relative(REPO, BUNDLE)} does not export a handler function`;
  else handler = mod.handler as Handler;
});

afterAll(() => {
  for (const n of ENV_NAMES) {
    const v = savedEnv[n];
    if (v === undefined) delete process.env[n];
    else process.env[n] = v;
  }
});

function setCredentials(on: boolean): void {
  if (on) {
    process.env.AWS_ACCESS_KEY_ID = CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = CREDENTIALS.secretAccessKey;
    process.env.AWS_SESSION_TOKEN = CREDENTIALS.sessionToken;
  } else {
    for (const n of ENV_NAMES) delete process.env[n];
  }
}

/** Run the handler, capturing everything it writes to the console or stdout/stderr. */
async function invoke(event: unknown): Promise<{ result: unknown; output: string[]; threw?: unknown }> {
  if (!handler) throw new Error(loadError ?? "bundle not loaded");
  const output: string[] = [];
  const record = (...args: unknown[]): void => {
    output.push(format(...args));
    for (const a of args) {
      if (a !== null && typeof a === "object") {
        try {
          output.push(JSON.stringify(a));
        } catch {
          // circular: format() above has it
        }
      }
    }
  };
  const spies = (["log", "error", "warn", "info", "debug", "trace"] as const).map((m) => vi.spyOn(console, m).mockImplementation(record));
  const write = (chunk: unknown): boolean => {
    output.push(typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, "write").mockImplementation(write);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(write);
  try {
    return { result: await handler(event), output };
  } catch (e) {
    return { result: undefined, output, threw: e };
  } finally {
    for (const s of spies) s.mockRestore();
    out.mockRestore();
    err.mockRestore();
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
function isRequest(x: unknown): x is CloudFrontRequest {
  return isRecord(x) && typeof x.uri === "string" && isRecord(x.headers) && !("status" in x);
}
function eventRequest(event: unknown): CloudFrontRequest | undefined {
  if (!isRecord(event) || !Array.isArray(event.Records)) return undefined;
  const rec: unknown = event.Records[0];
  if (!isRecord(rec) || !isRecord(rec.cf) || !isRecord(rec.cf.request)) return undefined;
  return rec.cf.request as unknown as CloudFrontRequest;
}
function eventRequestId(event: unknown): string | undefined {
  if (!isRecord(event) || !Array.isArray(event.Records)) return undefined;
  const rec: unknown = event.Records[0];
  if (!isRecord(rec) || !isRecord(rec.cf) || !isRecord(rec.cf.config)) return undefined;
  const id = rec.cf.config.requestId;
  return typeof id === "string" ? id : undefined;
}
function headerValues(headers: unknown, name: string): string[] {
  if (!isRecord(headers)) return [];
  const entries = headers[name];
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((e: unknown) => (isRecord(e) && typeof e.value === "string" ? [e.value] : []));
}

/** Values that must never be logged or answered: credentials, Authorization values, cookies, viewer tokens. */
function secretsOf(event: unknown, result: unknown): string[] {
  const secrets = [CREDENTIALS.secretAccessKey, CREDENTIALS.sessionToken];
  const req = eventRequest(event);
  for (const source of [req?.headers, isRecord(result) ? result.headers : undefined]) {
    for (const auth of headerValues(source, "authorization")) {
      secrets.push(auth);
      const sig = /Signature=([0-9a-f]{64})/.exec(auth)?.[1];
      if (sig) secrets.push(sig);
    }
    secrets.push(...headerValues(source, "x-amz-security-token"));
    for (const cookie of headerValues(source, "cookie")) {
      secrets.push(cookie);
      for (const pair of cookie.split(";")) {
        const v = pair.slice(pair.indexOf("=") + 1).trim();
        if (v.length >= 8) secrets.push(v);
      }
    }
  }
  return [...new Set(secrets.filter((s) => s.length >= 8))];
}

function expectNoSecrets(where: string, texts: string[], secrets: string[]): void {
  const joined = texts.join("\n");
  const leaked = secrets.filter((s) => joined.includes(s)).map((s) => `${s.slice(0, 6)}… (${s.length} chars)`);
  expect(leaked, `${where} contains secret values`).toEqual([]);
}

function fullBodyOf(req: CloudFrontRequest, fullBody: Buffer | undefined): Buffer {
  if (fullBody) return fullBody;
  if (!req.body) return Buffer.alloc(0);
  return req.body.encoding === "base64" ? decodeBase64Strict(req.body.data) : Buffer.from(req.body.data, "utf8");
}

function checkSigned(
  path: string,
  entry: Extract<CatalogEntry, { outcome: "signed" }>,
  original: CloudFrontRequestEvent,
  result: unknown,
  fullBody: Buffer | undefined,
): void {
  expect(isRequest(result), `${path}: expected the request back, got ${JSON.stringify(result)?.slice(0, 300)}`).toBe(true);
  if (!isRequest(result)) return;
  const before = original.Records[0]!.cf.request;
  const origin = before.origin!;

  const wire = buildWireRequest(original, result, fullBody ? { fullBody } : {});
  const verdict = verifySignedRequest(wire, {
    service: entry.service,
    region: entry.region,
    credentials: CREDENTIALS,
    now: new Date(),
    host: entry.host ?? originHost(origin),
  });
  expect(verdict.errors, `${path}: the origin refuses the wire request\n${verdict.canonicalRequest ?? ""}`).toEqual([]);

  // Never signed (issue 2, point 3): headers CloudFront rewrites, and viewer data the origin does not need.
  const signed = /SignedHeaders=([^,\s]+)/.exec(wire.headers.authorization ?? "")?.[1]?.split(";") ?? [];
  const changedByCloudFront = headersSetAfterFunction("s3");
  const neverSigned = signed.filter((n) => changedByCloudFront.includes(n) || ["user-agent", "cookie"].includes(n) || n.startsWith("cloudfront-"));
  expect(neverSigned, `${path}: headers that must never be signed`).toEqual([]);

  // The origin gets the whole original body, untouched.
  expect(wire.body.equals(fullBodyOf(before, fullBody)), `${path}: the body on the wire is not the viewer's body`).toBe(true);

  for (const name of entry.absentOnWire ?? []) {
    expect(wire.headers[name], `${path}: ${name} must not reach the origin`).toBeUndefined();
  }

  // Read-only headers untouched; no disallowed header added; method unchanged.
  expect(result.method).toBe(before.method);
  for (const name of READ_ONLY_HEADERS) {
    expect(result.headers[name], `${path}: read-only header ${name} changed`).toEqual(before.headers[name]);
  }
  const added = Object.keys(result.headers).filter((n) => !(n in before.headers));
  const forbidden = added.filter(isDisallowedHeader);
  expect(forbidden, `${path}: disallowed headers added`).toEqual([]);
  for (const name of Object.keys(result.headers)) {
    expect(name, `${path}: header map keys are lower case`).toBe(name.toLowerCase());
  }

  // CloudFront limits the request line plus headers to 20,480 bytes (field notes).
  const head = `${wire.method} ${wire.target} HTTP/1.1\r\n${Object.entries(wire.headers)
    .map(([n, v]) => `${n}: ${v}\r\n`)
    .join("")}\r\n`;
  expect(Buffer.byteLength(head), `${path}: request line + headers over CloudFront's limit`).toBeLessThanOrEqual(20_480);

  // The Host written back says the origin (AllViewer sends the distribution's domain).
  const hostBack = headerValues(result.headers, "host");
  if (hostBack.length > 0) {
    expect([originHost(origin), origin.custom?.domainName ?? origin.s3?.domainName], `${path}: Host written back`).toContain(hostBack[0]);
  }
}

const files = ((): string[] => {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".json")) out.push(relative(EVENTS_DIR, p).split("\\").join("/"));
    }
  };
  walk(EVENTS_DIR);
  return out.sort();
})();

describe("the event corpus", () => {
  it("every event file has a catalog entry and every entry a file; at least 30 variants", () => {
    expect(files).toEqual(Object.keys(EVENT_CATALOG).sort());
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it("stays small on disk (big bodies are generated)", () => {
    const total = files.reduce((n, f) => n + statSync(join(EVENTS_DIR, f)).size, 0);
    expect(total).toBeLessThan(1.5 * 1024 * 1024);
  });

  it("covers every origin kind", () => {
    const kinds = new Set(files.map((f) => f.split("/")[0]));
    expect([...kinds].sort()).toEqual(["apigw", "custom", "lambda-url", "malformed", "opensearch", "s3"]);
  });
});

describe("the built bundle on every recorded event", () => {
  it("loads dist/index.mjs", () => {
    expect(loadError).toBeUndefined();
  });

  for (const path of Object.keys(EVENT_CATALOG).sort()) {
    const entry = EVENT_CATALOG[path]!;
    const label =
      entry.outcome === "signed" ? `signed ${entry.service}/${entry.region}` : entry.outcome === "response" ? `answers ${entry.status}` : "forwarded unchanged";
    it(`${path}: ${label}`, async () => {
      expect(loadError).toBeUndefined();
      const { event, fullBody } = loadCatalogEvent(path);
      const original: unknown = structuredClone(event);
      if (entry.environment === "no-credentials") setCredentials(false);
      let run: Awaited<ReturnType<typeof invoke>>;
      try {
        run = await invoke(event);
      } finally {
        setCredentials(true);
      }
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
