// Runs the function as Lambda does: each execution environment (a worker thread) serves one
// invocation at a time; more concurrent requests get more environments, up to a limit, then
// wait. An invocation that runs past the timeout ends its environment (Lambda discards it too),
// and the next one starts cold.
import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { OriginAddress } from "./origin-client.ts";

const WORKER = new URL("./function-worker.ts", import.meta.url);

export interface LogEntry {
  readonly level: string;
  readonly line: string;
}

export interface ErrorDescription {
  readonly name: string;
  readonly message: string;
}

export type Invocation =
  | { readonly ok: true; readonly json: string; readonly logs: LogEntry[]; readonly durationMs: number }
  | {
      readonly ok: false;
      readonly kind: "error" | "timeout" | "unserializable";
      readonly error: ErrorDescription;
      readonly logs: LogEntry[];
      readonly durationMs: number;
    };

/** Edge → environment. */
export interface InvocationRequest {
  readonly id: string;
  readonly event: unknown;
  readonly env: Record<string, string>;
  readonly deadline: number;
}

/** Environment → edge. */
export type WorkerMessage =
  | { type: "ready" }
  | { type: "load-error"; error: ErrorDescription }
  | { type: "log"; id: string | null; level: string; line: string }
  | { type: "result"; id: string; json: string }
  | { type: "error" | "unserializable"; id: string; error: ErrorDescription };

interface Pending {
  readonly id: string;
  readonly resolve: (invocation: Invocation) => void;
  readonly logs: LogEntry[];
  readonly started: number;
  timer?: NodeJS.Timeout;
}

interface Environment {
  readonly worker: Worker;
  pending: Pending | null;
}

/** The variables Lambda@Edge sets for a Node.js function (credentials are added per invocation). */
export function lambdaEdgeEnvironment(): Record<string, string> {
  return {
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
    AWS_LAMBDA_FUNCTION_NAME: "us-east-1.edge-sigv4",
    AWS_LAMBDA_FUNCTION_VERSION: "1",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
    LAMBDA_TASK_ROOT: "/var/task",
    TZ: ":UTC",
    NODE_ENV: process.env.NODE_ENV ?? "",
  };
}

export interface RuntimeOptions {
  readonly handlerPath: string;
  /** 30 s: the limit for origin-request triggers. */
  readonly timeoutMs?: number;
  readonly maxEnvironments?: number;
  /** Output of an environment outside any invocation (while loading, or late). */
  readonly onLog?: (entry: LogEntry) => void;
  /** Host names the function's fetch reaches at a local stand-in's address (worker-fetch.ts). */
  readonly hosts?: Readonly<Record<string, OriginAddress>>;
}

export class FunctionRuntime {
  private readonly handlerPath: string;
  private readonly timeoutMs: number;
  private readonly maxEnvironments: number;
  private readonly onLog: (entry: LogEntry) => void;
  private readonly hosts: Readonly<Record<string, OriginAddress>> | undefined;
  private idle: Environment[] = [];
  private readonly all = new Set<Environment>();
  private readonly waiting: Array<(environment: Promise<Environment>) => void> = [];
  private closed = false;

  constructor(options: RuntimeOptions) {
    this.handlerPath = options.handlerPath;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxEnvironments = options.maxEnvironments ?? 4;
    this.onLog = options.onLog ?? (() => {});
    this.hosts = options.hosts;
  }

  /** Starts one environment, so that a module that does not load fails at start, not on the first request. */
  async start(): Promise<void> {
    this.idle.push(await this.spawn());
  }

