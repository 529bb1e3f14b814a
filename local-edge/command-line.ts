// `npm start [-- options]`: the command line of the local edge.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { originFromUrl } from "./behaviors.ts";
import { DEFAULT_PORT, type LocalEdgeOptions } from "./edge.ts";

export const USAGE = `Usage: npm start [-- options]

A local CloudFront edge running the built function (dist/index.mjs) on origin requests.
Without --origin it fronts two embedded IAM-checking origins: /api/* a function-URL-style
echo (service lambda), everything else an S3-style bucket "demo" (service s3), path-style.

Options:
  --port N              port to listen on (default: $PORT or ${DEFAULT_PORT}; 0 picks a free port)
  --host ADDRESS        address to listen on (default 127.0.0.1)
  --origin URL          forward to this origin instead (http or https; any host)
  --service NAME        signing service for --origin (origin custom header x-sigv4-service)
  --region REGION       signing region for --origin (origin custom header x-sigv4-region)
  --origin-path PATH    the origin path (default: the path of --origin URL)
  --no-include-body     do not hand the body to the function ("Include body" off)
  --trusted-key PEM:ID  trust this public key (public_key.pem of npm run keys -- new) under this
                        key pair id: viewers then need a URL or cookies signed with its private
                        key (npm run sign-url -- ... --key-pair-id ID); repeatable
  --protect PATTERN     with --trusted-key: only paths matching this path pattern need one
                        (default: every path); repeatable
  --verbose, -v         print the canonical request the function signed and the origin's refusals
  --config FILE         build dist/index.mjs with this configuration (default: $EDGE_SIGV4_CONFIG,
                        else edge-sigv4.config.json when present, as npm run build does)
  --handler FILE        run this module's handler instead of dist/index.mjs
  --no-build            run dist/index.mjs as it is, even when built from other sources or configuration
  --help, -h            this text

Without --origin, --trusted-key and --protect, /demo/private/* needs a signed URL or cookies made
with a key pair generated for the run, and a signed URL for it is printed at start.
With --origin, credentials come from the standard AWS chain (environment, profile, SSO, ...).`;

export interface CommandLine {
  readonly help: boolean;
  /** Build dist/index.mjs when it is missing or stale (not with --handler or --no-build). */
  readonly build: boolean;
  /** --handler FILE, resolved; undefined = dist/index.mjs. */
  readonly handlerPath: string | undefined;
  /** --config FILE, resolved: the configuration dist/index.mjs is built with. */
  readonly config: string | undefined;
  /** --trusted-key values, as given (`public_key.pem:K2...`); read by trustedKeysFromOptions. */
  readonly trustedKeys: readonly string[];
  /** --protect path patterns, with a leading "/" (CloudFront's is optional). */
  readonly protect: readonly string[];
  readonly options: Omit<LocalEdgeOptions, "handlerPath">;
}

/** Parses the command line (and PORT). Throws an Error whose message is the one line to print. */
export function parseCommandLine(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CommandLine {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      origin: { type: "string" },
      service: { type: "string" },
      region: { type: "string" },
      "origin-path": { type: "string" },
      "include-body": { type: "boolean" },
      "no-include-body": { type: "boolean" },
      verbose: { type: "boolean", short: "v" },
      handler: { type: "string" },
      config: { type: "string" },
      build: { type: "boolean" },
      "no-build": { type: "boolean" },
      "trusted-key": { type: "string", multiple: true },
      protect: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  const portText = values.port ?? env.PORT ?? String(DEFAULT_PORT);
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new Error(`--port must be a number from 0 to 65535, not ${JSON.stringify(portText)}`);
  if (values.origin === undefined) {
    for (const name of ["service", "region", "origin-path"] as const) {
      if (values[name] !== undefined) throw new Error(`--${name} applies to --origin; the embedded origins are signed as s3 and lambda in us-east-1`);
    }
  }
  if (values.service !== undefined && !/^[a-z0-9-]+$/.test(values.service)) {
    throw new Error(`--service ${values.service}: a signing name such as s3, lambda, execute-api`);
  }
  if (values.region !== undefined && !/^[a-z0-9-]+$/.test(values.region)) throw new Error(`--region ${values.region}: a region such as us-east-1`);
  // A URL the edge cannot front is a usage error, found before anything starts.
  if (values.origin !== undefined) originFromUrl(values.origin, { service: values.service, region: values.region, originPath: values["origin-path"] });
  const handlerPath = values.handler === undefined ? undefined : resolve(values.handler);
  if (handlerPath !== undefined && values.config !== undefined) throw new Error("--config applies to dist/index.mjs, not to a --handler module");
  if (values.config !== undefined && values["no-build"]) throw new Error("--config builds dist/index.mjs; --no-build runs it as it is: choose one");
  const protect = (values.protect ?? []).map(pathPatternOption);
  if (protect.length > 0 && values["trusted-key"] === undefined) {
    throw new Error("--protect needs --trusted-key PUBLIC_KEY.pem:KEY_PAIR_ID, the key that signs for those paths (npm run keys -- new --out DIR makes one)");
  }
  return {
    help: values.help === true,
    build: values["no-build"] !== true && handlerPath === undefined,
    handlerPath,
    config: values.config === undefined ? undefined : resolve(values.config),
    trustedKeys: values["trusted-key"] ?? [],
    protect,
    options: {
      port: Number(portText),
      host: values.host ?? "127.0.0.1",
      origin: values.origin,
      service: values.service,
      region: values.region,
      originPath: values["origin-path"],
      includeBody: values["no-include-body"] !== true,
      verbose: values.verbose === true,
    },
  };
}

/** A `--protect` value as a path pattern: CloudFront's leading "/" is optional, so it is added. */
function pathPatternOption(pattern: string): string {
  if (pattern === "" || /\s/.test(pattern) || pattern.length > 255) {
    throw new Error(`--protect ${JSON.stringify(pattern)}: a path pattern such as '/demo/private/*' (* any characters, ? one; no spaces)`);
  }
  return pattern.startsWith("/") || pattern.startsWith("*") ? pattern : `/${pattern}`;
}
