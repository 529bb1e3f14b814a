// Builds the Lambda@Edge bundle: dist/index.mjs (one self-contained ES module exporting
// `handler`) and dist/function.zip (that file at the zip root; handler setting index.handler).
//
//   node esbuild.config.mjs [--config edge-sigv4.config.json | --defaults] [--outdir dist] [--quiet]
//
// --defaults ignores every configuration file (the tests build this way, so that a user's
// edge-sigv4.config.json cannot change their results).
// The configuration file (optional; EDGE_SIGV4_CONFIG also names it) is validated with the
// same parser the function's types come from, and baked into the bundle: Lambda@Edge has no
// environment variables.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";
import { zipSync } from "fflate";

const root = dirname(fileURLToPath(import.meta.url));
const MAX_BUNDLE_BYTES = 40 * 1024;

const USAGE = "usage: npm run build -- [--config edge-sigv4.config.json | --defaults] [--outdir dist] [--quiet]";

/** A bad command line: one line saying what is wrong, the usage, exit 2 (no stack trace). */
function usageError(message) {
  console.error(`edge-sigv4 build: ${message}\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      config: { type: "string" },
      defaults: { type: "boolean" },
      outdir: { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  // Node's advice for an unknown option is about positional arguments, which the build takes none of.
  const unknown = error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && /'([^']+)'/.exec(error.message)?.[1];
  usageError(unknown ? `unknown option ${unknown}` : error.message);
}
if (values.help) {
  console.log(`${USAGE}

Builds dist/index.mjs and dist/function.zip from src/, with the configuration baked in.
  --config FILE   the configuration file (default: $EDGE_SIGV4_CONFIG, else edge-sigv4.config.json when present)
  --defaults      ignore every configuration file and build with the defaults
  --outdir DIR    where to write index.mjs and function.zip (default: dist)
  --quiet         print nothing when the build succeeds`);
  process.exit(0);
}
if (values.config === "") usageError("--config takes a file, such as edge-sigv4.config.json");
if (values.outdir === "") usageError("--outdir takes a directory, such as dist");
if (values.config !== undefined && values.defaults) usageError("--config and --defaults exclude each other: --defaults ignores every configuration file");
const outdir = resolve(values.outdir ?? join(root, "dist"));
const configPath = values.defaults
  ? undefined
  : (values.config ?? process.env.EDGE_SIGV4_CONFIG ?? (existsSync(join(root, "edge-sigv4.config.json")) ? join(root, "edge-sigv4.config.json") : undefined));

function fail(message) {
  console.error(`edge-sigv4 build: ${message}`);
  process.exit(1);
}

async function loadConfig() {
  // Bundle src/config.ts in memory and import it: one validator for the build and the types.
  const { outputFiles } = await esbuild.build({
    entryPoints: [join(root, "src/config.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
  });
  const { parseConfig, DEFAULT_CONFIG } = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString("base64")}`);
  if (!configPath) return { config: DEFAULT_CONFIG, defaults: DEFAULT_CONFIG, source: "defaults" };
  let raw;
  try {
    raw = JSON.parse(readFileSync(configPath, "utf8"));
  } catch (error) {
    fail(`cannot read configuration ${configPath}: ${error.message}`);
  }
  try {
    return { config: parseConfig(raw), defaults: DEFAULT_CONFIG, source: configPath };
  } catch (error) {
    fail(`invalid configuration ${configPath}: ${error.message}`);
  }
}

const { config, defaults, source } = await loadConfig();