  private spawn(): Promise<Environment> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER, {
        workerData: { handlerPath: this.handlerPath, ...(this.hosts ? { hosts: this.hosts } : {}) },
        env: lambdaEdgeEnvironment(),
        stdout: false,
        stderr: false,
      });
      const environment: Environment = { worker, pending: null };
      this.all.add(environment);
      let ready = false;
      worker.on("message", (message: WorkerMessage) => {
        if (message.type === "ready") {
          ready = true;
          resolve(environment);
        } else if (message.type === "load-error") {
          reject(new Error(`cannot load the function ${this.handlerPath}: ${message.error.message}`));
        } else if (message.type === "log") {
          const pending = environment.pending;
          if (pending && message.id === pending.id) pending.logs.push({ level: message.level, line: message.line });
          else this.onLog({ level: message.level, line: message.line });
        } else if (environment.pending && message.id === environment.pending.id) {
          const pending = environment.pending;
          environment.pending = null;
          clearTimeout(pending.timer);
          const durationMs = performance.now() - pending.started;
          // A rejected invocation is reported; the environment itself stays warm.
          if (message.type === "result") pending.resolve({ ok: true, json: message.json, logs: pending.logs, durationMs });
          else
            pending.resolve({
              ok: false,
              kind: message.type === "unserializable" ? "unserializable" : "error",
              error: message.error,
              logs: pending.logs,
              durationMs,
            });
          this.release(environment);
        }
      });
      worker.on("error", (error) => {
        if (!ready) reject(error);
        this.fail(environment, { name: error.name, message: error.message });
      });
      worker.on("exit", (code) => {
        if (!ready) reject(new Error(`the function's environment exited with code ${code} while loading ${this.handlerPath}`));
        this.fail(environment, { name: "Runtime.ExitError", message: `the environment exited with code ${code}` });
      });
    });
  }

  private fail(environment: Environment, error: ErrorDescription): void {
    this.all.delete(environment);
    this.idle = this.idle.filter((e) => e !== environment);
    const pending = environment.pending;
    if (pending) {
      environment.pending = null;
      clearTimeout(pending.timer);
      pending.resolve({ ok: false, kind: "error", error, logs: pending.logs, durationMs: performance.now() - pending.started });
    }
    this.next();
  }

  private discard(environment: Environment): void {
    this.all.delete(environment);
    environment.worker.terminate().catch(() => {});
    this.next();
  }

  private release(environment: Environment): void {
    if (this.closed) {
      environment.worker.terminate().catch(() => {});
      return;
    }
    this.idle.push(environment);
    this.next();
  }

  private next(): void {
    while (this.waiting.length > 0 && !this.closed) {
      const environment = this.idle.pop();
      if (environment) {
        this.waiting.shift()?.(Promise.resolve(environment));
        continue;
      }
      if (this.all.size >= this.maxEnvironments) return;
      this.waiting.shift()?.(this.spawn());
    }
  }

  private acquire(): Promise<Environment> {
    return new Promise((resolve, reject) => {
      this.waiting.push((environment) => environment.then(resolve, reject));
      this.next();
    });
  }

  /** Invokes the function with the event and the invocation's environment variables. */
  async invoke(event: unknown, env: Record<string, string>): Promise<Invocation> {
    if (this.closed) throw new Error("the function runtime is closed");
    const environment = await this.acquire();
    return new Promise((resolve) => {
      const id = randomUUID();
      const started = performance.now();
      const pending: Pending = { id, resolve, logs: [], started };
      pending.timer = setTimeout(() => {
        if (environment.pending !== pending) return;
        environment.pending = null;
        const error = { name: "Sandbox.Timedout", message: `Task timed out after ${(this.timeoutMs / 1000).toFixed(2)} seconds` };
        resolve({ ok: false, kind: "timeout", error, logs: pending.logs, durationMs: performance.now() - started });
        this.discard(environment);
      }, this.timeoutMs);
      environment.pending = pending;
      const request: InvocationRequest = { id, event, env, deadline: Date.now() + this.timeoutMs };
      environment.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const take of this.waiting.splice(0)) take(Promise.reject(new Error("the function runtime is closed")));
    await Promise.all([...this.all].map((environment) => environment.worker.terminate().catch(() => {})));
    this.all.clear();
    this.idle = [];
  }
}
