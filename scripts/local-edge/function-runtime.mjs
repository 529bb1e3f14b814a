// Runs the function as Lambda does: each execution environment (a worker thread) serves one
// invocation at a time; more concurrent requests get more environments, up to a limit, then
// wait. An invocation that throws or runs past the timeout ends its environment (Lambda
// discards it too), and the next one starts cold.
import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";

const WORKER = new URL("./function-worker.mjs", import.meta.url);

/** The variables Lambda@Edge sets for a Node.js function (credentials are added per invocation). */
export function lambdaEdgeEnvironment() {
  return {
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs20.x",
    AWS_LAMBDA_FUNCTION_NAME: "us-east-1.edge-sigv4",
    AWS_LAMBDA_FUNCTION_VERSION: "1",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
    LAMBDA_TASK_ROOT: "/var/task",
    TZ: ":UTC",
    NODE_ENV: process.env.NODE_ENV ?? "",
  };
}

export class FunctionRuntime {
  /**
   * @param options { handlerPath, timeoutMs = 30000 (origin-request triggers), maxEnvironments = 4, onLog(entry) }
   *   onLog receives { id (invocation id or null), level, line } for output outside an invocation's capture.
   */
  constructor({ handlerPath, timeoutMs = 30_000, maxEnvironments = 4, onLog }) {
    this.handlerPath = handlerPath;
    this.timeoutMs = timeoutMs;
    this.maxEnvironments = maxEnvironments;
    this.onLog = onLog ?? (() => {});
    this.idle = [];
    this.all = new Set();
    this.waiting = [];
    this.closed = false;
  }

  /** Starts one environment so that a module that does not load fails at start, not on the first request. */
  async start() {
    const environment = await this.spawn();
    this.idle.push(environment);
  }

  spawn() {
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER, { workerData: { handlerPath: this.handlerPath }, env: lambdaEdgeEnvironment(), stdout: false, stderr: false });
      const environment = { worker, pending: null };
      this.all.add(environment);
      let ready = false;
      worker.on("message", (message) => {
        if (message.type === "ready") {
          ready = true;
          resolve(environment);
        } else if (message.type === "load-error") {
          reject(new Error(`cannot load the function ${this.handlerPath}: ${message.error.message}`));
        } else if (message.type === "log") {
          const pending = environment.pending;
          if (pending && message.id === pending.id) pending.logs.push({ level: message.level, line: message.line });
          else this.onLog({ id: message.id, level: message.level, line: message.line });
        } else if (environment.pending && message.id === environment.pending.id) {
          const pending = environment.pending;
          environment.pending = null;
          clearTimeout(pending.timer);
          const durationMs = performance.now() - pending.started;
          if (message.type === "result") {
            pending.resolve({ ok: true, json: message.json, logs: pending.logs, durationMs });
            this.release(environment);
          } else {
            // A rejected invocation: Lambda reports it; the environment itself stays warm.
            pending.resolve({
              ok: false,
              kind: message.type === "unserializable" ? "unserializable" : "error",
              error: message.error,
              logs: pending.logs,
              durationMs,
            });
            this.release(environment);
          }
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

  fail(environment, error) {
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

  discard(environment) {
    this.all.delete(environment);
    environment.worker.terminate().catch(() => {});
    this.next();
  }

  release(environment) {
    if (this.closed) return void environment.worker.terminate().catch(() => {});
    this.idle.push(environment);
    this.next();
  }

  next() {
    while (this.waiting.length > 0 && !this.closed) {
      const environment = this.idle.pop();
      if (environment) {
        this.waiting.shift()(environment);
        continue;
      }
      if (this.all.size >= this.maxEnvironments) return;
      const take = this.waiting.shift();
      this.spawn().then(take, (error) => take(Promise.reject(error)));
    }
  }

  acquire() {
    return new Promise((resolve, reject) => {
      this.waiting.push((environment) => Promise.resolve(environment).then(resolve, reject));
      this.next();
    });
  }

  /**
   * Invokes the function with the event and the invocation's environment variables.
   * @returns { ok: true, json, logs, durationMs } | { ok: false, kind: "error"|"timeout"|"unserializable", error, logs, durationMs }
   */
  async invoke(event, env) {
    if (this.closed) throw new Error("the function runtime is closed");
    const environment = await this.acquire();
    return new Promise((resolve) => {
      const id = randomUUID();
      const started = performance.now();
      const pending = { id, resolve, logs: [], started, timer: undefined };
      pending.timer = setTimeout(() => {
        if (environment.pending !== pending) return;
        environment.pending = null;
        resolve({
          ok: false,
          kind: "timeout",
          error: { name: "Sandbox.Timedout", message: `Task timed out after ${(this.timeoutMs / 1000).toFixed(2)} seconds` },
          logs: pending.logs,
          durationMs: performance.now() - started,
        });
        this.discard(environment);
      }, this.timeoutMs);
      environment.pending = pending;
      environment.worker.postMessage({ id, event, env, deadline: Date.now() + this.timeoutMs });
    });
  }

  async close() {
    this.closed = true;
    for (const take of this.waiting.splice(0)) take(Promise.reject(new Error("the function runtime is closed")));
    await Promise.all([...this.all].map((environment) => environment.worker.terminate().catch(() => {})));
    this.all.clear();
    this.idle = [];
  }
}
