// Runs `npm run sign-event` (sign-event/cli.ts) on the bundle under test in a clean AWS
// environment: no AWS_* variable from the machine, a HOME and AWS config/credentials files in a
// scratch directory (absent unless a test writes them), and instance metadata disabled so that
// the credential chain never leaves this machine.
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EVENTS_DIR } from "../events/catalog.ts";
import { REPO_ROOT, TEST_BUNDLE } from "../support/test-bundle.ts";

export interface Scratch {
  dir: string;
  /** Writes `text` to a file in the scratch directory; returns its path. */
  write: (name: string, text: string) => string;
  remove: () => void;
}

export function makeScratch(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), "edge-sigv4-sign-event-"));
  return {
    dir,
    write: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The environment of one run: the machine's, less every AWS_* variable, pointed at `scratch`. */
export function cleanEnvironment(scratch: Scratch, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  return {
    ...env,
    HOME: scratch.dir,
    AWS_CONFIG_FILE: join(scratch.dir, "aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch.dir, "aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    ...extra,
  };
}

export interface TestCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** Fresh random credentials, so that any occurrence of the secret in the output is a leak. */
export function randomCredentials(prefix = "ASIA"): TestCredentials {
  return {
    accessKeyId: `${prefix}${randomBytes(8).toString("hex").toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString("base64"),
    sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(300).toString("base64")}`,
  };
}

export const credentialVariables = (c: TestCredentials): Record<string, string> => ({
  AWS_ACCESS_KEY_ID: c.accessKeyId,
  AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
  AWS_SESSION_TOKEN: c.sessionToken,
});

export const eventPath = (relPath: string): string => join(EVENTS_DIR, relPath);
export const eventText = (relPath: string): string => readFileSync(eventPath(relPath), "utf8");

export function signEvent(args: readonly string[], env: NodeJS.ProcessEnv, input?: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(REPO_ROOT, "sign-event/cli.ts"), "--bundle", TEST_BUNDLE, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env,
    input,
    timeout: 30_000,
  });
}

/** The Credential=… field of the result's Authorization header (the signature itself is masked). */
export function credentialScope(stdout: string): string | undefined {
  const result = JSON.parse(stdout) as { headers?: Record<string, { value: string }[]> };
  const authorization = result.headers?.authorization?.[0]?.value;
  return authorization === undefined ? undefined : /Credential=([^,\s]+)/.exec(authorization)?.[1];
}
