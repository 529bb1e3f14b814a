// The build configuration the deploy builds with, and what the deploy needs from it: the roles
// the function assumes for cross-account origins (`origins["<domain>"].roleArn`, with its
// `externalId`). The deploy finds the file as the build would (--build-config, else
// EDGE_SIGV4_CONFIG, else edge-sigv4.config.json at the repository root) and hands the build that
// same file, so the roles it grants are those baked into the zip it uploads.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { externalIdProblem, roleArnProblem } from "../src/assume-role/parameters.ts";
import type { Options } from "./args.ts";
import { DeployError } from "./errors.ts";

/** A role the function assumes, and the origins (domain names) it assumes it for. */
export type OriginRole = { roleArn: string; externalId?: string; origins: string[] };

export const DEFAULT_CONFIG_FILE = "edge-sigv4.config.json";

/** The options with the build's configuration file made explicit (none without a build). */
export function withBuildConfigFile(options: Options, env: NodeJS.ProcessEnv, root: string): Options {
  if (!options.build || options.buildConfig !== undefined) return options;
  // The build runs in the repository root: a relative EDGE_SIGV4_CONFIG is relative to it.
  if (env.EDGE_SIGV4_CONFIG) return { ...options, buildConfig: resolve(root, env.EDGE_SIGV4_CONFIG) };
  const file = join(root, DEFAULT_CONFIG_FILE);
  return existsSync(file) ? { ...options, buildConfig: file } : options;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function readJson(file: string, read: (path: string) => string): unknown {
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DeployError(`build configuration ${file} does not exist: check --build-config (or EDGE_SIGV4_CONFIG)`);
    throw new DeployError(`cannot read the build configuration ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DeployError(
      `build configuration ${file} is not valid JSON (${(error as Error).message}): fix it; \`npm run build -- --config ${file}\` checks it`,
    );
  }
}

/**
 * The roles a build configuration's origins assume, one entry per role. Only `roleArn` and
 * `externalId` are read (the build checks the rest); a malformed one is one line with the fix.
 */
export function originRolesOf(config: unknown, file: string): OriginRole[] {
  const origins = isRecord(config) && isRecord(config.origins) ? config.origins : {};
  const roles = new Map<string, OriginRole & { without: string[] }>();
  for (const [domain, origin] of Object.entries(origins)) {
    if (!isRecord(origin) || origin.roleArn === undefined) continue;
    const where = `${file}: origins["${domain}"]`;
    const roleProblem = roleArnProblem(origin.roleArn);
    if (roleProblem) throw new DeployError(`${where}.roleArn ${roleProblem}`);
    if (origin.externalId !== undefined) {
      const idProblem = externalIdProblem(origin.externalId);
      if (idProblem) throw new DeployError(`${where}.externalId ${idProblem}`);
    }
    const roleArn = String(origin.roleArn);
    const externalId = origin.externalId === undefined ? undefined : String(origin.externalId);
    const role = roles.get(roleArn) ?? { roleArn, origins: [], without: [] };
    if (externalId === undefined) role.without.push(domain);
    else if (role.externalId !== undefined && role.externalId !== externalId) {
      throw new DeployError(
        `${where} assumes ${roleArn} with another externalId than origins["${role.origins[0]}"] does: give both the externalId that the role's trust policy requires`,
      );
    } else role.externalId = externalId;
    role.origins.push(domain);
    roles.set(roleArn, role);
  }
  return [...roles.values()].map(({ without, ...role }) => {
    if (role.externalId !== undefined && without.length > 0) {
      throw new DeployError(
        `${file}: origins["${without[0]}"] assumes ${role.roleArn} without the externalId other origins give it: its trust policy requires one of every caller; give it the same externalId`,
      );
    }
    return role;
  });
}

/** Reads the build configuration and returns the roles its origins assume. Throws DeployError with one line. */
export function readOriginRoles(file: string, read: (path: string) => string = (path) => readFileSync(path, "utf8")): OriginRole[] {
  return originRolesOf(readJson(file, read), file);
}
