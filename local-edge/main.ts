// `npm start`: parse the command line, make sure the bundle is there and current, start the
// edge, run until Ctrl-C. User errors are one line on stderr and a non-zero exit.
import { existsSync, readFileSync } from "node:fs";
import { bundlePath, ensureBundle, REPO_ROOT } from "./bundle.ts";
import { type CommandLine, parseCommandLine, USAGE } from "./command-line.ts";
import { type DemoAccess, demoAccess } from "./demo-access.ts";
import { type LocalEdge, startLocalEdge } from "./edge.ts";
import { trustedKeysFromOptions } from "./trusted-keys.ts";
import type { ViewerAccessSettings } from "./viewer-access.ts";

export interface MainIo {
  /** The repository whose dist/index.mjs runs (default: this checkout). */
  readonly root?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly out?: (line: string) => void;
  readonly err?: (line: string) => void;
  /** Resolves when the edge should stop (default: SIGINT or SIGTERM). */
  readonly stopped?: () => Promise<void>;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The module to run: --handler FILE, or dist/index.mjs built when needed. */
async function functionModule(command: CommandLine, root: string, env: MainIo["env"], out: (line: string) => void): Promise<string> {
  if (command.handlerPath !== undefined) {
    if (!existsSync(command.handlerPath)) throw new Error(`--handler ${command.handlerPath} does not exist`);
    return command.handlerPath;
  }
  if (command.config !== undefined && !existsSync(command.config)) throw new Error(`--config ${command.config} does not exist`);
  if (command.build) await ensureBundle({ root, env: env ?? process.env, config: command.config }, out);
  else if (!existsSync(bundlePath(root))) throw new Error("dist/index.mjs does not exist: run `npm run build` first (or drop --no-build)");
  return bundlePath(root);
}

/** --trusted-key and --protect; without them (and without --origin), the demo's protected path. */
function viewerAccess(command: CommandLine): { settings?: ViewerAccessSettings; demo?: DemoAccess } {
  if (command.trustedKeys.length > 0) {
    return { settings: { trustedKeys: trustedKeysFromOptions(command.trustedKeys, (path) => readFileSync(path, "utf8")), protect: command.protect } };
  }
  if (command.options.origin !== undefined) return {};
  const demo = demoAccess();
  return { settings: demo.settings, demo };
}

export async function main(argv: readonly string[], io: MainIo = {}): Promise<number> {
  const root = io.root ?? REPO_ROOT;
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  let command: CommandLine;
  try {
    command = parseCommandLine(argv, io.env ?? process.env);
  } catch (error) {
    err(`local edge: ${message(error)} (npm start -- --help lists the options)`);
    return 2;
  }
  if (command.help) {
    out(USAGE);
    return 0;
  }
  let access: ReturnType<typeof viewerAccess>;
  try {
    access = viewerAccess(command);
  } catch (error) {
    err(`local edge: ${message(error)}`);
    return 2;
  }
  let edge: LocalEdge;
  try {
    const handlerPath = await functionModule(command, root, io.env, out);
    edge = await startLocalEdge({ ...command.options, handlerPath, print: out, viewerAccess: access.settings });
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
      err(`local edge: port ${command.options.port} on ${command.options.host} is in use: choose another with --port N or PORT=N (0 picks a free one)`);
    } else {
      err(`local edge: ${message(error)}`);
    }
    return 1;
  }
  for (const line of access.demo?.lines(edge.url, Date.now() / 1000) ?? []) out(line);
  await (io.stopped ?? untilSignal)();
  await edge.close();
  return 0;
}