// Every @smithy/signature-v4 signer builds a HeaderFormatter (with its uuid, base64 and Int64
// helpers) for event-stream signing, which HTTP request signing never calls: a stub that throws
// keeps about 2.5 KB of dead code out of the 40 KB budget, room for what is still to come. The
// build fails below if smithy stops importing it that way, rather than silently bundling it.
// (The rest of @smithy is bundled as published: no private method overridden, no module
// rewritten.)
// @smithy/core/serde's barrel runs code at load (a uuid generator, a blob adapter class built
// from base64 and UTF-8 helpers) that esbuild cannot drop; the signer uses none of it, and it
// costs every cold start. For the signer's imports the barrel is replaced by its re-exports
// alone, each from its own side-effect-free module. A name the signer needs from the barrel's own
// code fails the build with "No matching export", and the build fails below if the barrel is no
// longer imported that way: never silently.
const SERDE_NAMESPACE = "edge-sigv4-serde";
const serdeReexportsOnly = {
  name: "serde-reexports-only",
  setup(build) {
    build.onResolve({ filter: /^@smithy\/core\/serde$/ }, async (args) => {
      if (args.pluginData?.resolving || !/[\\/]@smithy[\\/]signature-v4[\\/]/.test(args.importer)) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { resolving: true } });
      return resolved.errors.length ? undefined : { path: resolved.path, namespace: SERDE_NAMESPACE };
    });
    build.onLoad({ filter: /.*/, namespace: SERDE_NAMESPACE }, (args) => {
      const barrel = readFileSync(args.path, "utf8");
      const reexports = barrel.match(/^export \{[^}]*\} from "[^"]+";$/gm) ?? [];
      const imported = new Map();
      const names = (list) =>
        list
          .split(",")
          .map((n) => n.trim())
          .filter(Boolean);
      for (const [, list, from] of barrel.matchAll(/^import \{([^}]*)\} from "(\.[^"]+)";$/gm)) {
        for (const name of names(list)) imported.set(name, from);
      }
      for (const [, list] of barrel.matchAll(/^export \{([^}]*)\};$/gm)) {
        for (const name of names(list)) if (imported.has(name)) reexports.push(`export { ${name} } from "${imported.get(name)}";`);
      }
      return { contents: reexports.join("\n"), resolveDir: dirname(args.path), loader: "js" };
    });
  },
};
const STUB_NAMESPACE = "edge-sigv4-stub";
const noEventStreamSigning = {
  name: "no-event-stream-signing",
  setup(build) {
    build.onResolve({ filter: /^\.\/HeaderFormatter(\.js)?$/ }, (args) =>
      /[\\/]@smithy[\\/]signature-v4[\\/]/.test(args.importer) ? { path: "HeaderFormatter", namespace: STUB_NAMESPACE } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: STUB_NAMESPACE }, () => ({
      contents: 'export class HeaderFormatter { format() { throw new Error("edge-sigv4 does not sign event streams"); } }',
      loader: "js",
    }));
  },
};

const result = await esbuild.build({
  entryPoints: [join(root, "src/index.ts")],
  outfile: join(outdir, "index.mjs"),
  bundle: true,
  minify: true,
  format: "esm",
  platform: "node",
  target: "node22",
  // The ES module builds of @smithy/*: about 14 KB minified, against about 140 KB from CommonJS.
  mainFields: ["module", "main"],
  legalComments: "none",
  // JSON text, parsed once at load: an object literal here would become a lazily initialized
  // module that every other module calls into (about 400 bytes of `init()` calls).
  define: { __EDGE_SIGV4_CONFIG__: JSON.stringify(JSON.stringify(config)) },
  metafile: true,
  logLevel: "warning",
  plugins: [noEventStreamSigning, serdeReexportsOnly],
});
const inputs = Object.keys(result.metafile.inputs);
if (!inputs.some((input) => input.startsWith(`${SERDE_NAMESPACE}:`))) {
  fail("@smithy/signature-v4 no longer imports @smithy/core/serde: update the serde-reexports-only plugin");
}
if (!inputs.some((input) => input.startsWith(`${STUB_NAMESPACE}:`))) {
  fail("@smithy/signature-v4 no longer imports ./HeaderFormatter: update the no-event-stream-signing plugin");
}

const bundlePath = join(outdir, "index.mjs");
const bundle = readFileSync(bundlePath);
// The budget is for the code: the operator's configuration, baked in as JSON, comes on top.
const configBytes = JSON.stringify(JSON.stringify(config)).length - JSON.stringify(JSON.stringify(defaults)).length;
if (bundle.length - configBytes > MAX_BUNDLE_BYTES) {
  fail(
    `dist/index.mjs is ${bundle.length} bytes (${configBytes} of them configuration), over the ${MAX_BUNDLE_BYTES} byte budget for code:\n${await esbuild.analyzeMetafile(result.metafile)}`,
  );
}

mkdirSync(outdir, { recursive: true });
// A fixed timestamp keeps the zip byte-identical for identical code.
const zip = zipSync({ "index.mjs": [bundle, { mtime: new Date("2020-01-01T00:00:00Z") }] }, { level: 9 });
writeFileSync(join(outdir, "function.zip"), zip);

if (!values.quiet) {
  console.error(`edge-sigv4 build: ${bundlePath} ${bundle.length} bytes, function.zip ${zip.length} bytes (config: ${source})`);
}
