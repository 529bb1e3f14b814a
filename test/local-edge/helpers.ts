// Helpers for the local edge's tests: an edge that records what it does, a plain node:http
// client, child processes.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll } from "vitest";
import { type LocalEdge, type LocalEdgeOptions, startLocalEdge } from "../../local-edge/edge.ts";
import type { Exchange } from "../../local-edge/viewer-pipeline.ts";
import { TEST_BUNDLE } from "../support/test-bundle.ts";

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** One HTTP/1.1 request with node's client; the target is sent exactly as given (raw path and query). */
export function send(base: string, target: string, options: SendOptions = {}): Promise<Answer> {
  const url = new URL(base);
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === "content-length")) headers["Content-Length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: options.method ?? "GET", path: target, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const all = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: all, text: all.toString("utf8") });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    const expectsContinue = Object.entries(headers).some(([name, value]) => name.toLowerCase() === "expect" && value.toLowerCase() === "100-continue");
    if (expectsContinue && body !== undefined) {
      req.flushHeaders();
      req.on("continue", () => req.end(body));
    } else {
      req.end(body);
    }
  });
}

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Incompressible bytes covering every byte value (binary, not UTF-8). */
export function binary(length: number): Buffer {
  const bytes = randomBytes(length);
  for (let i = 0; i < Math.min(256, length); i++) bytes[i] = i;
  return bytes;
}

export interface Child {
  process: ChildProcess;
  output: () => string;
  /** Resolves with the first match of `pattern` in stdout+stderr, rejects on exit or timeout. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  stop: () => Promise<void>;
}

/** Starts a command in its own process group, so that stop() ends it and whatever it started (npm → node). */
export function startChild(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Child {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on("exit", () => {
      exited = true;
      for (const listener of listeners) listener();
      resolve();
    }),
  );
  return {
    process: child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            done();
            resolve(match);
          } else if (exited) {
            done();
            reject(new Error(`exited before printing ${pattern}:\n${output}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
    stop: async () => {
      if (!exited && child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // already gone
        }
        const timer = setTimeout(() => {
          try {
            if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
          } catch {
            // already gone
          }
        }, 5_000);
        await exit;
        clearTimeout(timer);
      }
    },
  };
}

/** The environment for a child, without AWS settings of the machine running the tests. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("AWS_") && name !== "PORT") env[name] = value;
  }
  return { ...env, AWS_EC2_METADATA_DISABLED: "true", AWS_CONFIG_FILE: "/nonexistent", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent", ...extra };
}

/** A local edge on a free port running the bundle under test, recording what it prints and every exchange. */
export interface RecordingEdge {
  readonly edge: LocalEdge;
  readonly exchanges: Exchange[];
  readonly printed: string[];
  /** The last exchange for this request line. */
  lastExchange(method: string, target: string): Exchange;
}

export async function startRecordingEdge(options: Partial<LocalEdgeOptions> = {}): Promise<RecordingEdge> {
  const exchanges: Exchange[] = [];
  const printed: string[] = [];
  const edge = await startLocalEdge({
    port: 0,
    handlerPath: TEST_BUNDLE,
    print: (line) => printed.push(line),
    onExchange: (e) => exchanges.push(e),
    ...options,
  });
  const lastExchange = (method: string, target: string): Exchange => {
    const found = exchanges.filter((e) => e.method === method && e.target === target).at(-1);
    if (!found) throw new Error(`no exchange for ${method} ${target}`);
    return found;
  };
  return { edge, exchanges, printed, lastExchange };
}

/** A recording edge for the tests of one file: started before them, closed after them. */
export function useRecordingEdge(options: Partial<LocalEdgeOptions> = {}): RecordingEdge {
  let current: RecordingEdge | undefined;
  beforeAll(async () => {
    current = await startRecordingEdge(options);
  });
  afterAll(async () => {
    await current?.edge.close();
  });
  const started = (): RecordingEdge => {
    if (!current) throw new Error("the edge starts before the file's tests: use it inside a test");
    return current;
  };
  return {
    get edge() {
      return started().edge;
    },
    get exchanges() {
      return started().exchanges;
    },
    get printed() {
      return started().printed;
    },
    lastExchange: (method, target) => started().lastExchange(method, target),
  };
}
