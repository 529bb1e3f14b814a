// `npm start [-- options]`: the local edge from the command line.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureBundle } from "./bundle.mjs";
import { DEFAULT_PORT, startLocalEdge } from "./edge.mjs";

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
  --verbose, -v         print the canonical request the function signed and the origin's refusals
  --handler FILE        run this module's handler instead of dist/index.mjs
  --no-build            do not rebuild dist/index.mjs when src/ is newer (or missing)
  --help, -h            this text

With --origin, credentials come from the standard AWS chain (environment, profile, SSO, ...).`;

/** Parses the command line (and PORT) into startLocalEdge options plus { help, build }. */
export function parseCommandLine(argv, env = process.env) {
  const { values } = parseArgs({
    args: argv,
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
      build: { type: "boolean" },
      "no-build": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const portText = values.port ?? env.PORT ?? String(DEFAULT_PORT);
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new Error(`--port must be a number from 0 to 65535, not ${JSON.stringify(portText)}`);
  if (values.origin === undefined) {
    for (const name of ["service", "region", "origin-path"]) {
      if (values[name] !== undefined) throw new Error(`--${name} applies to --origin; the embedded origins are signed as s3 and lambda in us-east-1`);
    }
  }
  if (values.service !== undefined && !/^[a-z0-9-]+$/.test(values.service))
    throw new Error(`--service ${values.service}: a signing name such as s3, lambda, execute-api`);
  if (values.region !== undefined && !/^[a-z0-9-]+$/.test(values.region)) throw new Error(`--region ${values.region}: a region such as us-east-1`);
  return {
    help: values.help === true,
    build: values["no-build"] !== true,
    options: {
      port: Number(portText),
      host: values.host ?? "127.0.0.1",
      origin: values.origin,
      service: values.service,
      region: values.region,
      originPath: values["origin-path"],
      includeBody: values["no-include-body"] !== true,
      verbose: values.verbose === true,
      handlerPath: values.handler === undefined ? undefined : resolve(values.handler),
    },
  };
}

export async function main(argv = process.argv.slice(2)) {
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    console.error(`local edge: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  const { options } = parsed;
  let edge;
  try {
    if (options.handlerPath === undefined && parsed.build) {
      await ensureBundle({ mode: "stale", log: (line) => console.log(line) });
    }
    const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    edge = await startLocalEdge(defined);
  } catch (error) {
    if (error.code === "EADDRINUSE") {
      console.error(`local edge: port ${options.port} on ${options.host} is in use: choose another with --port N or PORT=N (0 picks a free one)`);
    } else {
      console.error(`local edge: ${error.message}`);
    }
    return 1;
  }
  await new Promise((resolveStop) => {
    const stop = () => resolveStop();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await edge.close();
  return 0;
}
