// One Lambda execution environment: a worker thread that loads the function's module once and
// runs one invocation at a time, with the AWS_* variables of the invocation in its own
// process.env (never the edge's). Console output is sent to the edge, tagged with the invocation.

import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { parentPort, workerData } from "node:worker_threads";

let current = null;
for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
  console[level] = (...args) => parentPort.postMessage({ type: "log", id: current, level, line: format(...args) });
}

const CREDENTIAL_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

function describe(error) {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: typeof error, message: String(error) };
}

let handler;
try {
  const module = await import(pathToFileURL(workerData.handlerPath).href);
  handler = module.handler ?? module.default?.handler;
  if (typeof handler !== "function") throw new Error(`${workerData.handlerPath} does not export a function named handler`);
} catch (error) {
  parentPort.postMessage({ type: "load-error", error: describe(error) });
  process.exit(1);
}
parentPort.postMessage({ type: "ready" });

function call(event, context) {
  // Callback-style handlers (three parameters) are supported as Lambda does.
  if (handler.length < 3) return Promise.resolve().then(() => handler(event, context));
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (error, value) => (error ? reject(error) : resolve(value)));
    if (returned && typeof returned.then === "function") returned.then(resolve, reject);
  });
}

parentPort.on("message", async ({ id, event, env, deadline }) => {
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
    let json;
    try {
      // Lambda serializes the result to JSON; what does not survive that never reaches CloudFront.
      json = JSON.stringify(result === undefined ? null : result);
    } catch (error) {
      parentPort.postMessage({ type: "unserializable", id, error: describe(error) });
      return;
    }
    parentPort.postMessage({ type: "result", id, json });
  } catch (error) {
    parentPort.postMessage({ type: "error", id, error: describe(error) });
  } finally {
    current = null;
  }
});
