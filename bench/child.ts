// Runs in a fresh `node` process started by processes.ts and prints one JSON line.
//
//   node bench/child.ts cold <bundle>    import → end of the first GET invocation
//   node bench/child.ts cold-floor       import node:crypto → first SHA-256 + HMAC-SHA256
//   node bench/child.ts rss <bundle|->   the 1 MiB PUT case alone; peak RSS
//
// A .mjs bundle is loaded with import(), a .cjs one with require(), as the Lambda Node.js
// runtime loads an ES module handler and a CommonJS one. console.log (the function's log
// line) is silenced, as in the per-request measurement. Nothing this file imports loads
// node:crypto: the clock must start before anything the bundle needs is loaded.
import { BENCH_CREDENTIALS, cloneEvent, isSigned, makeGetEvent, makePut1mEvent } from "./events.ts";
import { loadHandler } from "./load-handler.ts";

const RSS_INVOCATIONS = 20;

const [mode, bundle = "-"] = process.argv.slice(2);
Object.assign(process.env, BENCH_CREDENTIALS);
console.log = () => {};
const report = (fields: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(fields)}\n`);
// Node lists the built-in modules it has loaded (undocumented, so untyped).
const cryptoLoaded = () => (process as unknown as { moduleLoadList: string[] }).moduleLoadList.includes("NativeModule crypto");

if (mode === "cold") {
  const event = makeGetEvent();
  const cryptoLoadedBeforeImport = cryptoLoaded();
  const start = performance.now();
  const handler = await loadHandler(bundle);
  const loaded = performance.now();
  const result = await handler(event);
  const end = performance.now();
  report({ importMs: loaded - start, firstInvocationMs: end - loaded, totalMs: end - start, signed: isSigned(result), cryptoLoadedBeforeImport });
} else if (mode === "cold-floor") {
  // What any signer pays in a fresh process: loading node:crypto and its first digests.
  const cryptoLoadedBeforeImport = cryptoLoaded();
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
    const handler = await loadHandler(bundle);
    for (let i = 0; i < RSS_INVOCATIONS; i++) signed = isSigned(await handler(cloneEvent(event))) && signed;
  }
  // resourceUsage().maxRSS is in kilobytes.
  report({ maxRssBytes: process.resourceUsage().maxRSS * 1024, invocations: bundle === "-" ? 0 : RSS_INVOCATIONS, signed: bundle === "-" ? null : signed });
} else {
  process.stderr.write(`bench child: unknown mode ${mode}\n`);
  process.exit(2);
}
