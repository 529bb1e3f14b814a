// Runs the function under test on one event the way Lambda@Edge would: credentials in the
// environment, the event a private copy (the function changes it in place), everything written to
// the console or stdout/stderr captured as log lines, and the call raced against a timer so that
// a call that never settles is reported as a hang rather than stalling the run.
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { REPO_ROOT, TEST_BUNDLE } from "../support/test-bundle.ts";
import { SECRETS } from "./known-origins.ts";

export type Handler = (event: unknown) => unknown;

export type Run =
  | { readonly settled: "value"; readonly result: unknown; readonly logs: readonly string[] }
  | { readonly settled: "threw"; readonly error: unknown; readonly logs: readonly string[] }
  | { readonly settled: "hung"; readonly logs: readonly string[] };

/** How long one call may take before it counts as a hang: far above any real call (well under 1 ms). */
export const DEFAULT_BOUND_MS = 2_000;

/** The built bundle, or the one EDGE_SIGV4_BUNDLE names (as for the conformance suite: to test the tests). */
export const BUNDLE_PATH = process.env.EDGE_SIGV4_BUNDLE ? resolve(REPO_ROOT, process.env.EDGE_SIGV4_BUNDLE) : TEST_BUNDLE;

export async function loadHandler(path: string = BUNDLE_PATH): Promise<Handler> {
  if (!existsSync(path)) throw new Error(`${relative(REPO_ROOT, path)} is missing: run \`npm test\` (or \`npm run build\`) first`);
  const mod = (await import(pathToFileURL(path).href)) as { handler?: unknown };
  if (typeof mod.handler !== "function") throw new Error(`${relative(REPO_ROOT, path)} does not export a handler function`);
  return mod.handler as Handler;
}

const ENV_NAMES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;

/** Puts the generators' credentials where Lambda@Edge puts the role's; returns what restores the environment. */
export function useTestCredentials(): () => void {
  const saved = ENV_NAMES.map((name) => [name, process.env[name]] as const);
  process.env.AWS_ACCESS_KEY_ID = SECRETS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = SECRETS.secretAccessKey;
  process.env.AWS_SESSION_TOKEN = SECRETS.sessionToken;
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

const CONSOLE_METHODS = ["log", "error", "warn", "info", "debug", "trace"] as const;

/** Replaces the console and stdout/stderr with a recorder; returns what puts them back. */
function capture(logs: string[]): () => void {
  const savedConsole = CONSOLE_METHODS.map((m) => [m, console[m]] as const);
  const savedOut = process.stdout.write;
  const savedErr = process.stderr.write;
  const record = (...args: unknown[]): void => {
    logs.push(format(...args));
  };
  for (const m of CONSOLE_METHODS) console[m] = record;
  const write = (chunk: unknown): boolean => {
    logs.push(typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : String(chunk));
    return true;
  };
  process.stdout.write = write as typeof process.stdout.write;
  process.stderr.write = write as typeof process.stderr.write;
  return () => {
    for (const [m, fn] of savedConsole) console[m] = fn;
    process.stdout.write = savedOut;
    process.stderr.write = savedErr;
  };
}

const HUNG = Symbol("hung");

/** One call of the handler on a private copy of `event`, settled within `boundMs`. */
export async function runHandler(handler: Handler, event: unknown, boundMs: number = DEFAULT_BOUND_MS): Promise<Run> {
  const input = structuredClone(event);
  const logs: string[] = [];
  const restore = capture(logs);
  let timer: NodeJS.Timeout | undefined;
  try {
    const bound = new Promise<typeof HUNG>((settle) => {
      timer = setTimeout(() => settle(HUNG), boundMs);
    });
    const call = (async () => handler(input))();
    const result = await Promise.race([call, bound]);
    if (result === HUNG) {
      call.catch(() => undefined);
      return { settled: "hung", logs };
    }
    return { settled: "value", result, logs };
  } catch (error) {
    return { settled: "threw", error, logs };
  } finally {
    clearTimeout(timer);
    restore();
  }
}
