// Runs in a fresh `node` process started by scripts/bench.mjs and prints one JSON line.
//
//   node scripts/bench/child.mjs cold <bundle>   import → end of the first GET invocation
//   node scripts/bench/child.mjs cold-floor      import node:crypto → first SHA-256 + HMAC-SHA256
//   node scripts/bench/child.mjs rss <bundle|->  the 1 MiB PUT case alone; peak RSS
//
// A .mjs bundle is loaded with import(), a .cjs one with require() — as the Lambda Node.js
// runtime loads an ES module handler and a CommonJS one. console.log (the function's log
// line) is silenced, as in the per-request measurement.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { BENCH_CREDENTIALS, cloneEvent, isSigned, makeGetEvent, makePut1mEvent } from "./events.mjs";

const RSS_INVOCATIONS = 20;

const [mode, bundle] = process.argv.slice(2);
Object.assign(process.env, BENCH_CREDENTIALS);
console.log = () => {};
const load = (path) => (path.endsWith(".cjs") ? Promise.resolve(createRequire(import.meta.url)(path)) : import(pathToFileURL(path).href));
const handlerOf = (module) => module.handler ?? module.default?.handler;
const report = (fields) => process.stdout.write(`${JSON.stringify(fields)}\n`);

if (mode === "cold") {
  const event = makeGetEvent();
  // Nothing of the bundle's may be loaded before the clock starts (events.mjs imports nothing).
  const cryptoLoadedBeforeImport = process.moduleLoadList.includes("NativeModule crypto");
  const start = performance.now();
  const module = await load(bundle);
  const loaded = performance.now();
  const result = await handlerOf(module)(event);
  const end = performance.now();
  report({ importMs: loaded - start, firstInvocationMs: end - loaded, totalMs: end - start, signed: isSigned(result), cryptoLoadedBeforeImport });
} else if (mode === "cold-floor") {
  // What any signer pays in a fresh process: loading node:crypto and its first digests.
  const cryptoLoadedBeforeImport = process.moduleLoadList.includes("NativeModule crypto");
  const start = performance.now();
  const { createHash, createHmac } = await import("node:crypto");
  const loaded = performance.now();
  const hash = createHash("sha256").update("x".repeat(1400)).digest("hex");
  createHmac("sha256", "k".repeat(32)).update(`AWS4-HMAC-SHA256\n${hash}`).digest("hex");
  const end = performance.now();
  report({ importMs: loaded - start, firstInvocationMs: end - loaded, totalMs: end - start, signed: true, cryptoLoadedBeforeImport });
} else if (mode === "rss") {
  const event = makePut1mEvent();
  let signed = true;
  if (bundle !== "-") {
    const handler = handlerOf(await load(bundle));
    for (let i = 0; i < RSS_INVOCATIONS; i++) signed = isSigned(await handler(cloneEvent(event))) && signed;
  }
  // resourceUsage().maxRSS is in kilobytes.
  report({ maxRssBytes: process.resourceUsage().maxRSS * 1024, invocations: bundle === "-" ? 0 : RSS_INVOCATIONS, signed: bundle === "-" ? null : signed });
} else {
  process.stderr.write(`bench child: unknown mode ${mode}\n`);
  process.exit(2);
}
