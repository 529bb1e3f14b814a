// The bundle under test (built once per run by test/global-setup.ts; EDGE_SIGV4_BUNDLE points
// elsewhere, e.g. a deliberately broken build, to test the tests), loaded in this process and
// invoked with Lambda@Edge-like credentials in the environment, its output captured.
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { afterAll, beforeAll, vi } from "vitest";
import { REPO_ROOT, TEST_BUNDLE } from "../support/test-bundle.ts";

const BUNDLE = process.env.EDGE_SIGV4_BUNDLE ? resolve(REPO_ROOT, process.env.EDGE_SIGV4_BUNDLE) : TEST_BUNDLE;

export const CREDENTIALS = {
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

/** Loads the bundle before the file's tests and restores the environment after them. */
export function useBundleUnderTest(): { loadError: () => string | undefined } {
  beforeAll(async () => {
    for (const n of ENV_NAMES) savedEnv[n] = process.env[n];
    setCredentials(true);
    if (!existsSync(BUNDLE)) {
      loadError = `${relative(REPO_ROOT, BUNDLE)} is missing: run \`npm run build\` first`;
      return;
    }
    const mod = (await import(pathToFileURL(BUNDLE).href)) as { handler?: unknown };
    if (typeof mod.handler !== "function") loadError = `${relative(REPO_ROOT, BUNDLE)} does not export a handler function`;
    else handler = mod.handler as Handler;
  });
  afterAll(() => {
    for (const n of ENV_NAMES) {
      const v = savedEnv[n];
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
  });
  return { loadError: () => loadError };
}

/** The credentials Lambda@Edge would hand the function, or none. */
export function setCredentials(on: boolean): void {
  if (on) {
    process.env.AWS_ACCESS_KEY_ID = CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = CREDENTIALS.secretAccessKey;
    process.env.AWS_SESSION_TOKEN = CREDENTIALS.sessionToken;
  } else {
    for (const n of ENV_NAMES) delete process.env[n];
  }
}

/** Run the handler, capturing everything it writes to the console or stdout/stderr. */
export async function invoke(event: unknown): Promise<{ result: unknown; output: string[]; threw?: unknown }> {
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
