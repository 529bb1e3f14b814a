// One Lambda execution environment: a worker thread that loads the function's module once and
// runs one invocation at a time, with the AWS_* variables of the invocation in its own
// process.env (never the edge's). Console output is sent to the edge, tagged with the invocation.
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { parentPort, workerData } from "node:worker_threads";
import type { InvocationRequest, WorkerMessage } from "./function-runtime.ts";
import type { OriginAddress } from "./origin-client.ts";
import { standInFetch } from "./worker-fetch.ts";

type Handler = (event: unknown, context: unknown, callback?: (error: unknown, value?: unknown) => void) => unknown;

const port = parentPort;
if (!port) throw new Error("function-worker.ts runs as a worker thread of the local edge");
const post = (message: WorkerMessage): void => port.postMessage(message);

let current: string | null = null;
for (const level of ["log", "info", "warn", "error", "debug", "trace"] as const) {
  console[level] = (...args: unknown[]) => post({ type: "log", id: current, level, line: format(...args) });
}

const CREDENTIAL_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

function describe(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: typeof error, message: String(error) };
}

const { handlerPath, hosts } = workerData as { handlerPath: string; hosts?: Record<string, OriginAddress> };
// Installed before the bundle loads: the bundle stays byte-identical to what deploy uploads; only
// "DNS" differs (its STS endpoint leads to the local stand-in, and no other AWS host is reached).
if (hosts) globalThis.fetch = standInFetch(hosts, globalThis.fetch);
let handler: Handler;
try {
  const module = (await import(pathToFileURL(handlerPath).href)) as { handler?: unknown; default?: { handler?: unknown } };
  const found = module.handler ?? module.default?.handler;
  if (typeof found !== "function") throw new Error(`${handlerPath} does not export a function named handler`);
  handler = found as Handler;
} catch (error) {
  post({ type: "load-error", error: describe(error) });
  process.exit(1);
}
post({ type: "ready" });

function call(event: unknown, context: unknown): Promise<unknown> {
  // Callback-style handlers (three parameters) are supported as Lambda does.
  if (handler.length < 3) return Promise.resolve().then(() => handler(event, context));
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (error, value) => (error ? reject(error) : resolve(value)));
    if (returned instanceof Promise) returned.then(resolve, reject);
  });
}

port.on("message", async ({ id, event, env, deadline }: InvocationRequest) => {
  current = id;
  for (const name of CREDENTIAL_VARIABLES) delete process.env[name];
  Object.assign(process.env, env);
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    awsRequestId: id,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: true,
  };
  try {
    const result = await call(event, context);
    let json: string;
    try {
      // Lambda serializes the result to JSON; what does not survive that never reaches CloudFront.
      json = JSON.stringify(result === undefined ? null : result);
    } catch (error) {
      post({ type: "unserializable", id, error: describe(error) });
      return;
    }
    post({ type: "result", id, json });
  } catch (error) {
    post({ type: "error", id, error: describe(error) });
  } finally {
    current = null;
  }
});
